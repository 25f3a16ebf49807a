/**
 * A network's mark, inline SVG from the simple-icons package (CC0; the marks remain their owners'
 * trademarks, used here to name the network, as their brand guides allow). Drawn in the brand's colour;
 * a mark too dark to see on the dark background (TikTok's and Threads' black) is drawn in the text
 * colour there. Decorative: the network's name is always written beside it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { contrastRatio, DARK_BACKGROUND } from '../../kernel/colour.ts';
import { type Html, html } from '../../kernel/html.ts';

export interface NetworkMark {
  slug: string;
  hex: string;
}

const require = createRequire(import.meta.url);
const paths = new Map<string, string | null>();

/** The mark's SVG path data, read once from the package; null when the package has no such icon. */
function pathOf(slug: string): string | null {
  if (!paths.has(slug)) {
    let path: string | null = null;
    if (/^[a-z0-9]+$/.test(slug)) {
      try {
        const svg = readFileSync(require.resolve(`simple-icons/icons/${slug}.svg`), 'utf8');
        path = /<path d="([^"]+)"/.exec(svg)?.[1] ?? null;
      } catch {
        path = null;
      }
    }
    paths.set(slug, path);
  }
  return paths.get(slug) ?? null;
}

export const networkMarkStyles = `
.mark{display:inline-block;width:1.25em;height:1.25em;vertical-align:-.25em;flex:none;fill:var(--mark)}
@media (prefers-color-scheme:dark){.mark.dim{fill:var(--fg)}}
`;

/** The mark at `size` (CSS length; default 1.25em, the height of a line of text). */
export function networkMark(mark: NetworkMark, size?: string): Html {
  const path = pathOf(mark.slug);
  if (!path || !/^#[0-9a-f]{6}$/i.test(mark.hex)) return html``;
  const dim = contrastRatio(mark.hex, DARK_BACKGROUND) < 3 ? ' dim' : '';
  const style = `--mark:${mark.hex}${size ? `;width:${size};height:${size}` : ''}`;
  return html`<svg class="mark${dim}" viewBox="0 0 24 24" aria-hidden="true" focusable="false" style="${style}"><path d="${path}"/></svg>`;
}
