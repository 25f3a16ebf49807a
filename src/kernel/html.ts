/** Minimal, dependency-free HTML building: escaping and the shared page shell (no CDN). */
import { stylesheet } from './stylesheet.ts';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => entities[ch] ?? ch);
}

/** A tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const rendered = Array.isArray(value)
      ? value.map((item) => (item instanceof Html ? item.value : escapeHtml(item))).join('')
      : value instanceof Html
        ? value.value
        : escapeHtml(value);
    out += rendered + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

const scriptEscapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/**
 * A value as JSON for the inside of a `<script>` element (a `type="application/json"` data block a
 * page's script reads): `<`, `>` and `&` written as \u escapes, so no string can close the element or
 * open a comment, and the line separators escaped too. JSON.parse reads it back unchanged.
 */
export function scriptJson(value: unknown): Html {
  return new Html((JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (ch) => scriptEscapes[ch] ?? ch));
}

/** A date and time as the pages write it: "10 Jun 2026, 09:30 UTC". */
export const whenUtc = (date: Date): string =>
  `${date.toLocaleString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })} UTC`;

/** The same in a <time> element that carries the exact instant. */
export const timeTag = (date: Date): Html => html`<time datetime="${date.toISOString()}">${whenUtc(date)}</time>`;

/** A URL as a CSS string: only http(s), with quotes, backslashes and line breaks escaped. */
export function cssUrl(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  return `url("${url.replace(/[\\"\n\r\f]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `)}")`;
}

/**
 * What frames every page: its language, the platform's name and look, and a footer. Built by
 * platform/web/shell.ts from the reader and the workspace's brand; the kernel only writes it out.
 */
export interface PageShell {
  /** The page's language (a BCP 47 tag). */
  lang: string;
  /** The platform's name, in every title. */
  productName: string;
  /** The workspace's accent colours (validated `#rrggbb`), for light and dark mode; absent: ours. */
  accent?: { light: string; dark: string } | null;
  /** A header above the page (the platform's logo or name); trusted markup. */
  header?: Html;
  /** A footer below the page (the support contact, "times are in UTC"); trusted markup. */
  footer?: Html;
  /** The tab's icon (our own route, or the workspace's logo). */
  iconUrl?: string;
}

/**
 * `wide`: for pages built around a table (the demo platform), which would otherwise scroll sideways.
 * `extraStyles`: trusted CSS of the page's own (never built from input).
 * `refreshSeconds`: reload the page after this long (a page showing work in progress; it must say so and offer a way to stop).
 * A bare product name as `shell` is an English page with nothing around it (operators' pages).
 */
export function page(
  title: string,
  body: Html,
  shell: PageShell | string = 'Channelkeeper',
  options: { wide?: boolean; extraStyles?: string; refreshSeconds?: number } = {},
): string {
  const frame: PageShell = typeof shell === 'string' ? { lang: 'en', productName: shell } : shell;
  const refresh = options.refreshSeconds ? `<meta http-equiv="refresh" content="${Math.round(options.refreshSeconds)}">` : '';
  const accent =
    frame.accent && /^#[0-9a-f]{6}$/i.test(frame.accent.light) && /^#[0-9a-f]{6}$/i.test(frame.accent.dark)
      ? `:root{--accent:${frame.accent.light}}@media (prefers-color-scheme:dark){:root{--accent:${frame.accent.dark}}}`
      : '';
  return `<!doctype html>
<html lang="${escapeHtml(frame.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${refresh}
<title>${escapeHtml(title)} · ${escapeHtml(frame.productName)}</title><link rel="icon" href="${escapeHtml(frame.iconUrl ?? '/favicon.svg')}"><style>${stylesheet}${accent}${options.extraStyles ?? ''}</style></head>
<body>${frame.header?.value ?? ''}<main${options.wide ? ' class="wide"' : ''}>${body.value}</main>${frame.footer?.value ?? ''}</body></html>`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03-01" → "1 Mar" (fixed English: the server has no reader's locale). */
export function shortDate(date: string): string {
  const [, month, day] = /^\d{4}-(\d{2})-(\d{2})$/.exec(date) ?? [];
  return month && day ? `${Number(day)} ${MONTHS[Number(month) - 1] ?? month}` : date;
}
