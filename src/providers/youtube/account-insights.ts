/**
 * A channel's own figures (docs/networks.md#account-insights):
 *
 * - `GET youtubeanalytics/v2/reports?ids=channel==MINE&startDate&endDate&metrics=views,likes,comments,shares,subscribersGained,subscribersLost`
 *   without dimensions answers one row of totals over the days (both dates inclusive;
 *   https://developers.google.com/youtube/analytics/channel_reports). Engagements are likes + comments +
 *   shares, the interactions the API reports; YouTube has no reach.
 * - `GET /youtube/v3/channels?part=statistics&mine=true` (https://developers.google.com/youtube/v3/docs/channels):
 *   `subscriberCount` (null when the channel hides it), `videoCount`, and the lifetime `viewCount` as an extra.
 */
import { countOf, inclusiveDays } from '../day-range.ts';
import { type AccountInsights, type DayRange, ProviderError } from '../provider.ts';

const reportsEndpoint = 'https://youtubeanalytics.googleapis.com/v2/reports';
const channelsEndpoint = 'https://www.googleapis.com/youtube/v3/channels';
const METRICS = ['views', 'likes', 'comments', 'shares', 'subscribersGained', 'subscribersLost'] as const;

type Get = (url: URL) => Promise<unknown>;

async function totals(get: Get, range: DayRange): Promise<Map<string, number>> {
  const { first, last } = inclusiveDays(range);
  const url = new URL(reportsEndpoint);
  for (const [k, v] of Object.entries({ ids: 'channel==MINE', startDate: first, endDate: last, metrics: METRICS.join(',') })) url.searchParams.set(k, v);
  const body = (await get(url)) as { columnHeaders?: { name?: unknown }[]; rows?: unknown };
  const out = new Map<string, number>();
  // A channel with nothing in the range may answer no rows at all: every total is then 0.
  if (body.rows === undefined) return new Map(METRICS.map((m) => [m, 0]));
  const row = Array.isArray(body.rows) ? (body.rows[0] as unknown[] | undefined) : undefined;
  if (!Array.isArray(body.columnHeaders) || (Array.isArray(body.rows) && body.rows.length > 0 && !Array.isArray(row))) {
    throw new ProviderError('unexpected_response', 'YouTube Analytics: the totals report is not a table');
  }
  body.columnHeaders.forEach((column, i) => {
    const value = Number(row?.[i] ?? 0);
    if (typeof column.name === 'string' && Number.isFinite(value)) out.set(column.name, value);
  });
  return out;
}

export async function channelAccountInsights(get: Get, range: DayRange): Promise<AccountInsights> {
  const sums = await totals(get, range);
  const url = new URL(channelsEndpoint);
  url.searchParams.set('part', 'statistics');
  url.searchParams.set('mine', 'true');
  const body = (await get(url)) as { items?: { statistics?: Record<string, unknown> }[] };
  const stats = body.items?.[0]?.statistics;
  if (!stats) throw new ProviderError('unexpected_response', 'YouTube: channels.list returned no channel statistics');
  const part = (name: string) => sums.get(name) ?? null;
  const interactions = [part('likes'), part('comments'), part('shares')].filter((n): n is number => n !== null);
  const extra: Record<string, number> = {};
  for (const name of ['subscribersGained', 'subscribersLost'] as const) if (sums.has(name)) extra[name] = sums.get(name)!;
  const lifetimeViews = countOf(stats.viewCount);
  if (lifetimeViews !== null) extra.lifetime_views = lifetimeViews;
  return {
    status: 'available',
    figures: {
      followers: stats.hiddenSubscriberCount === true ? null : countOf(stats.subscriberCount),
      posts: countOf(stats.videoCount),
      views: part('views'),
      reach: null,
      engagements: interactions.length ? interactions.reduce((a, b) => a + b, 0) : null,
    },
    extra,
  };
}
