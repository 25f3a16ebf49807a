/**
 * TikTok videos from the Display API's video list (https://developers.tiktok.com/doc/tiktok-api-v2-video-list):
 * `POST /v2/video/list/?fields=…` with `{cursor, max_count}`, answering `{data:{videos, cursor, has_more}}`.
 * The cursor is a creation time in Unix milliseconds; each page is older than the cursor.
 */
import { type MediaItem, type MediaPage, ProviderError } from '../provider.ts';

export const videoListEndpoint = 'https://open.tiktokapis.com/v2/video/list/';
export const videoFields = 'id,create_time,cover_image_url,share_url,video_description,title,embed_link';
// The documented maximum of max_count.
const MAX_COUNT = 20;

export function videoListBody(options: { cursor?: string | null; limit: number }): string {
  const body: { max_count: number; cursor?: number } = { max_count: Math.max(1, Math.min(Math.floor(options.limit) || 1, MAX_COUNT)) };
  if (options.cursor) body.cursor = Number(options.cursor);
  return JSON.stringify(body);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function videoItem(video: Record<string, unknown>): MediaItem {
  const seconds = Number(video.create_time);
  if (typeof video.id !== 'string' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new ProviderError('unexpected_response', 'TikTok: a video came without its id or create_time');
  }
  return {
    id: video.id,
    mediaType: 'video',
    caption: text(video.video_description) ?? text(video.title),
    permalink: text(video.share_url),
    publishedAt: new Date(seconds * 1000),
    // The Display API gives no URL of the video file itself, only the embed player.
    mediaUrl: null,
    // A signed CDN link that expires about 6 hours after the call: copy the image, do not store the link.
    thumbnailUrl: text(video.cover_image_url),
  };
}

export function videoPage(body: unknown): MediaPage {
  const data = (body as { data?: { videos?: unknown; cursor?: unknown; has_more?: unknown } } | undefined)?.data;
  if (!data || !Array.isArray(data.videos)) throw new ProviderError('unexpected_response', 'TikTok: the video list had no videos array');
  const items = data.videos.map((v) => videoItem((v ?? {}) as Record<string, unknown>));
  items.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  const cursor = Number(data.cursor);
  const nextCursor = data.has_more === true && Number.isFinite(cursor) && cursor > 0 ? String(cursor) : null;
  return { items, nextCursor };
}
