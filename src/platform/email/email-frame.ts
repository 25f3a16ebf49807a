/**
 * The frame of every transactional email's HTML part: the reader's language on <html>, the
 * platform's name at the top, its accent colour on the one button (readable with white text: it is
 * contrast-checked when set), and a closing line that says times are in UTC when the reader's zone
 * is unknown. No images, no tracking.
 */
import { type Html, html } from '../../kernel/html.ts';
import type { Viewer } from '../web/viewer.ts';

const DEFAULT_BUTTON = '#0b57d0';

/** The call to action: a link styled as a button, in the brand's colour. */
export function emailButton(viewer: Pick<Viewer, 'brand'>, href: string, label: string): Html {
  const background = viewer.brand.accent ?? DEFAULT_BUTTON;
  return html`<p><a href="${href}" style="display:inline-block;background:${background};color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${label}</a></p>`;
}

/** A whole HTML email: `footnote` (small, muted) closes it, then `utcNote` when the times are in UTC. */
export function emailDocument(viewer: Pick<Viewer, 'locale' | 'brand' | 'formats'>, body: Html, options: { footnote?: Html; utcNote?: string } = {}): string {
  const utc = viewer.formats.inUtc && options.utcNote ? html`<p style="color:#57606a;font-size:13px">${options.utcNote}</p>` : html``;
  const footnote = options.footnote ? html`<p style="color:#57606a;font-size:14px">${options.footnote}</p>` : html``;
  return html`<!doctype html><html lang="${viewer.locale}"><head><meta charset="utf-8"><title>${viewer.brand.productName}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328">
<p style="font-weight:600;color:#57606a">${viewer.brand.productName}</p>
${body}
${footnote}${utc}</body></html>`.value;
}
