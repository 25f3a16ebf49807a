/**
 * Threads posts (`GET /me/threads`) mapped to MediaItem. Fields:
 * https://developers.facebook.com/documentation/threads/retrieve-and-discover-posts/retrieve-posts.
 * The list is Graph-paged (`{data, paging:{cursors}}`), newest first. A post's text is its caption: Threads
 * topics are written with `#` in it, which is what campaigns bind on.
 */
import { graphPage, parseGraphTime } from '../instagram/media.ts';
import { type MediaItem, type MediaPage, ProviderError } from '../provider.ts';

export const threadsMediaFields = 'id,media_type,media_product_type,text,permalink,timestamp,media_url,thumbnail_url,is_quote_post';

/**
 * `media_type`: TEXT_POST (GIFs and polls too), IMAGE, VIDEO, CAROUSEL_ALBUM, AUDIO, or REPOST_FACADE (a
 * repost of someone else's post, whose figures are its author's: insights answer an empty array).
 */
const TYPES: Record<string, string> = {
  TEXT_POST: 'post',
  IMAGE: 'image',
  VIDEO: 'video',
  CAROUSEL_ALBUM: 'carousel',
  AUDIO: 'audio',
  REPOST_FACADE: 'repost',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function threadsMediaItem(node: Record<string, unknown>): MediaItem {
  const publishedAt = parseGraphTime(node.timestamp);
  if ((typeof node.id !== 'string' && typeof node.id !== 'number') || !publishedAt) {
    throw new ProviderError('unexpected_response', 'Threads: a post came without its id or timestamp');
  }
  const mediaUrl = text(node.media_url);
  return {
    id: String(node.id),
    mediaType: TYPES[String(node.media_type)] ?? 'post',
    caption: text(node.text),
    // Left out for a post with copyrighted material (the documented behaviour of `permalink`).
    permalink: text(node.permalink),
    publishedAt,
    mediaUrl,
    // A video carries thumbnail_url; an image (or a carousel's first image) is its own thumbnail; a text post has neither.
    thumbnailUrl: text(node.thumbnail_url) ?? (node.media_type === 'IMAGE' || node.media_type === 'CAROUSEL_ALBUM' ? mediaUrl : null),
  };
}

export function threadsMediaPage(body: unknown): MediaPage {
  return graphPage(body, 'Threads', threadsMediaItem);
}
