/**
 * Every creator- and brand-facing page in its frame: the reader's language on <html>, the platform's
 * name in the title and the header (its logo when it set one), its accent colour, and a footer with
 * its support contact and, when times are shown in UTC, a word saying so once.
 */
import { type Html, html, type PageShell, page } from '../../kernel/html.ts';
import { shellMessages } from './messages/index.ts';
import { networkMarkStyles } from './network-mark.ts';
import type { Viewer } from './viewer.ts';

export interface PageOptions {
  wide?: boolean;
  extraStyles?: string;
  refreshSeconds?: number;
  /** The page shows no time: the footer need not say they are in UTC. */
  noTimes?: boolean;
}

export const shellStyles = `
body{border-top:4px solid var(--accent)}
.brandbar{max-width:760px;margin:0 auto;padding:var(--space-4) var(--space-4) 0;display:flex;align-items:center;gap:10px;font-weight:600;font-size:var(--text-lg)}
.brandbar img{display:block;height:36px;width:auto;max-width:180px;object-fit:contain}
.brandbar span{min-width:0;overflow-wrap:anywhere}
.brandbar.wide,footer.shell.wide{max-width:1040px}
footer.shell{max-width:760px;margin:0 auto;padding:var(--space-2) var(--space-4) var(--space-6);color:var(--muted);font-size:var(--text-sm);border-top:1px solid var(--border)}
footer.shell p{margin:var(--space-1) 0}footer.shell a{overflow-wrap:anywhere}
`;

type Words = ReturnType<typeof shellMessages.for>;

/** The platform's logo when it set one (its name as the text alternative), else its name. */
function headerOf(brand: Viewer['brand'], words: Words, wide: string): Html {
  return brand.logoPath
    ? html`<header class="brandbar${wide}"><img src="${brand.logoPath}" alt="${words.t('logoAlt', { product: brand.productName })}"></header>`
    : html`<header class="brandbar${wide}"><span>${brand.productName}</span></header>`;
}

/** Where a creator with a question goes: the support email, the help page, or both. */
function supportLine(brand: Viewer['brand'], words: Words): Html | null {
  const email = brand.supportEmail ? html`<a href="mailto:${brand.supportEmail}">${brand.supportEmail}</a>` : null;
  const url = brand.supportUrl ? html`<a href="${brand.supportUrl}" rel="noopener">${brand.supportUrl.replace(/^https?:\/\//, '').replace(/\/$/, '')}</a>` : null;
  if (email && url) return html`<p>${words.html('supportBoth', { email, url })}</p>`;
  if (email) return html`<p>${words.html('supportEmail', { contact: email })}</p>`;
  if (url) return html`<p>${words.html('supportUrl', { contact: url })}</p>`;
  return null;
}

export function shellFor(viewer: Viewer, options: PageOptions = {}): PageShell {
  const words = shellMessages.for(viewer.locale);
  const brand = viewer.brand;
  const wide = options.wide ? ' wide' : '';
  const lines: Html[] = [];
  const support = supportLine(brand, words);
  if (support) lines.push(support);
  if (viewer.formats.inUtc && !options.noTimes) lines.push(html`<p>${words.t('timesInUtc')}</p>`);
  return {
    lang: viewer.locale,
    productName: brand.productName,
    accent: brand.accent && brand.accentDark ? { light: brand.accent, dark: brand.accentDark } : null,
    header: headerOf(brand, words, wide),
    footer: lines.length ? html`<footer class="shell${wide}">${lines}</footer>` : undefined,
    iconUrl: brand.logoPath ?? '/favicon.svg',
  };
}

/** A page for this viewer, in its language and its workspace's brand. */
export function pageFor(viewer: Viewer, title: string, body: Html, options: PageOptions = {}): string {
  return page(title, body, shellFor(viewer, options), { ...options, extraStyles: shellStyles + networkMarkStyles + (options.extraStyles ?? '') });
}
