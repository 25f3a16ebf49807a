/**
 * Threads insights as the sandbox answers them (https://developers.facebook.com/documentation/threads/insights,
 * docs/networks.md#threads). Each function answers the body, or the Graph error's code and message.
 *
 * - a post, `/{threads-media-id}/insights?metric=views,likes,replies,reposts,quotes,shares` (lifetime):
 *   deterministic per post and growing with its age on the sandbox clock (views ≈ f(id) × log(1 + hours));
 *   nested replies are not counted; a REPOST_FACADE answers an empty array (its figures are its author's),
 *   and so does a post of the last minutes (no figures yet, never zeros).
 * - the profile, `/{threads-user-id}/threads_insights`: views by day, likes, replies, reposts, quotes and
 *   clicks (per link) over since/until (Unix seconds; not before 1712991600; default yesterday to now),
 *   followers_count, and follower_demographics for exactly one breakdown (country, city, age, gender),
 *   withheld below `demographicsFloor` followers (an empty `data`, not an error).
 */
import { type MetricOverrides, seeded } from '../meta/metrics.ts';
import type { ThreadsPost, ThreadsProfileRecord } from './model.ts';

type Query = Record<string, string | undefined>;
export type InsightsAnswer = { data: unknown[] } | { code: number; message: string };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const MEDIA_METRICS = ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'];
export const USER_METRICS = ['views', 'likes', 'replies', 'reposts', 'quotes', 'clicks', 'followers_count', 'follower_demographics'];
export const BREAKDOWNS = ['country', 'city', 'age', 'gender'];
/** since and until do not work for dates before 13 April 2024. */
export const EARLIEST_SECONDS = 1_712_991_600;

function metricsOf(query: Query): string[] {
  return (query.metric ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
}

/** Every figure of a post now, by Threads name, before overrides. */
export function postFigures(id: string, publishedAtMs: number, nowMs: number): Record<string, number> {
  const growth = Math.log1p(Math.max(0, (nowMs - publishedAtMs) / HOUR_MS));
  const views = Math.round((60 + seeded(id, 900)) * growth);
  const part = (share: number, salt: string) => Math.round(views * share * (0.5 + seeded(`${id}${salt}`, 100) / 100));
  return { views, likes: part(0.07, 'l'), replies: part(0.012, 'r'), reposts: part(0.006, 'p'), quotes: part(0.003, 'q'), shares: part(0.004, 's') };
}

const metric = (ownerId: string, name: string, period: string, rest: object) => ({
  name,
  period,
  ...rest,
  title: name.replace(/_/g, ' '),
  description: `Simulated ${name.replace(/_/g, ' ')}`,
  id: `${ownerId}/insights/${name}/${period}`,
});

export function mediaInsights(query: Query, post: ThreadsPost, nowMs: number, overrides: MetricOverrides): InsightsAnswer {
  const metrics = metricsOf(query);
  if (metrics.length === 0) return { code: 100, message: '(#100) The parameter metric is required' };
  const unknown = metrics.filter((m) => !MEDIA_METRICS.includes(m));
  if (unknown.length) return { code: 100, message: `(#100) metric[0] must be one of the following values: ${MEDIA_METRICS.join(', ')}` };
  if (post.mediaType === 'REPOST_FACADE') return { data: [] };
  const figures = overrides.apply(post.id, postFigures(post.id, post.publishedAtMs, nowMs));
  if (metrics.every((m) => !figures[m])) return { data: [] };
  return { data: metrics.map((m) => metric(post.id, m, 'lifetime', { values: [{ value: figures[m] ?? 0 }] })) };
}

/** The window of a user-insights call in Unix seconds, or the error Threads answers for it. */
function windowOf(query: Query, nowMs: number): { since: number; until: number } | { code: number; message: string } {
  const parse = (v: string | undefined): number | undefined => (v === undefined ? undefined : /^\d{1,11}$/.test(v) ? Number(v) : Number.NaN);
  const since = parse(query.since) ?? Math.floor((nowMs - DAY_MS) / 1000);
  const until = parse(query.until) ?? Math.floor(nowMs / 1000);
  if (Number.isNaN(since) || Number.isNaN(until)) return { code: 100, message: '(#100) since and until must be Unix timestamps in seconds' };
  // The documented limit; the exact answer is inferred (Threads says only that such dates do not work).
  if (since < EARLIEST_SECONDS || until < EARLIEST_SECONDS) {
    return { code: 100, message: `(#100) The since and until parameters do not work for dates before April 13, 2024 (Unix timestamp ${EARLIEST_SECONDS})` };
  }
  if (since > until) return { code: 100, message: '(#100) since must be before until' };
  return { since, until };
}

const dayEnd = (dayIndex: number) => new Date((dayIndex + 1) * DAY_MS + 7 * HOUR_MS).toISOString().replace(/\.\d{3}Z$/, '+0000');

const results: Record<string, string[]> = {
  country: ['US', 'BR', 'PT', 'GB'],
  city: ['New York, New York', 'São Paulo, São Paulo', 'Lisbon, Lisboa'],
  age: ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'],
  gender: ['F', 'M', 'U'],
};

export function userInsights(query: Query, profile: ThreadsProfileRecord, nowMs: number, demographicsFloor: number): InsightsAnswer {
  const metrics = metricsOf(query);
  if (metrics.length === 0 || metrics.some((m) => !USER_METRICS.includes(m))) {
    return { code: 100, message: `(#100) metric[0] must be one of the following values: ${USER_METRICS.join(', ')}` };
  }
  const window = windowOf(query, nowMs);
  if ('code' in window) return window;
  const days: number[] = [];
  for (let d = Math.floor(window.since / 86_400); d <= Math.floor(window.until / 86_400) && days.length < 400; d++) days.push(d);
  // A profile's activity per day scales with its followers; each day's figure is fixed once the day is past.
  const daily = (name: string, d: number) => seeded(`${profile.id}${name}${d}`, Math.max(3, Math.floor(profile.followersCount / 20)));
  const sum = (name: string) => days.reduce((total, d) => total + daily(name, d), 0);
  const data: unknown[] = [];
  for (const name of metrics) {
    if (name === 'views') data.push(metric(profile.id, name, 'day', { values: days.map((d) => ({ value: daily(name, d) * 4, end_time: dayEnd(d) })) }));
    else if (name === 'clicks') {
      const links = ['https://example.com/shop', 'https://example.com/blog'];
      data.push(metric(profile.id, name, 'day', { link_total_values: links.map((link_url) => ({ value: Math.floor(sum(`${name}${link_url}`) / 4), link_url })) }));
    } else if (name === 'followers_count') data.push(metric(profile.id, name, 'day', { total_value: { value: profile.followersCount } }));
    else if (name === 'follower_demographics') {
      const breakdown = query.breakdown ?? '';
      if (!BREAKDOWNS.includes(breakdown)) return { code: 100, message: `(#100) follower_demographics needs exactly one breakdown: ${BREAKDOWNS.join(', ')}` };
      // Withheld for small profiles: nothing to show rather than an error.
      if (profile.followersCount < demographicsFloor) continue;
      const slices = results[breakdown]!.map((key) => ({ dimension_values: [key], value: 1 + seeded(`${profile.id}${key}`, Math.max(2, Math.floor(profile.followersCount / 4))) }));
      data.push(metric(profile.id, name, 'lifetime', { total_value: { breakdowns: [{ dimension_keys: [breakdown], results: slices }] } }));
    } else data.push(metric(profile.id, name, 'day', { total_value: { value: sum(name) } }));
  }
  return { data };
}
