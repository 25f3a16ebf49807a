/**
 * The frame of every transactional email's HTML part: the reader's language on <html>, the
 * platform's name at the top, its accent colour on the one button (readable with white text: it is
 * contrast-checked when set), and a closing line that says times are in UTC when the reader's zone
 * is unknown. No tracking; the one picture is the platform's logo, served by us, when it set one.
 */
import { type Html, html } from '../../kernel/html.ts';
import type { Viewer } from '../web/viewer.ts';

const DEFAULT_BUTTON = '#0b57d0';

/** The call to action: a link styled as a button, in the brand's colour. */
export function emailButton(viewer: { brand: Pick<Viewer['brand'], 'accent'> }, href: string, label: string): Html {
  const background = viewer.brand.accent ?? DEFAULT_BUTTON;
  return html`<p><a href="${href}" style="display:inline-block;background:${background};color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${label}</a></p>`;
}

/** The platform's logo (by absolute URL, with its name as the alternative text), else its name. */
function masthead(viewer: { brand: EmailBrand }): Html {
  const { logoUrl, productName } = viewer.brand;
  return logoUrl
    ? html`<p><img src="${logoUrl}" alt="${productName}" style="max-height:40px;max-width:200px"></p>`
    : html`<p style="font-weight:600;color:#57606a">${productName}</p>`;
}

/** A whole HTML email: `footnote` (small, muted) closes it, then `utcNote` when the times are in UTC. */
/** What of the brand an email shows: its name, its logo, its accent. */
export type EmailBrand = Pick<Viewer['brand'], 'productName' | 'logoUrl' | 'accent'>;

export function emailDocument(viewer: Pick<Viewer, 'locale' | 'formats'> & { brand: EmailBrand }, body: Html, options: { footnote?: Html; utcNote?: string } = {}): string {
  const utc = viewer.formats.inUtc && options.utcNote ? html`<p style="color:#57606a;font-size:13px">${options.utcNote}</p>` : html``;
  const footnote = options.footnote ? html`<p style="color:#57606a;font-size:14px">${options.footnote}</p>` : html``;
  return html`<!doctype html><html lang="${viewer.locale}"><head><meta charset="utf-8"><title>${viewer.brand.productName}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328">
${masthead(viewer)}
${body}
${footnote}${utc}</body></html>`.value;
}
