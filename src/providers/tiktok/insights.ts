/**
 * Lifetime figures of TikTok videos from the Display API's video query
 * (https://developers.tiktok.com/doc/tiktok-api-v2-video-query): `POST /v2/video/query/?fields=…` with
 * `{"filters":{"video_ids":[≤ 20 ids]}}`, answering `{data:{videos:[…]}}` with the counts of the person's
 * own videos only: an id that is deleted, private or someone else's is silently left out.
 * The Display API reports views, likes, comments and shares; it has no reach, saves or total.
 */
import { type MediaInsights, type MediaRef, ProviderError } from '../provider.ts';

export const videoQueryEndpoint = 'https://open.tiktokapis.com/v2/video/query/';
export const insightFields = 'id,view_count,like_count,comment_count,share_count';
/** The documented maximum of filters.video_ids. */
export const VIDEO_QUERY_MAX = 20;

export function videoQueryBody(media: readonly MediaRef[]): string {
  if (media.length === 0 || media.length > VIDEO_QUERY_MAX) throw new RangeError(`TikTok: a video query takes 1 to ${VIDEO_QUERY_MAX} ids`);
  return JSON.stringify({ filters: { video_ids: media.map((m) => m.id) } });
}

/** A count as TikTok sends it (int32/int64 numbers); null when absent, never a made-up 0. */
function count(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** One entry per video asked for, in order; a video the answer left out is `unavailable not_found`. */
export function videoInsights(body: unknown, media: readonly MediaRef[]): MediaInsights[] {
  const videos = (body as { data?: { videos?: unknown } } | undefined)?.data?.videos;
  if (!Array.isArray(videos)) throw new ProviderError('unexpected_response', 'TikTok: the video query had no videos array');
  const byId = new Map<string, Record<string, unknown>>();
  for (const v of videos) {
    const video = (v ?? {}) as Record<string, unknown>;
    if (typeof video.id === 'string') byId.set(video.id, video);
  }
  return media.map(({ id }): MediaInsights => {
    const video = byId.get(id);
    if (!video) return { mediaId: id, status: 'unavailable', reason: 'not_found' };
    const metrics = {
      views: count(video.view_count),
      reach: null,
      likes: count(video.like_count),
      comments: count(video.comment_count),
      saves: null,
      shares: count(video.share_count),
      totalInteractions: null,
      impressions: null,
    };
    return { mediaId: id, status: 'ok', metrics };
  });
}
