/**
 * Media of the accounts Facebook Login reaches, each read with its Page token: an Instagram account's
 * feed (`/{ig-user-id}/media`, the same IG Media nodes as Instagram Login) and a Page's own posts
 * (`/{page-id}/published_posts`: what the Page published, not visitors' posts).
 * Docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media and
 * https://developers.facebook.com/docs/graph-api/reference/page/published_posts/
 */
import { graphLimit, graphPage, igMediaFields, igMediaFileFields, igMediaFiles, igMediaPage, parseGraphTime } from '../instagram/media.ts';
import { type AccountRef, type MediaFile, type MediaItem, type MediaPage, type MediaRef, ProviderError } from '../provider.ts';

// attachments{…}: the first attachment says whether the post is a photo, an album or a video, and its image.
const postFields = 'id,message,created_time,permalink_url,full_picture,attachments{media_type,media{image{src}}}';

type Json = Record<string, unknown>;

export async function listFacebookMedia(
  get: (url: URL) => Promise<unknown>,
  graph: string,
  account: AccountRef,
  options: { cursor?: string | null; limit: number },
): Promise<MediaPage> {
  if (account.network !== 'instagram' && account.network !== 'facebook') {
    throw new ProviderError('unexpected_response', `Facebook: no ${account.network} media through Facebook Login`);
  }
  const instagram = account.network === 'instagram';
  const url = new URL(`${graph}/${encodeURIComponent(account.accountId)}/${instagram ? 'media' : 'published_posts'}`);
  url.searchParams.set('fields', instagram ? igMediaFields : postFields);
  url.searchParams.set('limit', graphLimit(options.limit));
  if (options.cursor) url.searchParams.set('after', options.cursor);
  const body = await get(url);
  return instagram ? igMediaPage(body, 'Facebook') : graphPage(body, 'Facebook', pagePost);
}

/**
 * One post's files with links signed now: an Instagram media's node (`children` for a carousel), or a Page
 * post's `full_picture` (its photo, or a video's poster frame).
 * https://developers.facebook.com/docs/graph-api/reference/page-post/
 */
export async function facebookMediaFiles(get: (url: URL) => Promise<unknown>, graph: string, account: AccountRef, media: MediaRef): Promise<MediaFile[]> {
  const instagram = account.network === 'instagram';
  const url = new URL(`${graph}/${encodeURIComponent(media.id)}`);
  url.searchParams.set('fields', instagram ? igMediaFileFields : 'full_picture');
  const body = await get(url);
  if (instagram) return igMediaFiles(body, 'Facebook');
  const picture = text((body as Json | null)?.full_picture);
  if (!picture) return [];
  return [{ position: 0, role: media.mediaType === 'image' || media.mediaType === 'carousel' ? 'media' : 'thumbnail', url: picture }];
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A Page post: a photo is an image, an album a carousel, a video a video; text and link posts are posts. */
function pagePost(node: Json): MediaItem {
  const publishedAt = parseGraphTime(node.created_time);
  if (typeof node.id !== 'string' || !publishedAt) throw new ProviderError('unexpected_response', 'Facebook: a Page post came without its id or created_time');
  const attachment = ((node.attachments as { data?: unknown } | undefined)?.data as Json[] | undefined)?.[0];
  const kind = attachment?.media_type;
  const image = text(((attachment?.media as Json | undefined)?.image as Json | undefined)?.src);
  const picture = text(node.full_picture) ?? image;
  const mediaType = kind === 'photo' ? 'image' : kind === 'album' ? 'carousel' : kind === 'video' ? 'video' : 'post';
  return {
    id: node.id,
    mediaType,
    caption: text(node.message),
    permalink: text(node.permalink_url),
    publishedAt,
    // A video attachment's image is its poster frame, not the file; Graph gives the video file only on the video node.
    mediaUrl: mediaType === 'image' || mediaType === 'carousel' ? (image ?? picture) : null,
    thumbnailUrl: picture,
  };
}
