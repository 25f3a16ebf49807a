/**
 * The person's Pins from `GET /v5/pins` (https://developers.pinterest.com/docs/api/v5/pins-list), paged
 * with Pinterest's bookmark: `{items, bookmark}`, bookmark null on the last page.
 * A Pin's `media` is an image (sizes under `images`) or a video (`cover_image_url`, `video_url`).
 */
import { type MediaItem, type MediaPage, ProviderError } from '../provider.ts';

export const pinsEndpoint = 'https://api.pinterest.com/v5/pins';
// page_size takes 1–250.
const MAX_PAGE_SIZE = 250;
// The 600 px wide rendition is what Pinterest's own grid shows; smaller ones are only for tiles.
const thumbnailSizes = ['600x', '400x300', '236x', '150x150'];

type Json = Record<string, unknown>;
type Image = { url?: unknown; width?: unknown };

export function pinsUrl(options: { cursor?: string | null; limit: number }): URL {
  const url = new URL(pinsEndpoint);
  url.searchParams.set('page_size', String(Math.max(1, Math.min(Math.floor(options.limit) || 1, MAX_PAGE_SIZE))));
  if (options.cursor) url.searchParams.set('bookmark', options.cursor);
  return url;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Pinterest writes `created_at` in UTC without a zone ("2020-01-01T20:10:40"). */
function parseCreatedAt(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(/(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `originals` (the uploaded file), else the widest size listed (`1200x` on most Pins). */
function largest(images: Record<string, Image>): string | null {
  const original = text(images.originals?.url);
  if (original) return original;
  let best: { url: string; width: number } | undefined;
  for (const image of Object.values(images)) {
    const url = text(image?.url);
    const width = Number(image?.width) || 0;
    if (url && (!best || width > best.width)) best = { url, width };
  }
  return best?.url ?? null;
}

function pinItem(pin: Json): MediaItem {
  const publishedAt = parseCreatedAt(pin.created_at);
  if ((typeof pin.id !== 'string' && typeof pin.id !== 'number') || !publishedAt) {
    throw new ProviderError('unexpected_response', 'Pinterest: a Pin came without its id or created_at');
  }
  const id = String(pin.id);
  const media = (pin.media ?? {}) as Json;
  const images = (media.images ?? {}) as Record<string, Image>;
  const video = media.media_type === 'video';
  const full = largest(images);
  const thumbnail = thumbnailSizes.map((size) => text(images[size]?.url)).find((url) => url !== null) ?? full;
  return {
    id,
    mediaType: video ? 'video' : 'pin',
    // The description is the Pin's text; many Pins have only a title.
    caption: text(pin.description) ?? text(pin.title),
    permalink: `https://www.pinterest.com/pin/${encodeURIComponent(id)}/`,
    publishedAt,
    mediaUrl: video ? text(media.video_url) : full,
    thumbnailUrl: video ? (text(media.cover_image_url) ?? thumbnail) : thumbnail,
  };
}

export function pinsPage(body: unknown): MediaPage {
  const { items, bookmark } = (body ?? {}) as { items?: unknown; bookmark?: unknown };
  if (!Array.isArray(items)) throw new ProviderError('unexpected_response', 'Pinterest: the Pin list had no items array');
  const mapped = items.map((pin) => pinItem((pin ?? {}) as Json));
  mapped.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  return { items: mapped, nextCursor: typeof bookmark === 'string' && bookmark !== '' ? bookmark : null };
}
