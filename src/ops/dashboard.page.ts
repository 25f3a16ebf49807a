/**
 * The workspace dashboard: totals, the next 60 days as a chart (and as a table), where the
 * connections that are not active stand and why, and the latest failures, in the operator's
 * language and the workspace's brand. Reasons and failures are told in words (the network's own code
 * stays as a small reference); networks by name with their mark. A way back to the platform, and
 * "Check every channel now" ends on a banner saying what it found. Server-rendered, no script;
 * readable from a 390-pixel phone up.
 */

import { type Html, html } from '../kernel/html.ts';
import { networkMark } from '../platform/web/network-mark.ts';
import { pageFor } from '../platform/web/shell.ts';
import { statusBadge } from '../platform/web/status-badge.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { profileOf } from '../providers/profiles.ts';
import { forecastChart } from './forecast-chart.ts';
import { type OpsWords, opsMessages } from './messages/index.ts';
import type { FailureView, Stats } from './stats.ts';

/** What "Check every channel now" found, for the banner. */
export interface CheckOutcome {
  checked: number;
  disconnected: number;
  /** More channels were due than one press checks. */
  more: boolean;
}

export interface DashboardOptions {
  viewer: Viewer;
  workspaceName: string;
  /** Where "Reload" points (the page's own URL, without the banner). */
  selfUrl: string;
  /** The way back: the platform's page (from the link), or the demo. */
  back: { href: string; to: 'platform' | 'demo' } | null;
  /** Where "Check every channel now" posts, and the hidden fields it carries (the link's token). */
  check: { action: string; fields: Record<string, string> };
  banner: CheckOutcome | null;
}

const styles = `
main{max-width:880px}.tiles{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:10px;margin:12px 0}
.tile{background:var(--card);border-radius:10px;padding:10px 12px;overflow-wrap:break-word;hyphens:auto;min-width:0}.tile b{display:block;font-size:1.9rem;line-height:1.2}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:4px 0;font-size:.9rem}.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:6px;vertical-align:-1px}
.num{text-align:right;font-variant-numeric:tabular-nums}summary{cursor:pointer;padding:4px 0}summary:focus{outline:3px solid var(--accent);outline-offset:2px}
h2{font-size:1.2rem;margin:1.4em 0 .4em}.why::first-letter{text-transform:uppercase}
td .sub,th .sub{display:block;font-weight:normal;font-size:.85em;color:var(--muted)}
.banner{border-left:4px solid currentColor;scroll-margin-top:12px}.banner:focus{outline:3px solid var(--accent);outline-offset:2px}
.top{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;margin:8px 0}.check{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:12px 0}
@media (max-width:480px){main{padding:16px 10px}.card{padding:8px 8px}.tile{padding:8px;font-size:.85rem}.tile b{font-size:1.5rem}th,td{padding:5px 4px;font-size:.85rem}}
`;

/** The network by name with its mark ("Instagram"), never its id. */
function networkName(id: string): Html {
  const profile = profileOf(id);
  return profile ? html`${networkMark(profile.mark)} ${profile.displayName}` : html`${id}`;
}

/** The login by its network's name ("Facebook login"), never its id (`facebook_login`). */
function loginName(provider: string, words: OpsWords): Html {
  const profile = profileOf(provider);
  return html`${profile ? networkMark(profile.mark) : html``} ${words.t('dashboard.loginOf', { network: profile?.displayName ?? provider })}`;
}

export function dashboardPage(stats: Stats, options: DashboardOptions): string {
  const { viewer } = options;
  const words = opsMessages.for(viewer.locale);
  const { totals } = stats;
  const tile = (status: 'active' | 'expiring' | 'disconnected', tone: string) =>
    html`<div class="tile"><b class="${tone}">${viewer.formats.number(totals[status])}</b>${words.t('dashboard.tile', { status })}</div>`;
  const ahead = stats.forecast.reduce((sum, d) => ({ expirations: sum.expirations + d.expirations, reminders: sum.reminders + d.reminders }), { expirations: 0, reminders: 0 });
  const summary = words.html('dashboard.summary', { workspace: options.workspaceName, count: totals.total, time: viewer.formats.timeTag(new Date(stats.generatedAt)) });
  const body = html`${options.banner ? checkBanner(options.banner, words) : html``}<h1>${words.t('dashboard.heading')}</h1>
<div class="top">${backLink(options, words)}<p class="muted">${summary} · <a href="${options.selfUrl}">${words.t('dashboard.reload')}</a></p></div>
${checkForm(options, words)}
<section aria-label="${words.t('dashboard.totals')}"><div class="tiles">${tile('active', 'ok')}${tile('expiring', 'warn')}${tile('disconnected', 'bad')}</div></section>
<h2 id="next">${words.t('dashboard.nextHeading')}</h2>
<p class="muted">${words.t('dashboard.nextSummary', ahead)}</p>
<div class="legend" aria-hidden="true"><span><span class="swatch" style="background:var(--bad)"></span>${words.t('dashboard.legendExpirations')}</span><span><span class="swatch" style="background:var(--warn)"></span>${words.t('dashboard.legendReminders')}</span></div>
${forecastChart(stats.forecast, { id: 'forecast', label: words.t('dashboard.chartLabel'), words, formats: viewer.formats })}
<details><summary>${words.t('dashboard.tableSummary')}</summary>${forecastTable(stats, viewer, words)}</details>
<h2>${words.t('dashboard.byNetwork')}</h2>${statusTable(
    words.t('dashboard.network'),
    stats.byNetwork.map((n) => ({ name: networkName(n.network), ...n })),
    viewer,
    words,
  )}
<h2>${words.t('dashboard.byLogin')}</h2>${statusTable(
    words.t('dashboard.login'),
    stats.byProvider.map((p) => ({ name: loginName(p.provider, words), ...p })),
    viewer,
    words,
  )}
<h2>${words.t('dashboard.whyHeading')}</h2>${reasonTable(stats, viewer, words)}
<h2>${words.t('dashboard.failuresHeading')}</h2>${failureTable(stats, viewer, words)}`;
  return pageFor(viewer, words.t('dashboard.title', { workspace: options.workspaceName }), body, { extraStyles: styles });
}

/** The page a refused link shows: why, in the reader's words. */
export function dashboardRefusedPage(viewer: Viewer, why: 'invalid' | 'expired'): string {
  const words = opsMessages.for(viewer.locale);
  const title = words.t('dashboard.heading');
  return pageFor(viewer, title, html`<h1>${title}</h1><div class="card bad" role="alert">${words.t(`link.${why}`)}</div>`, { noTimes: true });
}

function backLink(options: DashboardOptions, words: OpsWords): Html {
  if (!options.back) return html``;
  if (options.back.to === 'demo') return html`<p><a href="${options.back.href}">← ${words.t('dashboard.backToDemo')}</a></p>`;
  // The platform by its brand when the workspace set one, else by the address the link goes to.
  const platform = options.viewer.brand.unbranded ? new URL(options.back.href).host : options.viewer.brand.productName;
  const label = words.t('dashboard.back', { product: platform });
  return html`<p><a href="${options.back.href}">← ${label}</a></p>`;
}

function checkForm(options: DashboardOptions, words: OpsWords): Html {
  const hidden = Object.entries(options.check.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`<form class="check" method="post" action="${options.check.action}">${hidden}<button type="submit" class="secondary">${words.t('check.button')}</button><span class="muted">${words.t('check.hint')}</span></form>`;
}

/** At the top of the page and focusable, so the reader (and a screen reader) lands on what happened. */
function checkBanner(outcome: CheckOutcome, words: OpsWords): Html {
  // On a line of its own: no language needs a space joining the two sentences then (Japanese has none).
  const found = outcome.checked > 0 ? html`<br>${words.t('check.found', { disconnected: outcome.disconnected })}` : html``;
  const more = outcome.more ? html`<br>${words.t('check.more')}` : html``;
  const tone = outcome.disconnected > 0 ? 'warn' : 'ok';
  return html`<div id="banner" class="card banner ${tone}" role="status" tabindex="-1">${words.t('check.done', { checked: outcome.checked })}${found}${more}</div>`;
}

function forecastTable(stats: Stats, viewer: Viewer, words: OpsWords): Html {
  const n = viewer.formats.number;
  const rows = stats.forecast.map(
    (d) =>
      html`<tr><th scope="row"><time datetime="${d.date}">${viewer.formats.dayMonth(d.date)}</time></th><td class="num">${n(d.expirations)}</td><td class="num">${n(d.reminders)}</td><td class="num">${n(d.refreshes)}</td></tr>`,
  );
  return html`<div class="scroll"><table><caption class="muted" style="text-align:left">${words.t('dashboard.tableCaption')}</caption><thead><tr><th scope="col">${words.t('dashboard.day')}</th><th scope="col" class="num">${words.t('dashboard.expirations')}</th><th scope="col" class="num">${words.t('dashboard.reminders')}</th><th scope="col" class="num">${words.t('dashboard.refreshes')}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function statusTable(label: string, rows: { name: Html; active: number; expiring: number; disconnected: number }[], viewer: Viewer, words: OpsWords): Html {
  if (rows.length === 0) return html`<p class="muted">${words.t('dashboard.noConnections')}</p>`;
  const n = viewer.formats.number;
  const body = rows.map(
    (r) => html`<tr><th scope="row">${r.name}</th><td class="num">${n(r.active)}</td><td class="num">${n(r.expiring)}</td><td class="num">${n(r.disconnected)}</td></tr>`,
  );
  const head = (status: 'active' | 'expiring' | 'disconnected') => html`<th scope="col" class="num">${words.t('dashboard.tile', { status })}</th>`;
  return html`<div class="card scroll"><table><thead><tr><th scope="col">${label}</th>${head('active')}${head('expiring')}${head('disconnected')}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function reasonTable(stats: Stats, viewer: Viewer, words: OpsWords): Html {
  if (stats.byReason.length === 0) return html`<p class="muted">${words.t('dashboard.everyActive')}</p>`;
  const body = stats.byReason.map(
    (r) =>
      html`<tr><td>${statusBadge(r.status === 'disconnected' ? 'disconnected' : 'expiring', words.t('dashboard.tile', { status: r.status }))}</td><td class="why">${words.t('reason', { reason: r.reason ?? 'none' })}</td><td>${networkName(r.network)}</td><td class="num">${viewer.formats.number(r.count)}</td></tr>`,
  );
  return html`<div class="card scroll"><table><thead><tr><th scope="col">${words.t('dashboard.status')}</th><th scope="col">${words.t('dashboard.reason')}</th><th scope="col">${words.t('dashboard.network')}</th><th scope="col" class="num">${words.t('dashboard.count')}</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

/** "Disconnected — the creator changed their password", "A renewal failed … — the network did not answer in time". */
function failureInWords(f: FailureView, words: OpsWords): string {
  if (f.type === 'disconnected') return words.t('failure.disconnected', { why: words.t('reason', { reason: f.reason ?? 'none' }) });
  const why = f.reason ? words.t('reason', { reason: f.reason }) : words.t('kind', { kind: f.kind ?? 'none' });
  return words.t(f.type === 'expiring' ? 'failure.expiring' : 'failure.retry', { why });
}

function failureTable(stats: Stats, viewer: Viewer, words: OpsWords): Html {
  if (stats.recentFailures.length === 0) return html`<p class="muted">${words.t('dashboard.noFailures')}</p>`;
  // Two columns, so the table reads on a phone without scrolling sideways.
  const body = stats.recentFailures.map((f) => {
    const code = f.providerCode ? html`<span class="sub">${words.t('dashboard.networkCode', { code: f.providerCode })}</span>` : html``;
    const who = f.username ? `@${f.username}` : f.connectionId;
    return html`<tr><td><span class="sub">${viewer.formats.timeTag(new Date(f.occurredAt))}</span>${who}<span class="sub">${networkName(f.network)} · ${words.t('dashboard.creator', { creator: f.creatorId })}</span></td><td>${failureInWords(f, words)}${code}</td></tr>`;
  });
  return html`<div class="card scroll"><table><thead><tr><th scope="col">${words.t('dashboard.whenAndWhich')}</th><th scope="col">${words.t('dashboard.whatHappened')}</th></tr></thead><tbody>${body}</tbody></table></div>`;
}
