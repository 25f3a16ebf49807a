/**
 * The one stylesheet every page starts from: design tokens as CSS variables (a type scale, a spacing
 * scale, colours for light and dark mode, radii, the focus ring), then the shared components built on
 * them. Pages add their own layout in `extraStyles` and should use the tokens rather than new numbers.
 *
 * The class names here are a contract pages rely on: `.card`, `.muted`, `.bad`, `.ok`, `.warn`,
 * `.button` (and `.secondary`), `table.stack`, `.fields`, `.actions`, `.scroll`, `.nowrap`, `.sr`,
 * `.status.connected|expiring|disconnected` (drawn with its icon by platform/web/status-badge.ts).
 * Colours keep WCAG AA (4.5:1) for text on `--bg` and `--card` in both modes. Buttons carry `--on-accent`:
 * white on the light-mode accent, the dark background on the lighter dark-mode one. The accent is the
 * workspace's when it set one (checked the same way), placed after this sheet by the page shell.
 */

const tokens = `
:root{color-scheme:light dark;
--text-xs:.8125rem;--text-sm:.875rem;--text-base:1rem;--text-lg:1.125rem;--text-xl:1.5rem;--text-2xl:1.875rem;
--leading:1.5;--leading-tight:1.25;
--space-1:4px;--space-2:8px;--space-3:12px;--space-4:16px;--space-5:24px;--space-6:32px;--space-7:48px;
--radius-sm:6px;--radius:10px;--radius-pill:999px;
--fg:#1f2328;--muted:#57606a;--bg:#ffffff;--card:#f6f8fa;--border:#d0d7de;
--accent:#0b57d0;--on-accent:#ffffff;--bad:#b42318;--ok:#1a7f37;--warn:#9a6700;
--focus-ring:3px solid var(--accent);--focus-offset:2px;--touch:44px}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#161b22;--border:#3d444d;
--accent:#4493f8;--on-accent:#0d1117;--bad:#f85149;--ok:#3fb950;--warn:#d29922}}
`;

const base = `
*{box-sizing:border-box}
body{margin:0;font:var(--text-base)/var(--leading) system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:760px;margin:0 auto;padding:var(--space-5) var(--space-4)}main.wide{max-width:1040px}
h1{font-size:var(--text-xl);line-height:var(--leading-tight);margin:.2em 0 .6em}h2{font-size:1.25rem;line-height:var(--leading-tight)}h3{font-size:var(--text-lg)}
a{color:var(--accent)}
:focus-visible{outline:var(--focus-ring);outline-offset:var(--focus-offset)}
a:focus,button:focus,input:focus,select:focus,summary:focus{outline:var(--focus-ring);outline-offset:var(--focus-offset)}
a:focus:not(:focus-visible),button:focus:not(:focus-visible){outline:none}
pre{white-space:pre-wrap;word-break:break-word}.scroll{overflow-x:auto}time,.nowrap{white-space:nowrap}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

const components = `
.card{background:var(--card);border-radius:var(--radius);padding:var(--space-4) 18px;margin:var(--space-3) 0}
.muted{color:var(--muted)}.bad{color:var(--bad)}.ok{color:var(--ok)}.warn{color:var(--warn)}
.button,button{display:inline-block;background:var(--accent);color:var(--on-accent);border:0;border-radius:var(--radius-sm);padding:10px 18px;min-height:var(--touch);font:inherit;text-decoration:none;cursor:pointer}
.button.secondary,button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px var(--space-2);border-bottom:1px solid color-mix(in srgb,var(--muted) 30%,transparent);vertical-align:top}
input,select{font:inherit;padding:var(--space-2);border-radius:var(--radius-sm);border:1px solid var(--muted);background:var(--bg);color:var(--fg);width:100%}
label{display:block;margin:var(--space-2) 0 var(--space-1)}
fieldset{border:0;padding:0;margin:0 0 var(--space-3);min-width:0}legend{font-weight:600;padding:0;margin-bottom:var(--space-1)}
.actions,.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:var(--space-2)}.fields{grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 var(--space-3)}
input[type=checkbox]{width:1.25rem;height:1.25rem;flex:none}
.status{display:inline-flex;align-items:center;gap:var(--space-1);border-radius:var(--radius-pill);padding:1px 10px 1px 7px;font-size:var(--text-sm);font-weight:600;line-height:var(--leading);border:1px solid currentColor;white-space:nowrap}
.status svg{width:1em;height:1em;flex:none}
.status.connected{color:var(--ok)}.status.expiring{color:var(--warn)}.status.disconnected{color:var(--bad)}
@media (max-width:600px){table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.stack tr{display:block;padding:var(--space-2) 0;border-bottom:1px solid color-mix(in srgb,var(--muted) 30%,transparent)}table.stack tr:last-child{border-bottom:0}
table.stack td{display:flex;gap:var(--space-3);border:0;padding:2px 0}table.stack td::before{content:attr(data-label);flex:0 0 7rem;color:var(--muted)}table.stack td>span{flex:1;min-width:0}}
`;

/** Every page's stylesheet: tokens, base elements, shared components. */
export const stylesheet = tokens + base + components;
