/**
 * A channel's videos, newest first, from its uploads playlist: `channels.list?mine=true` names the playlist
 * (contentDetails.relatedPlaylists.uploads), `playlistItems.list` pages it (1 quota unit per call each).
 * Docs: https://developers.google.com/youtube/v3/docs/playlistItems/list and
 * https://developers.google.com/youtube/v3/guides/implementation/videos#retrieve-uploads
 * The cursor carries the playlist id with Google's page token, so later pages skip the channels call.
 */
import { type MediaItem, type MediaPage, ProviderError } from '../provider.ts';

const channelsEndpoint = 'https://www.googleapis.com/youtube/v3/channels';
const playlistItemsEndpoint = 'https://www.googleapis.com/youtube/v3/playlistItems';
// playlistItems.list takes maxResults 0–50.
const MAX_RESULTS = 50;
const thumbnailSizes = ['maxres', 'standard', 'high', 'medium', 'default'];

type Get = (url: URL) => Promise<unknown>;
type Json = Record<string, unknown>;

export async function listUploads(get: Get, options: { cursor?: string | null; limit: number }): Promise<MediaPage> {
  const { playlistId, pageToken } = options.cursor ? parseCursor(options.cursor) : { playlistId: await uploadsPlaylist(get), pageToken: undefined };
  if (!playlistId) return { items: [], nextCursor: null };
  const url = new URL(playlistItemsEndpoint);
  url.searchParams.set('part', 'snippet,contentDetails');
  url.searchParams.set('playlistId', playlistId);
  url.searchParams.set('maxResults', String(Math.max(1, Math.min(Math.floor(options.limit) || 1, MAX_RESULTS))));
  if (pageToken) url.searchParams.set('pageToken', pageToken);
  let body: { items?: unknown; nextPageToken?: unknown };
  try {
    body = (await get(url)) as typeof body;
  } catch (error) {
    // Reported for channels that never uploaded: the uploads playlist is named but does not exist yet.
    if (error instanceof ProviderError && error.providerCode === 'playlistNotFound') return { items: [], nextCursor: null };
    throw error;
  }
  if (!Array.isArray(body.items)) throw unexpected('playlistItems.list returned no items list');
  const items = body.items.map((item) => videoItem((item ?? {}) as Json)).filter((item): item is MediaItem => item !== undefined);
  items.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  const next = typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? `${playlistId}:${body.nextPageToken}` : null;
  return { items, nextCursor: next };
}

/** The uploads playlist of the token's channel; undefined for a Google account without a channel. */
async function uploadsPlaylist(get: Get): Promise<string | undefined> {
  const url = new URL(channelsEndpoint);
  url.searchParams.set('part', 'contentDetails');
  url.searchParams.set('mine', 'true');
  const body = (await get(url)) as { items?: { contentDetails?: { relatedPlaylists?: { uploads?: unknown } } }[] };
  const uploads = body.items?.[0]?.contentDetails?.relatedPlaylists?.uploads;
  return typeof uploads === 'string' && uploads !== '' ? uploads : undefined;
}

function parseCursor(cursor: string): { playlistId: string; pageToken: string } {
  const at = cursor.indexOf(':');
  if (at <= 0 || at === cursor.length - 1) throw unexpected('the media cursor is not one this adapter handed out');
  return { playlistId: cursor.slice(0, at), pageToken: cursor.slice(at + 1) };
}

/** A playlist item as a video; undefined for an entry with no video (a deleted upload keeps its slot without one). */
function videoItem(item: Json): MediaItem | undefined {
  const snippet = (item.snippet ?? {}) as Json;
  const details = (item.contentDetails ?? {}) as Json;
  const videoId = details.videoId ?? (snippet.resourceId as Json | undefined)?.videoId;
  if (typeof videoId !== 'string' || videoId === '') return undefined;
  // snippet.publishedAt is when the video joined the playlist; videoPublishedAt is when it went public.
  const publishedAt = new Date(String(details.videoPublishedAt ?? snippet.publishedAt));
  if (Number.isNaN(publishedAt.getTime())) return undefined;
  return {
    id: videoId,
    // YouTube does not say which uploads are Shorts.
    mediaType: 'video',
    caption: typeof snippet.title === 'string' && snippet.title !== '' ? snippet.title : null,
    permalink: `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`,
    publishedAt,
    // The Data API gives no URL of the video file.
    mediaUrl: null,
    thumbnailUrl: largestThumbnail(snippet.thumbnails),
  };
}

function largestThumbnail(thumbnails: unknown): string | null {
  const all = (thumbnails ?? {}) as Record<string, { url?: unknown } | undefined>;
  for (const size of thumbnailSizes) {
    const url = all[size]?.url;
    if (typeof url === 'string' && url !== '') return url;
  }
  return null;
}

function unexpected(message: string): ProviderError {
  return new ProviderError('unexpected_response', `YouTube: ${message}`);
}
