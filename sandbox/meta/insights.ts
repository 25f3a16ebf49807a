/**
 * The Instagram insights answers both Meta hosts give alike (graph.instagram.com for Instagram Login,
 * graph.facebook.com for Instagram through a Page), per
 * https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights and
 * https://developers.facebook.com/docs/instagram-platform/reference/instagram-user/insights
 * (docs/networks.md#meta-shared-by-instagram-and-facebook):
 *
 * - media insights (`/{media-id}/insights?metric=…`, period lifetime): metrics checked against the media's
 *   product type and the impressions cut-off (code 100), story values below 5 viewers refused with code 10,
 *   and an empty `data` (not zeros) when the media has no figures yet;
 * - account insights (`/{ig-user-id}/insights`): `reach`/`follower_count` by day, totals over `since`–`until`
 *   (`metric_type=total_value`, which `views`, `accounts_engaged` and `total_interactions` require; at most
 *   30 days), growing with the account's followers on the sandbox clock (core/account-figures.ts), and
 *   `follower_demographics` (period=lifetime, metric_type=total_value, breakdown=age|gender|city|country,
 *   timeframe this_week|this_month), withheld below 100 followers as an empty `data`.
 *
 * Each function answers the body or the Graph error message and code; the endpoints send them.
 */
import { activityBetween, activityOnDay, type DayActivity, followersAt } from '../core/account-figures.ts';
import { lifetimeMetric, type MetricOverrides, mediaFigures, metricProblem, STORY_FLOOR, seeded } from './metrics.ts';

type Query = Record<string, string | undefined>;
export type InsightsAnswer = { data: unknown[] } | { code: number; message: string };

const DAY_MS = 86_400_000;
const IG_DAY = new Set(['reach', 'follower_count']);
const IG_TOTAL = new Set(['views', 'accounts_engaged', 'total_interactions', 'likes', 'comments', 'shares', 'saves']);
/** Metrics Graph answers only as totals over the range (`metric_type=total_value`). */
const TOTAL_ONLY = new Set(['views', 'accounts_engaged', 'total_interactions']);
/** Graph's longest since–until span for account insights. */
const MAX_RANGE_MS = 30 * 86_400_000;
const DEMOGRAPHICS = new Set(['follower_demographics', 'engaged_audience_demographics']);
const BREAKDOWNS = ['age', 'gender', 'city', 'country'];
// last_14_days, last_30_days, last_90_days and prev_month were removed in 2024 (docs/networks.md#meta-shared-by-instagram-and-facebook).
const TIMEFRAMES = new Set(['this_week', 'this_month']);
/** Instagram shows no demographics for accounts below this many followers. */
export const DEMOGRAPHICS_FLOOR = 100;

export function metricsOf(query: Query): string[] {
  return (query.metric ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
}

export function mediaInsights(
  query: Query,
  media: { id: string; productType: 'FEED' | 'REELS' | 'STORY'; publishedAtMs: number },
  nowMs: number,
  overrides: MetricOverrides,
): InsightsAnswer {
  const metrics = metricsOf(query);
  const problem = metricProblem(media.productType, media.publishedAtMs, metrics);
  if (problem) return { code: 100, message: problem };
  const figures = overrides.apply(media.id, mediaFigures(media.id, media.productType, media.publishedAtMs, nowMs));
  if (media.productType === 'STORY' && (figures.reach ?? 0) < STORY_FLOOR) return { code: 10, message: '(#10) Not enough viewers for the media to show insights' };
  // Figures not computed yet (a post of the last minutes) come back as no data at all, never as zeros.
  if (metrics.every((m) => !figures[m])) return { data: [] };
  return { data: metrics.map((m) => lifetimeMetric(media.id, m, figures[m] ?? 0)) };
}

const results: Record<string, string[]> = {
  age: ['18-24', '25-34', '35-44', '45-54', '55-64'],
  gender: ['F', 'M', 'U'],
  city: ['Lisbon, Lisboa', 'Porto, Porto', 'Madrid, Comunidad de Madrid'],
  country: ['PT', 'ES', 'BR'],
};

/** Slices seeded from the account, scaled so they never add up to more than its followers. */
function demographics(ig: { id: string; followersCount: number }, name: string, breakdown: string): unknown {
  const keys = breakdown.split(',');
  return {
    name,
    period: 'lifetime',
    title: 'Follower demographics',
    description: 'The demographic characteristics of followers, including countries, cities and gender distribution.',
    total_value: {
      breakdowns: keys.map((key) => ({
        dimension_keys: [key],
        results: (results[key] ?? []).map((v) => ({ dimension_values: [v], value: 1 + seeded(`${ig.id}${v}`, Math.max(2, Math.floor(ig.followersCount / 4))) })),
      })),
    },
    id: `${ig.id}/insights/${name}/lifetime`,
  };
}

/** An Instagram account as its insights need it: the count it was created with grows on the sandbox clock (core/account-figures.ts). */
export interface IgFigures {
  id: string;
  followersCount: number;
  createdAtMs: number;
}

/** The account's followers now: what `followers_count` answers. */
export function igFollowers(ig: IgFigures, nowMs: number): number {
  return followersAt(ig.id, ig.followersCount, ig.createdAtMs, nowMs);
}

function activityValue(name: string, a: DayActivity): number {
  if (name === 'accounts_engaged') return Math.round(a.reach * 0.06);
  if (name === 'total_interactions') return a.interactions;
  if (name === 'follower_count') return a.followsGained;
  return a[name as 'views' | 'reach' | 'likes' | 'comments' | 'shares' | 'saves'] ?? 0;
}

/** The range asked for (Unix seconds), by default the last finished day, as Graph does. */
function rangeOf(query: Query, nowMs: number): { since: number; until: number } | string {
  const until = query.until === undefined ? Math.floor(nowMs / DAY_MS) * DAY_MS : Number(query.until) * 1000;
  const since = query.since === undefined ? until - DAY_MS : Number(query.since) * 1000;
  if (!Number.isFinite(since) || !Number.isFinite(until) || since >= until) return '(#100) The since and until parameters must be Unix timestamps with since before until';
  if (until - since > MAX_RANGE_MS) return '(#100) There cannot be more than 30 days (2592000 s) between since and until';
  return { since, until };
}

function accountMetric(query: Query, ig: IgFigures, name: string, range: { since: number; until: number }, nowMs: number): unknown {
  const base = { name, title: name.replace(/_/g, ' '), description: `Simulated ${name}` };
  if (query.metric_type === 'total_value') {
    const value = activityValue(name, activityBetween(ig.id, ig.followersCount, ig.createdAtMs, range.since, range.until, nowMs));
    return { ...base, period: 'day', total_value: { value }, id: `${ig.id}/insights/${name}/day` };
  }
  // A time series, one value per finished day (end_time is the next day's 07:00 UTC, as Graph writes it).
  const values: { value: number; end_time: string }[] = [];
  for (let day = range.since; day < range.until && day + DAY_MS <= nowMs; day += DAY_MS) {
    values.push({ value: activityValue(name, activityOnDay(ig.id, ig.followersCount, ig.createdAtMs, Math.floor(day / DAY_MS))), end_time: graphDay(day + DAY_MS) });
  }
  return { ...base, period: 'day', values, id: `${ig.id}/insights/${name}/day` };
}

function graphDay(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function accountInsights(query: Query, ig: IgFigures, nowMs: number): InsightsAnswer {
  const metrics = metricsOf(query);
  const known = [...IG_DAY, ...IG_TOTAL, ...DEMOGRAPHICS];
  if (metrics.length === 0 || metrics.some((m) => !known.includes(m))) return { code: 100, message: `(#100) metric[0] must be one of the following values: ${known.join(', ')}` };
  const totalsOnly = metrics.filter((m) => TOTAL_ONLY.has(m));
  if (totalsOnly.length > 0 && query.metric_type !== 'total_value') {
    return { code: 100, message: `(#100) The following metrics (${totalsOnly.join(', ')}) should be specified with parameter metric_type=total_value` };
  }
  const range = rangeOf(query, nowMs);
  if (typeof range === 'string') return { code: 100, message: range };
  const data: unknown[] = [];
  for (const metric of metrics) {
    if (!DEMOGRAPHICS.has(metric)) {
      data.push(accountMetric(query, ig, metric, range, nowMs));
      continue;
    }
    const breakdown = query.breakdown ?? '';
    const badTimeframe = query.timeframe !== undefined && !TIMEFRAMES.has(query.timeframe);
    if (query.period !== 'lifetime' || badTimeframe || !breakdown || breakdown.split(',').some((b) => !BREAKDOWNS.includes(b))) {
      return { code: 100, message: `(#100) ${metric} needs period=lifetime, metric_type=total_value, timeframe=this_week|this_month and breakdown=age|gender|city|country` };
    }
    // Withheld below 100 followers: nothing to show rather than an error.
    const followersCount = igFollowers(ig, nowMs);
    if (followersCount >= DEMOGRAPHICS_FLOOR) data.push(demographics({ id: ig.id, followersCount }, metric, breakdown));
  }
  return { data };
}
