/**
 * Instagram media (IG Media nodes) as both Meta logins return them: graph.instagram.com `/me/media` and
 * graph.facebook.com `/{ig-user-id}/media`, in Graph's cursor-paged `{data, paging}` list.
 * Fields: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media
 * Paging: https://developers.facebook.com/docs/graph-api/results (no `next` means the last page).
 */
import { type MediaFile, type MediaItem, type MediaPage, ProviderError } from '../provider.ts';

export const igMediaFields = 'id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp';
/** A post's files, its carousel's items' too (`children` is an edge of IG Media). */
export const igMediaFileFields = 'media_type,media_url,thumbnail_url,children{media_type,media_url,thumbnail_url}';

/**
 * The files of one IG Media node: the post's own (a carousel's `media_url` is its first item's, so an
 * album keeps only its cover image there) and each child's, numbered from 1. A copyrighted item has no
 * `media_url`; a video's `thumbnail_url` is its cover.
 */
export function igMediaFiles(body: unknown, network: string): MediaFile[] {
  if (typeof body !== 'object' || body === null) throw new ProviderError('unexpected_response', `${network}: a media node was not an object`);
  const node = body as Record<string, unknown>;
  const filesOf = (item: Record<string, unknown>, position: number): MediaFile[] => [
    ...(text(item.media_url) ? [{ position, role: 'media' as const, url: text(item.media_url)! }] : []),
    ...(text(item.thumbnail_url) ? [{ position, role: 'thumbnail' as const, url: text(item.thumbnail_url)! }] : []),
  ];
  const children = (node.children as { data?: unknown } | undefined)?.data;
  const items = Array.isArray(children) ? children.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null) : [];
  // An album's own media_url repeats its first item's file: keep it once, as the item.
  const own = node.media_type === 'CAROUSEL_ALBUM' && items.length > 0 ? [] : filesOf(node, 0);
  return [...own, ...items.flatMap((item, i) => filesOf(item, i + 1))];
}

/** Graph caps list edges at 100 whatever `limit` asks for. */
export const GRAPH_MAX_LIMIT = 100;

export function graphLimit(limit: number): string {
  return String(Math.max(1, Math.min(Math.floor(limit) || 1, GRAPH_MAX_LIMIT)));
}

/**
 * Graph writes times as "2019-04-05T07:56:32+0000": an offset without its colon, which ISO 8601's
 * extended format (and so Date.parse outside V8's lenient fallback) does not accept.
 */
export function parseGraphTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The product type says story or reel whatever the file is; else the file type says image, video or carousel. */
function mediaTypeOf(mediaType: unknown, productType: unknown): string {
  if (productType === 'STORY') return 'story';
  if (productType === 'REELS') return 'reel';
  if (mediaType === 'CAROUSEL_ALBUM') return 'carousel';
  if (mediaType === 'VIDEO') return 'video';
  return 'image';
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function igMediaItem(node: Record<string, unknown>, network: string): MediaItem {
  const publishedAt = parseGraphTime(node.timestamp);
  if ((typeof node.id !== 'string' && typeof node.id !== 'number') || !publishedAt) {
    throw new ProviderError('unexpected_response', `${network}: a media item came without its id or timestamp`);
  }
  const mediaUrl = text(node.media_url);
  return {
    id: String(node.id),
    mediaType: mediaTypeOf(node.media_type, node.media_product_type),
    caption: text(node.caption),
    permalink: text(node.permalink),
    publishedAt,
    // Left out for media with copyrighted material (Instagram's documented behaviour).
    mediaUrl,
    // Only videos carry thumbnail_url; an image is its own thumbnail.
    thumbnailUrl: text(node.thumbnail_url) ?? (node.media_type === 'VIDEO' ? null : mediaUrl),
  };
}

/** Any Graph list page: its items through `map`, and the `after` cursor only when there is a next page. */
export function graphPage(body: unknown, network: string, map: (node: Record<string, unknown>) => MediaItem): MediaPage {
  const { data, paging } = (body ?? {}) as { data?: unknown; paging?: { next?: unknown; cursors?: { after?: unknown } } };
  if (!Array.isArray(data)) throw new ProviderError('unexpected_response', `${network}: the media list had no data array`);
  const after = paging?.cursors?.after;
  const nextCursor = typeof paging?.next === 'string' && typeof after === 'string' ? after : null;
  const items = data.map((node) => map((node ?? {}) as Record<string, unknown>));
  // Graph lists media newest first; sorting again keeps the promise if a page ever arrives out of order.
  items.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  return { items, nextCursor };
}

export function igMediaPage(body: unknown, network: string): MediaPage {
  return graphPage(body, network, (node) => igMediaItem(node, network));
}
