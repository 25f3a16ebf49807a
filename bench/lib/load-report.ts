/**
 * The refresh-load simulation's outputs: spread figures (max/mean per day), a self-contained SVG chart
 * (stacked daily refreshes per provider, one panel per scenario; no scripts, no fonts, no CDN) and a
 * markdown table per scenario.
 */
import type { ProviderId } from '../../src/providers/profiles.ts';
import type { LoadSimResult, PerProvider, SimDay } from '../load-sim.ts';
import { populationKits } from './kits.ts';

/** The networks of the mixed population, in the service's order. */
export const PROVIDERS: readonly ProviderId[] = populationKits.map((kit) => kit.provider);
/** One colour per network, in that order: a palette (not brand colours, several of which are black) that tells stacked bars apart. */
const PALETTE = ['#c13584', '#1877f2', '#25a7a0', '#e02f2f', '#f0a202', '#6b4fbb', '#4d8f3a', '#8a6d3b'];
const COLORS: Record<string, string> = Object.fromEntries(PROVIDERS.map((p, i) => [p, PALETTE[i % PALETTE.length]!]));

const sum = (p: PerProvider) => Object.values(p).reduce((a, b) => a + b, 0);
export const dayTotal = (d: SimDay) => sum(d.refreshed);
export const notices = (d: SimDay) => sum(d.expired) + sum(d.reminded);

export interface Spread {
  mean: number;
  max: number;
  maxDay: number;
  min: number;
  /** max ÷ mean: 1 is perfectly flat. */
  ratio: number;
}

export function spread(values: number[]): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const max = Math.max(0, ...values);
  return { mean, max, maxDay: values.indexOf(max), min: Math.min(...values), ratio: mean > 0 ? max / mean : 0 };
}

/** Spread of the daily total and of each provider's daily refreshes. */
export function spreads(result: LoadSimResult): { total: Spread; byProvider: Record<string, Spread>; notices: Spread } {
  const byProvider = Object.fromEntries(PROVIDERS.map((p) => [p, spread(result.perDay.map((d) => d.refreshed[p] ?? 0))]));
  return { total: spread(result.perDay.map(dayTotal)), byProvider, notices: spread(result.perDay.map(notices)) };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function panel(result: LoadSimResult, top: number, width: number, height: number, title: string): string {
  const left = 56;
  const plotW = width - left - 16;
  const plotH = height - 56;
  const days = result.perDay;
  const s = spreads(result);
  const yMax = Math.max(1, ...days.map((d) => Math.max(dayTotal(d), notices(d))));
  const step = niceStep(yMax / 4);
  const yTop = Math.ceil(yMax / step) * step;
  const x = (day: number) => left + (day * plotW) / days.length;
  const y = (v: number) => top + 28 + plotH - (v * plotH) / yTop;
  const barW = Math.max(1, plotW / days.length - 1);
  const out: string[] = [];
  out.push(`<text x="${left}" y="${top + 16}" font-size="13" font-weight="bold">${esc(title)}</text>`);
  for (let v = 0; v <= yTop; v += step) {
    out.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" font-size="10" text-anchor="end">${v}</text>`);
  }
  for (const d of days) {
    let base = 0;
    for (const p of PROVIDERS) {
      const n = d.refreshed[p] ?? 0;
      if (n === 0) continue;
      out.push(
        `<rect x="${x(d.day).toFixed(1)}" y="${y(base + n).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + n)).toFixed(1)}" fill="${COLORS[p]}"><title>day ${d.day}: ${p} ${n}</title></rect>`,
      );
      base += n;
    }
  }
  const line = days.map((d) => `${(x(d.day) + barW / 2).toFixed(1)},${y(notices(d)).toFixed(1)}`).join(' ');
  out.push(`<polyline points="${line}" fill="none" stroke="#222" stroke-width="1.2"/>`);
  out.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(s.total.mean)}" y2="${y(s.total.mean)}" stroke="#555" stroke-dasharray="4 3"/>`);
  for (let day = 0; day <= days.length; day += 10) {
    out.push(`<text x="${x(day)}" y="${top + 28 + plotH + 14}" font-size="10" text-anchor="middle">${day}</text>`);
  }
  return out.join('\n');
}

function niceStep(raw: number): number {
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

export function loadChartSvg(results: LoadSimResult[]): string {
  const width = 960;
  const height = 300;
  const legendH = 40;
  const parts: string[] = [];
  results.forEach((r, i) => {
    const s = spreads(r);
    const title =
      `${r.scenario === 'steady' ? 'Steady state' : 'First sweep over imported connections'}: ${r.n.toLocaleString('en-US')} connections on ${r.db}, ` +
      `refreshes per day (mean ${s.total.mean.toFixed(0)}, max ${s.total.max} on day ${s.total.maxDay}, max/mean ${s.total.ratio.toFixed(2)})`;
    parts.push(panel(r, legendH + i * height, width, height, title));
  });
  const legend = PROVIDERS.map(
    (p, i) => `<rect x="${56 + i * 120}" y="12" width="12" height="12" fill="${COLORS[p]}"/><text x="${72 + i * 120}" y="22" font-size="12">${p}</text>`,
  );
  legend.push(
    `<line x1="${56 + 5 * 120}" x2="${80 + 5 * 120}" y1="18" y2="18" stroke="#222" stroke-width="1.2"/><text x="${86 + 5 * 120}" y="22" font-size="12">reminders + expiries</text>`,
  );
  legend.push(
    `<line x1="${56 + 5 * 120 + 150}" x2="${80 + 5 * 120 + 150}" y1="18" y2="18" stroke="#555" stroke-dasharray="4 3"/><text x="${86 + 5 * 120 + 150}" y="22" font-size="12">mean refreshes</text>`,
  );
  const total = legendH + results.length * height + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...legend,
    ...parts,
    `<text x="${width - 16}" y="${total - 6}" font-size="10" text-anchor="end" fill="#777">x: simulated day; generated by npm run bench:mixed</text>`,
    '</svg>',
    '',
  ].join('\n');
}

export function loadTableMarkdown(r: LoadSimResult): string {
  const header = ['day', ...PROVIDERS, 'total', 'expired (disconnected)', 'turned expiring', 'reminders'];
  const rows = r.perDay.map((d) => [d.day, ...PROVIDERS.map((p) => d.refreshed[p] ?? 0), dayTotal(d), sum(d.expired), sum(d.expiring), sum(d.reminded)]);
  const s = spreads(r);
  const statRow = (label: string, f: (x: Spread) => string) => [label, ...PROVIDERS.map((p) => f(s.byProvider[p]!)), f(s.total), '', '', ''];
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---:').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    `| ${statRow('mean', (x) => x.mean.toFixed(1)).join(' | ')} |`,
    `| ${statRow('max', (x) => String(x.max)).join(' | ')} |`,
    `| ${statRow('max/mean', (x) => (x.mean > 0 ? x.ratio.toFixed(2) : '–')).join(' | ')} |`,
  ].join('\n');
}
