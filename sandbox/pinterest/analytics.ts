/**
 * Analytics of the simulated Pinterest: `GET /v5/pins/{pin_id}/analytics` and `GET /v5/user_account/analytics`
 * (https://developers.pinterest.com/docs/analytics-and-reports/organic-reporting/, docs/networks.md#pinterest).
 * Figures are derived from a hash of (id, date, metric), so the same question always gets the same answer
 * without storing anything.
 *
 * Rules: start_date and end_date are YYYY-MM-DD, start ≤ end, start no more than `maxDaysBack` days before
 * today (UTC; Pinterest's exact time zone is unverified, Postiz uses 89 days to be safe), end no later than
 * today. Days before the pin was created answer `BEFORE_PIN_CREATED` with no metrics; today and yesterday
 * answer `PROCESSING`.
 *
 * Lifetime figures sum every day since the pin was made, so they grow with the pin's age on the sandbox
 * clock. The control API can pin exact figures (`PinFigures`): the summary and lifetime metrics then answer
 * them as set, and `status: 'PROCESSING'` marks every day as still processing (a pin whose figures are not
 * ready yet).
 */
import { invalidParameters, type PinterestError } from './errors.ts';

export const PIN_METRICS = [
  'IMPRESSION',
  'OUTBOUND_CLICK',
  'PIN_CLICK',
  'SAVE',
  'SAVE_RATE',
  'TOTAL_COMMENTS',
  'TOTAL_REACTIONS',
  'USER_FOLLOW',
  'PROFILE_VISIT',
  'VIDEO_MRC_VIEW',
  'VIDEO_START',
  'VIDEO_AVG_WATCH_TIME',
  'VIDEO_V50_WATCH_TIME',
  'VIDEO_10S_VIEW',
  'QUARTILE_95_PERCENT_VIEW',
] as const;
export const ACCOUNT_METRICS = ['IMPRESSION', 'PIN_CLICK', 'PIN_CLICK_RATE', 'ENGAGEMENT', 'ENGAGEMENT_RATE', 'OUTBOUND_CLICK', 'SAVE', 'SAVE_RATE'] as const;
const APP_TYPES = ['ALL', 'MOBILE', 'TABLET', 'WEB'];
const SPLIT_FIELDS = ['NO_SPLIT', 'APP_TYPE'];
const DAY_MS = 86_400_000;

type Query = Record<string, string | undefined>;

export interface AnalyticsRequest {
  startMs: number;
  endMs: number;
  metrics: string[];
}

function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function parseDate(value: string | undefined): number | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Validates the query of an analytics call; `allowed` is the endpoint's metric list. */
export function parseAnalyticsQuery(q: Query, nowMs: number, maxDaysBack: number, allowed: readonly string[], metricsRequired: boolean): AnalyticsRequest | PinterestError {
  const startMs = parseDate(q.start_date);
  const endMs = parseDate(q.end_date);
  if (startMs === undefined) return invalidParameters('start_date is required, as YYYY-MM-DD');
  if (endMs === undefined) return invalidParameters('end_date is required, as YYYY-MM-DD');
  const today = dayStart(nowMs);
  if (startMs > endMs) return invalidParameters('start_date must be before or equal to end_date');
  if (startMs < today - maxDaysBack * DAY_MS) return invalidParameters(`start_date cannot be more than ${maxDaysBack} days ago`);
  if (endMs > today) return invalidParameters('end_date cannot be in the future');
  if (q.app_types !== undefined && !APP_TYPES.includes(q.app_types)) return invalidParameters(`app_types must be one of ${APP_TYPES.join(', ')}`);
  if (q.split_field !== undefined && !SPLIT_FIELDS.includes(q.split_field)) return invalidParameters(`split_field must be one of ${SPLIT_FIELDS.join(', ')}`);
  const metrics = (q.metric_types ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  if (metrics.length === 0 && metricsRequired) return invalidParameters('metric_types is required');
  const unknown = metrics.find((m) => !allowed.includes(m));
  if (unknown) return invalidParameters(`metric_types: unknown metric ${unknown}`);
  return { startMs, endMs, metrics: metrics.length ? metrics : ['IMPRESSION', 'PIN_CLICK', 'OUTBOUND_CLICK', 'SAVE', 'ENGAGEMENT'] };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

function metricOn(id: string, dayMs: number, metric: string): number {
  const x = hash(`${id}|${dayMs}|${metric}`);
  if (metric.endsWith('_RATE')) return Math.round(x * 0.08 * 10_000) / 10_000;
  if (metric === 'IMPRESSION') return Math.floor(x * 400);
  if (metric === 'VIDEO_AVG_WATCH_TIME') return Math.floor(x * 9_000);
  return Math.floor(x * 25);
}

function dayMetrics(id: string, dayMs: number, metrics: string[]): Record<string, number> {
  return Object.fromEntries(metrics.map((m) => [m, metricOn(id, dayMs, m)]));
}

function sum(days: Record<string, number>[], metrics: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metrics) {
    const total = days.reduce((acc, d) => acc + (d[m] ?? 0), 0);
    out[m] = m.endsWith('_RATE') ? Math.round((total / Math.max(days.length, 1)) * 10_000) / 10_000 : total;
  }
  return out;
}

/** Exact figures of one pin, set through the control API. */
export interface PinFigures {
  metrics: Record<string, number>;
  status?: 'PROCESSING';
}

/** `{"all": {daily_metrics, summary_metrics, lifetime_metrics?}}` for one pin or one account. */
export function analyticsBody(id: string, createdAtMs: number, nowMs: number, req: AnalyticsRequest, lifetime: boolean, exact?: PinFigures): object {
  const created = dayStart(createdAtMs);
  const today = dayStart(nowMs);
  const daily: { date: string; data_status: string; metrics: Record<string, number> }[] = [];
  const ready: Record<string, number>[] = [];
  for (let day = req.startMs; day <= req.endMs; day += DAY_MS) {
    const date = new Date(day).toISOString().slice(0, 10);
    if (day < created) {
      daily.push({ date, data_status: 'BEFORE_PIN_CREATED', metrics: {} });
      continue;
    }
    const metrics = dayMetrics(id, day, req.metrics);
    daily.push({ date, data_status: exact?.status === 'PROCESSING' || day >= today - DAY_MS ? 'PROCESSING' : 'READY', metrics });
    ready.push(metrics);
  }
  const pinned = (figures: Record<string, number>) => ({
    ...figures,
    ...Object.fromEntries(req.metrics.filter((m) => m in (exact?.metrics ?? {})).map((m) => [m, exact!.metrics[m]!])),
  });
  const all: Record<string, unknown> = { daily_metrics: daily, summary_metrics: pinned(sum(ready, req.metrics)) };
  if (lifetime) {
    const days: Record<string, number>[] = [];
    for (let day = created; day <= today; day += DAY_MS) days.push(dayMetrics(id, day, req.metrics));
    all.lifetime_metrics = pinned(sum(days, req.metrics));
  }
  return { all };
}
