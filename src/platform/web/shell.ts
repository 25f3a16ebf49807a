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
.brandbar{max-width:760px;margin:0 auto;padding:16px 16px 0;display:flex;align-items:center;gap:10px;font-weight:600}
.brandbar img{max-height:32px;max-width:160px;object-fit:contain}
.brandbar.wide{max-width:1040px}
footer.shell{max-width:760px;margin:0 auto;padding:8px 16px 32px;color:var(--muted);font-size:.875rem}
footer.shell p{margin:4px 0}
`;

export function shellFor(viewer: Viewer, options: PageOptions = {}): PageShell {
  const words = shellMessages.for(viewer.locale);
  const brand = viewer.brand;
  const wide = options.wide ? ' wide' : '';
  const header = brand.logoPath
    ? html`<header class="brandbar${wide}"><img src="${brand.logoPath}" alt="${words.t('logoAlt', { product: brand.productName })}"></header>`
    : html`<header class="brandbar${wide}"><span>${brand.productName}</span></header>`;
  const lines: Html[] = [];
  if (brand.supportEmail) {
    lines.push(html`<p>${words.html('supportEmail', { contact: html`<a href="mailto:${brand.supportEmail}">${brand.supportEmail}</a>` })}</p>`);
  } else if (brand.supportUrl) {
    lines.push(html`<p>${words.html('supportUrl', { contact: html`<a href="${brand.supportUrl}" rel="noopener">${brand.supportUrl.replace(/^https?:\/\//, '')}</a>` })}</p>`);
  }
  if (viewer.formats.inUtc && !options.noTimes) lines.push(html`<p>${words.t('timesInUtc')}</p>`);
  return {
    lang: viewer.locale,
    productName: brand.productName,
    accent: brand.accent && brand.accentDark ? { light: brand.accent, dark: brand.accentDark } : null,
    header,
    footer: lines.length ? html`<footer class="shell">${lines}</footer>` : undefined,
    iconUrl: brand.logoPath ?? '/favicon.svg',
  };
}

/** A page for this viewer, in its language and its workspace's brand. */
export function pageFor(viewer: Viewer, title: string, body: Html, options: PageOptions = {}): string {
  return page(title, body, shellFor(viewer, options), { ...options, extraStyles: shellStyles + networkMarkStyles + (options.extraStyles ?? '') });
}
