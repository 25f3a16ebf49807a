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
 * - account insights (`/{ig-user-id}/insights`): `reach`/`follower_count` by day, total values, and
 *   `follower_demographics` (period=lifetime, metric_type=total_value, breakdown=age|gender|city|country,
 *   timeframe this_week|this_month), withheld below 100 followers as an empty `data`.
 *
 * Each function answers the body or the Graph error message and code; the endpoints send them.
 */
import { lifetimeMetric, type MetricOverrides, mediaFigures, metricProblem, STORY_FLOOR, seeded } from './metrics.ts';

type Query = Record<string, string | undefined>;
export type InsightsAnswer = { data: unknown[] } | { code: number; message: string };

const DAY_MS = 86_400_000;
const IG_DAY = new Set(['reach', 'follower_count']);
const IG_TOTAL = new Set(['views', 'accounts_engaged', 'total_interactions', 'likes', 'comments', 'shares', 'saves']);
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

function accountMetric(query: Query, ig: { id: string; followersCount: number }, name: string, nowMs: number): unknown {
  const base = { name, title: name.replace(/_/g, ' '), description: `Simulated ${name}` };
  if (IG_TOTAL.has(name) || query.metric_type === 'total_value') {
    return { ...base, period: 'day', total_value: { value: 10 + seeded(`${ig.id}${name}`, ig.followersCount + 10) }, id: `${ig.id}/insights/${name}/day` };
  }
  const values = [2, 1].map((d) => ({ value: 5 + seeded(`${ig.id}${name}${d}`, ig.followersCount + 5), end_time: graphDay(nowMs, d) }));
  return { ...base, period: 'day', values, id: `${ig.id}/insights/${name}/day` };
}

function graphDay(nowMs: number, daysAgo: number): string {
  const ms = Math.floor(nowMs / DAY_MS - daysAgo + 1) * DAY_MS + 7 * 3_600_000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function accountInsights(query: Query, ig: { id: string; followersCount: number }, nowMs: number): InsightsAnswer {
  const metrics = metricsOf(query);
  const known = [...IG_DAY, ...IG_TOTAL, ...DEMOGRAPHICS];
  if (metrics.length === 0 || metrics.some((m) => !known.includes(m))) return { code: 100, message: `(#100) metric[0] must be one of the following values: ${known.join(', ')}` };
  const data: unknown[] = [];
  for (const metric of metrics) {
    if (!DEMOGRAPHICS.has(metric)) {
      data.push(accountMetric(query, ig, metric, nowMs));
      continue;
    }
    const breakdown = query.breakdown ?? '';
    const badTimeframe = query.timeframe !== undefined && !TIMEFRAMES.has(query.timeframe);
    if (query.period !== 'lifetime' || badTimeframe || !breakdown || breakdown.split(',').some((b) => !BREAKDOWNS.includes(b))) {
      return { code: 100, message: `(#100) ${metric} needs period=lifetime, metric_type=total_value, timeframe=this_week|this_month and breakdown=age|gender|city|country` };
    }
    // Withheld below 100 followers: nothing to show rather than an error.
    if (ig.followersCount >= DEMOGRAPHICS_FLOOR) data.push(demographics(ig, metric, breakdown));
  }
  return { data };
}
