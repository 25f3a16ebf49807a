/**
 * The workspace dashboard: totals, the next 60 days as a chart (and as a table), where the
 * connections that are not active stand and why, and the latest failures. Server-rendered, no
 * script; readable from a 390-pixel phone up.
 */

import { type Html, html, page, shortDate } from '../kernel/html.ts';
import { forecastChart } from './forecast-chart.ts';
import type { Stats } from './stats.ts';

export interface DashboardOptions {
  workspaceName: string;
  productName: string;
  /** The network's name for people, by network or provider id. */
  displayName(id: string): string;
  /** Where "Reload" points (the page's own URL). */
  selfUrl: string;
}

const styles = `
main{max-width:880px}.tiles{display:grid;grid-template-columns:repeat(3,1fr);gap:10px;margin:12px 0}
.tile{background:var(--card);border-radius:10px;padding:10px 12px}.tile b{display:block;font-size:1.9rem;line-height:1.2}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:4px 0;font-size:.9rem}.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:6px;vertical-align:-1px}
.num{text-align:right;font-variant-numeric:tabular-nums}summary{cursor:pointer;padding:4px 0}summary:focus{outline:3px solid var(--accent);outline-offset:2px}
td code{font-size:.85em;word-break:break-all}h2{font-size:1.2rem;margin:1.4em 0 .4em}
td .sub,th .sub{display:block;font-weight:normal;font-size:.85em;color:var(--muted)}
@media (max-width:480px){main{padding:16px 10px}.card{padding:8px 8px}.tile b{font-size:1.5rem}th,td{padding:5px 4px;font-size:.85rem}}
`;

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

export function dashboardPage(stats: Stats, options: DashboardOptions): string {
  const { totals } = stats;
  const tile = (label: string, value: number, tone: string) => html`<div class="tile"><b class="${tone}">${value}</b>${label}</div>`;
  const ahead = stats.forecast.reduce((sum, d) => ({ expirations: sum.expirations + d.expirations, reminders: sum.reminders + d.reminders }), { expirations: 0, reminders: 0 });
  const body = html`<h1>Channels</h1>
<p class="muted">${options.workspaceName} · ${totals.total} connections · as of ${when(stats.generatedAt)} UTC · <a href="${options.selfUrl}">Reload</a></p>
<section aria-label="Totals"><div class="tiles">${tile('active', totals.active, 'ok')}${tile('expiring', totals.expiring, 'warn')}${tile('disconnected', totals.disconnected, 'bad')}</div></section>
<h2 id="next">Next 60 days</h2>
<p class="muted">${ahead.expirations} connections are expected to expire (nothing scheduled can extend them) and ${ahead.reminders} reconnect reminders are due.</p>
<div class="legend" aria-hidden="true"><span><span class="swatch" style="background:var(--bad)"></span>Expirations</span><span><span class="swatch" style="background:var(--warn)"></span>Reconnect reminders</span></div>
${forecastChart(stats.forecast, { id: 'forecast', label: 'Expected expirations and reconnect reminders per day, next 60 days' })}
<details><summary>The next 60 days as a table (with scheduled refreshes)</summary>${forecastTable(stats)}</details>
<h2>By network</h2>${statusTable(
    'Network',
    stats.byNetwork.map((n) => ({ name: options.displayName(n.network), ...n })),
  )}
<h2>By login</h2>${statusTable(
    'Login',
    stats.byProvider.map((p) => ({ name: html`${options.displayName(p.provider)}<span class="sub">${p.login}</span>`, ...p })),
  )}
<h2>Why connections are not active</h2>${reasonTable(stats, options)}
<h2>Latest failures</h2>${failureTable(stats, options)}`;
  return page(`Dashboard · ${options.workspaceName}`, body, options.productName, { extraStyles: styles });
}

function forecastTable(stats: Stats): Html {
  const rows = stats.forecast.map(
    (d) =>
      html`<tr><th scope="row"><time datetime="${d.date}">${shortDate(d.date)}</time></th><td class="num">${d.expirations}</td><td class="num">${d.reminders}</td><td class="num">${d.refreshes}</td></tr>`,
  );
  return html`<div class="scroll"><table><caption class="muted" style="text-align:left">Days in UTC. Reminders are due from that day; the daily run sends them.</caption><thead><tr><th scope="col">Day</th><th scope="col" class="num">Expirations</th><th scope="col" class="num">Reminders</th><th scope="col" class="num">Refreshes</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function statusTable(label: string, rows: { name: string | Html; active: number; expiring: number; disconnected: number }[]): Html {
  if (rows.length === 0) return html`<p class="muted">No connections yet.</p>`;
  const body = rows.map(
    (r) => html`<tr><th scope="row">${r.name}</th><td class="num">${r.active}</td><td class="num">${r.expiring}</td><td class="num">${r.disconnected}</td></tr>`,
  );
  return html`<div class="card scroll"><table><thead><tr><th scope="col">${label}</th><th scope="col" class="num">Active</th><th scope="col" class="num">Expiring</th><th scope="col" class="num">Disconnected</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

function reasonTable(stats: Stats, options: DashboardOptions): Html {
  if (stats.byReason.length === 0) return html`<p class="muted">Every connection is active.</p>`;
  const body = stats.byReason.map(
    (r) =>
      html`<tr><td class="${r.status === 'disconnected' ? 'bad' : 'warn'}">${r.status}</td><td><code>${r.reason ?? '—'}</code></td><td>${options.displayName(r.network)}</td><td class="num">${r.count}</td></tr>`,
  );
  return html`<div class="card scroll"><table><thead><tr><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Network</th><th scope="col" class="num">Count</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

function failureTable(stats: Stats, options: DashboardOptions): Html {
  if (stats.recentFailures.length === 0) return html`<p class="muted">No failures recorded.</p>`;
  // Two columns, so the table reads on a phone without scrolling sideways.
  const body = stats.recentFailures.map((f) => {
    const what =
      f.type === 'disconnected' ? `Disconnected: ${f.reason ?? 'no reason given'}` : f.type === 'expiring' ? 'Refresh failed near the end; expiring' : 'Refresh failed; will retry';
    const code = [f.kind, f.providerCode].filter(Boolean).join(' · ');
    return html`<tr><td><span class="sub">${when(f.occurredAt)} UTC</span>${f.username ? `@${f.username}` : f.connectionId}<span class="sub">${options.displayName(f.provider)} · creator ${f.creatorId}</span></td><td>${what}${code ? html`<span class="sub"><code>${code}</code></span>` : html``}</td></tr>`;
  });
  return html`<div class="card scroll"><table><thead><tr><th scope="col">When and which account</th><th scope="col">What happened</th></tr></thead><tbody>${body}</tbody></table></div>`;
}
