/** Minimal, dependency-free HTML building: escaping and the shared page shell (no CDN). */
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

const styles = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#57606a;--bg:#fff;--card:#f6f8fa;--accent:#0b57d0;--bad:#b42318;--ok:#1a7f37;--warn:#9a6700}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#161b22;--accent:#4493f8;--bad:#f85149;--ok:#3fb950;--warn:#d29922}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:760px;margin:0 auto;padding:24px 16px}main.wide{max-width:1040px}h1{font-size:1.5rem;margin:.2em 0 .6em}
.card{background:var(--card);border-radius:10px;padding:16px 18px;margin:12px 0}
.muted{color:var(--muted)}.bad{color:var(--bad)}.ok{color:var(--ok)}.warn{color:var(--warn)}
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus{outline:3px solid var(--accent);outline-offset:2px}
.button,button{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:10px 18px;font:inherit;text-decoration:none;cursor:pointer}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid color-mix(in srgb,var(--muted) 30%,transparent);vertical-align:top}
input,select{font:inherit;padding:8px;border-radius:6px;border:1px solid var(--muted);background:var(--bg);color:var(--fg);width:100%}
label{display:block;margin:8px 0 4px}pre{white-space:pre-wrap;word-break:break-word}.scroll{overflow-x:auto}
fieldset{border:0;padding:0;margin:0 0 12px;min-width:0}legend{font-weight:600;padding:0;margin-bottom:4px}
.actions,.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:8px}.fields{grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 12px}button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
time,.nowrap{white-space:nowrap}input[type=checkbox]{width:1.25rem;height:1.25rem;flex:none}
@media (max-width:600px){table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.stack tr{display:block;padding:8px 0;border-bottom:1px solid color-mix(in srgb,var(--muted) 30%,transparent)}table.stack tr:last-child{border-bottom:0}
table.stack td{display:flex;gap:12px;border:0;padding:2px 0}table.stack td::before{content:attr(data-label);flex:0 0 7rem;color:var(--muted)}table.stack td>span{flex:1;min-width:0}}
`;

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
<title>${escapeHtml(title)} · ${escapeHtml(frame.productName)}</title><link rel="icon" href="${escapeHtml(frame.iconUrl ?? '/favicon.svg')}"><style>${styles}${accent}${options.extraStyles ?? ''}</style></head>
<body>${frame.header?.value ?? ''}<main${options.wide ? ' class="wide"' : ''}>${body.value}</main>${frame.footer?.value ?? ''}</body></html>`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03-01" → "1 Mar" (fixed English: the server has no reader's locale). */
export function shortDate(date: string): string {
  const [, month, day] = /^\d{4}-(\d{2})-(\d{2})$/.exec(date) ?? [];
  return month && day ? `${Number(day)} ${MONTHS[Number(month) - 1] ?? month}` : date;
}
