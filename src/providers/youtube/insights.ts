/**
 * YouTube figures: per video from the Data API, per channel audience from the Analytics API.
 *
 * - `GET /youtube/v3/videos?part=statistics&id=a,b,…` (≤ 50 ids, 1 quota unit; https://developers.google.com/youtube/v3/docs/videos/list)
 *   answers `statistics{viewCount, likeCount, commentCount}` as **strings**; an id that is deleted, private or
 *   unknown is silently left out. likeCount is absent when the owner hid likes, commentCount when comments are
 *   off: those are null, not 0. The Data API has no reach, saves or shares (the Analytics API's per-video
 *   shares would cost a report per video; left out).
 * - `GET youtubeanalytics/v2/reports?ids=channel==MINE&dimensions=ageGroup,gender&metrics=viewerPercentage` and
 *   `dimensions=country&metrics=views` (https://developers.google.com/youtube/analytics/channel_reports) over the
 *   last 90 days. Age and gender are shares of signed-in viewers in percent; the country report gives views,
 *   which we turn into each country's share of those views in percent, so all three breakdowns read alike
 *   (unit 'percent'). No rows at all means YouTube withholds the data (too few viewers): below_threshold.
 */
import { type AudienceInsights, type AudienceSlice, type MediaInsights, type MediaRef, ProviderError } from '../provider.ts';

const videosEndpoint = 'https://www.googleapis.com/youtube/v3/videos';
const channelsEndpoint = 'https://www.googleapis.com/youtube/v3/channels';
const reportsEndpoint = 'https://youtubeanalytics.googleapis.com/v2/reports';
/** The documented maximum of ids per videos.list call. */
export const VIDEOS_PER_CALL = 50;
const AUDIENCE_DAYS = 90;
const DAY_MS = 86_400_000;

type Get = (url: URL) => Promise<unknown>;

/** A count as Google sends it (a decimal string, sometimes a number); null when absent. */
function count(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export async function videoInsights(get: Get, media: readonly MediaRef[]): Promise<MediaInsights[]> {
  if (media.length === 0 || media.length > VIDEOS_PER_CALL) throw new RangeError(`YouTube: videos.list takes 1 to ${VIDEOS_PER_CALL} ids`);
  const url = new URL(videosEndpoint);
  url.searchParams.set('part', 'statistics');
  url.searchParams.set('id', media.map((m) => m.id).join(','));
  url.searchParams.set('maxResults', String(VIDEOS_PER_CALL));
  const items = (await get(url)) as { items?: unknown };
  if (!Array.isArray(items.items)) throw new ProviderError('unexpected_response', 'YouTube: videos.list had no items array');
  const byId = new Map<string, Record<string, unknown>>();
  for (const item of items.items as { id?: unknown; statistics?: Record<string, unknown> }[]) {
    if (typeof item?.id === 'string') byId.set(item.id, item.statistics ?? {});
  }
  return media.map(({ id }): MediaInsights => {
    const stats = byId.get(id);
    if (!stats) return { mediaId: id, status: 'unavailable', reason: 'not_found' };
    const metrics = {
      views: count(stats.viewCount),
      reach: null,
      likes: count(stats.likeCount),
      comments: count(stats.commentCount),
      saves: null,
      shares: null,
      totalInteractions: null,
      impressions: null,
    };
    return { mediaId: id, status: 'ok', metrics };
  });
}

type Rows = (string | number)[][];

async function report(get: Get, now: Date, dimensions: string, metrics: string): Promise<Rows> {
  const url = new URL(reportsEndpoint);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  url.searchParams.set('ids', 'channel==MINE');
  url.searchParams.set('startDate', day(now.getTime() - (AUDIENCE_DAYS - 1) * DAY_MS));
  url.searchParams.set('endDate', day(now.getTime()));
  url.searchParams.set('dimensions', dimensions);
  url.searchParams.set('metrics', metrics);
  const body = (await get(url)) as { rows?: unknown };
  // Google leaves `rows` out entirely when there is nothing to report.
  if (body.rows === undefined) return [];
  if (!Array.isArray(body.rows)) throw new ProviderError('unexpected_response', 'YouTube Analytics: rows is not an array');
  return body.rows as Rows;
}

/** Sums the metric in column `valueAt` by the key in column `keyAt`, largest first, rounded to 0.01. */
function slices(rows: Rows, keyAt: number, valueAt: number, key: (raw: string) => string, scale = 1): AudienceSlice[] {
  const sums = new Map<string, number>();
  for (const row of rows) {
    const raw = row[keyAt];
    const value = Number(row[valueAt]);
    if (typeof raw !== 'string' || !Number.isFinite(value)) throw new ProviderError('unexpected_response', 'YouTube Analytics: a row is not (dimension, metric)');
    sums.set(key(raw), (sums.get(key(raw)) ?? 0) + value * scale);
  }
  return [...sums].map(([k, v]) => ({ key: k, value: Math.round(v * 100) / 100 })).sort((a, b) => b.value - a.value);
}

const genderKey: Record<string, string> = { female: 'F', male: 'M', user_specified: 'U' };

/** Subscribers, or null when the channel hides the count. */
async function subscribers(get: Get): Promise<number | null> {
  const url = new URL(channelsEndpoint);
  url.searchParams.set('part', 'statistics');
  url.searchParams.set('mine', 'true');
  const body = (await get(url)) as { items?: { statistics?: { subscriberCount?: unknown; hiddenSubscriberCount?: unknown } }[] };
  const stats = body.items?.[0]?.statistics;
  return stats && stats.hiddenSubscriberCount !== true ? count(stats.subscriberCount) : null;
}

export async function channelAudience(get: Get, now: Date): Promise<AudienceInsights> {
  const demographics = await report(get, now, 'ageGroup,gender', 'viewerPercentage');
  const geography = await report(get, now, 'country', 'views');
  const followers = await subscribers(get);
  if (demographics.length === 0 && geography.length === 0) return { status: 'unavailable', reason: 'below_threshold', followers };
  const totalViews = geography.reduce((sum, row) => sum + Number(row[1]), 0);
  return {
    status: 'available',
    unit: 'percent',
    followers,
    // "age18-24" → "18-24", "age65-" → "65+".
    age: slices(demographics, 0, 2, (g) => g.replace(/^age/, '').replace(/-$/, '+')),
    gender: slices(demographics, 1, 2, (g) => genderKey[g] ?? g),
    country: totalViews > 0 ? slices(geography, 0, 1, (c) => c, 100 / totalViews) : [],
    // Not asked for: a city report would be a third Analytics call, for a breakdown of views rather than of viewers.
    city: [],
  };
}
