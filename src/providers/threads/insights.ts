/**
 * Threads insights mapped to our schemas, per https://developers.facebook.com/documentation/threads/insights
 * (our record: docs/networks.md#threads):
 *
 * - a post's figures, `GET /{threads-media-id}/insights?metric=views,likes,replies,reposts,quotes,shares`
 *   (lifetime; nested replies not counted). Replies are Threads' comments; reposts and quotes have no field
 *   in the common schema and are kept as extras by their Threads names. Threads gives no total of its own,
 *   so the total is the sum of the interactions it reports: the common sum would leave reposts and quotes
 *   out. An empty `data` is a REPOST_FACADE (the figures are the original author's) or a post with no
 *   figures yet; 100/33 is a post the token cannot see.
 * - the audience, `GET /{threads-user-id}/threads_insights?metric=follower_demographics&breakdown=…` (one
 *   breakdown per call: country, city, age or gender), with followers_count first. Below the follower
 *   threshold the demographics come back empty: below_threshold.
 * - the account's figures over a period (`threads_insights` with since/until, not before 1712991600):
 *   `threadsUserInsights` maps an answer for the account-insights schedule.
 */
import { usagePercent } from '../meta/errors.ts';
import { type GraphAnswer, type GraphGet, graphValues, maxOf, okBody } from '../meta/insights.ts';
import { type AudienceInsights, type AudienceSlice, type InsightsBatch, type MediaInsights, type MediaMetrics, type MediaRef, ProviderError } from '../provider.ts';
import { classifyThreadsError, isMissingMedia } from './errors.ts';

export const THREADS_MEDIA_METRICS = ['views', 'likes', 'replies', 'reposts', 'quotes', 'shares'] as const;
/** Threads' own names of the figures kept outside the common schema. */
export const THREADS_EXTRA_METRICS = ['reposts', 'quotes'] as const;
export const THREADS_BREAKDOWNS = ['age', 'gender', 'country', 'city'] as const;
/** What fetchThreadsAudience asks: followers_count, then one call per breakdown. */
export const THREADS_AUDIENCE_REQUESTS = 1 + THREADS_BREAKDOWNS.length;
/** `since`/`until` of user insights do not work before 13 April 2024 (Unix 1712991600). */
export const USER_INSIGHTS_EARLIEST = new Date(1_712_991_600_000);

export function threadsMetrics(values: Map<string, number>): { metrics: MediaMetrics; extra: Record<string, number> } {
  const get = (name: string): number | null => values.get(name) ?? null;
  const interactions = ['likes', 'replies', 'reposts', 'quotes', 'shares'].map(get).filter((v): v is number => v !== null);
  const metrics: MediaMetrics = {
    views: get('views'),
    reach: null,
    likes: get('likes'),
    comments: get('replies'),
    saves: null,
    shares: get('shares'),
    totalInteractions: interactions.length ? interactions.reduce((a, b) => a + b, 0) : null,
    impressions: null,
  };
  const extra: Record<string, number> = {};
  for (const name of THREADS_EXTRA_METRICS) if (values.has(name)) extra[name] = values.get(name)!;
  return { metrics, extra };
}

function mediaInsights(ref: MediaRef, answer: GraphAnswer, host: string): MediaInsights {
  if (!answer.ok) {
    if (isMissingMedia(answer.body)) return { mediaId: ref.id, status: 'unavailable', reason: 'not_found' };
    throw classifyThreadsError(answer.status, answer.body, answer.headers, host);
  }
  const values = graphValues(answer.body);
  // A repost's figures belong to the author of the post it reposts: Threads answers an empty array.
  if (values.size === 0) return { mediaId: ref.id, status: 'unavailable', reason: ref.mediaType === 'repost' ? 'not_found' : 'not_ready' };
  const { metrics, extra } = threadsMetrics(values);
  return Object.keys(extra).length ? { mediaId: ref.id, status: 'ok', metrics, extra } : { mediaId: ref.id, status: 'ok', metrics };
}

export async function fetchThreadsMediaInsights(get: GraphGet, graph: string, media: readonly MediaRef[]): Promise<InsightsBatch> {
  const items: MediaInsights[] = [];
  let usage: number | undefined;
  for (const ref of media) {
    const url = new URL(`${graph}/${encodeURIComponent(ref.id)}/insights`);
    url.searchParams.set('metric', THREADS_MEDIA_METRICS.join(','));
    const answer = await get(url);
    usage = maxOf(usage, usagePercent(answer.headers));
    items.push(mediaInsights(ref, answer, url.host));
  }
  return usage === undefined ? { items } : { items, usagePercent: usage };
}

interface InsightItem {
  name?: unknown;
  values?: { value?: unknown; end_time?: unknown }[];
  total_value?: { value?: unknown; breakdowns?: { results?: { dimension_values?: unknown[]; value?: unknown }[] }[] };
  link_total_values?: { value?: unknown; link_url?: unknown }[];
}

function insightItems(body: unknown, what: string): InsightItem[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new ProviderError('unexpected_response', `Threads: ${what} came without a data array`);
  return data as InsightItem[];
}

function slices(item: InsightItem | undefined): AudienceSlice[] {
  const results = item?.total_value?.breakdowns?.[0]?.results ?? [];
  return results.flatMap((r) => (typeof r.value === 'number' && r.dimension_values?.[0] !== undefined ? [{ key: String(r.dimension_values[0]), value: r.value }] : []));
}

/** Followers by age, gender, country and city: five calls; the demographics are withheld for small accounts. */
export async function fetchThreadsAudience(get: GraphGet, userInsights: string): Promise<AudienceInsights> {
  const countUrl = new URL(userInsights);
  countUrl.searchParams.set('metric', 'followers_count');
  const count = insightItems(okBody(await get(countUrl), countUrl), 'followers_count').find((i) => i.name === 'followers_count')?.total_value?.value;
  const followers = typeof count === 'number' ? count : null;
  const out: Record<(typeof THREADS_BREAKDOWNS)[number], AudienceSlice[]> = { age: [], gender: [], country: [], city: [] };
  for (const breakdown of THREADS_BREAKDOWNS) {
    const url = new URL(userInsights);
    url.searchParams.set('metric', 'follower_demographics');
    url.searchParams.set('breakdown', breakdown);
    const item = insightItems(okBody(await get(url), url), 'follower_demographics').find((i) => i.name === 'follower_demographics');
    if (!item?.total_value) return { status: 'unavailable', reason: 'below_threshold', followers };
    out[breakdown] = slices(item);
  }
  return { status: 'available', unit: 'followers', followers, ...out };
}

/** The account's figures over a period, as `threads_insights` reports them; null where a metric was not reported. */
export interface ThreadsUserInsights {
  /** Profile views in the period, added up from the daily values. */
  views: number | null;
  /** The daily profile views, by the day each ends. */
  viewsByDay: { endTime: Date; value: number }[];
  likes: number | null;
  replies: number | null;
  reposts: number | null;
  quotes: number | null;
  /** Clicks on the links the account shared, added up over the links. */
  clicks: number | null;
  /** The followers now (the period does not apply to it). */
  followersCount: number | null;
}

/**
 * Maps a `GET /{threads-user-id}/threads_insights?metric=views,likes,replies,reposts,quotes,clicks,followers_count`
 * answer: `views` comes as daily `values` (with end_time), `clicks` as `link_total_values` per link, the
 * others as `total_value`. For the account-insights schedule (it asks with since/until, never before
 * USER_INSIGHTS_EARLIEST).
 */
export function threadsUserInsights(body: unknown): ThreadsUserInsights {
  const items = insightItems(body, 'user insights');
  const byName = new Map(items.filter((i) => typeof i.name === 'string').map((i) => [i.name as string, i]));
  const total = (name: string): number | null => {
    const value = byName.get(name)?.total_value?.value;
    return typeof value === 'number' ? value : null;
  };
  const viewsByDay = (byName.get('views')?.values ?? []).flatMap((v) => {
    const endTime = typeof v.end_time === 'string' ? new Date(v.end_time.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : null;
    return typeof v.value === 'number' && endTime && !Number.isNaN(endTime.getTime()) ? [{ endTime, value: v.value }] : [];
  });
  const links = byName.get('clicks')?.link_total_values;
  const clicks = Array.isArray(links) ? links.reduce((sum, link) => sum + (typeof link.value === 'number' ? link.value : 0), 0) : total('clicks');
  return {
    views: byName.has('views') ? (total('views') ?? viewsByDay.reduce((sum, v) => sum + v.value, 0)) : null,
    viewsByDay,
    likes: total('likes'),
    replies: total('replies'),
    reposts: total('reposts'),
    quotes: total('quotes'),
    clicks,
    followersCount: total('followers_count'),
  };
}

/** The `since`/`until` of a user-insights call for a period, clamped to what Threads accepts (Unix seconds). */
export function userInsightsWindow(from: Date, to: Date): { since: number; until: number } {
  const since = Math.max(from.getTime(), USER_INSIGHTS_EARLIEST.getTime());
  return { since: Math.floor(since / 1000), until: Math.floor(Math.max(since, to.getTime()) / 1000) };
}
