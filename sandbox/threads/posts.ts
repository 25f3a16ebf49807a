/**
 * A profile's posts as `GET /me/threads` lists them, newest first, Graph cursor-paged
 * (https://developers.facebook.com/documentation/threads/retrieve-and-discover-posts/retrieve-posts).
 *
 * Generated posts: `postCount` before the profile joined, 30 hours apart, cycling text, image, text, video,
 * carousel; every seventh from the fifth newest is a repost of someone else's post (REPOST_FACADE, no text of
 * its own) and every fifth text post quotes another. Texts carry `#topics` (Threads topics are written with `#`). Posts
 * published through the control API come first. Without `fields` only `id` comes back.
 */
import { createHash } from 'node:crypto';
import type { ThreadsMediaType, ThreadsPost, ThreadsProfileRecord } from './model.ts';
import type { ThreadsWorld } from './world.ts';

const HOUR_MS = 3_600_000;
const CYCLE: ThreadsMediaType[] = ['TEXT_POST', 'IMAGE', 'TEXT_POST', 'VIDEO', 'CAROUSEL_ALBUM'];
const TOPICS = ['#travel', '#food', '#coffee', '#books', '#design'];

export const POST_FIELDS = new Set([
  'id',
  'media_product_type',
  'media_type',
  'media_url',
  'permalink',
  'owner',
  'username',
  'text',
  'timestamp',
  'shortcode',
  'thumbnail_url',
  'children',
  'is_quote_post',
]);

/** The i-th newest generated post of `total`, numbered from the oldest so publishing renames none. */
function generated(profile: ThreadsProfileRecord, i: number, total: number): ThreadsPost {
  const n = total - i;
  // Counted from the newest, so the newest post is never a repost (its figures would be someone else's).
  const repost = i % 7 === 4;
  const mediaType: ThreadsMediaType = repost ? 'REPOST_FACADE' : CYCLE[i % CYCLE.length]!;
  return {
    id: `1790${profile.id.slice(-8)}${String(i).padStart(6, '0')}`,
    mediaType,
    text: repost ? '' : `${profile.name}, thread ${n} ${TOPICS[n % TOPICS.length]}`,
    publishedAtMs: profile.createdAtMs - (i + 1) * 30 * HOUR_MS,
    isQuotePost: !repost && mediaType === 'TEXT_POST' && n % 5 === 0,
  };
}

/** Newest first: the published posts, then the generated ones. */
export function timeline(profile: ThreadsProfileRecord): { count: number; at(k: number): ThreadsPost } {
  const published = [...profile.published].reverse();
  return { count: published.length + profile.postCount, at: (k) => (k < published.length ? published[k]! : generated(profile, k - published.length, profile.postCount)) };
}

/** A post of any profile by id, or undefined. */
export function findPost(world: ThreadsWorld, id: string): { profile: ThreadsProfileRecord; post: ThreadsPost } | undefined {
  const gen = /^1790(\d{8})(\d{6})$/.exec(id);
  const pub = /^1791(\d{8})\d{6}$/.exec(id);
  const profile = world.profileBySuffix((gen ?? pub)?.[1] ?? '');
  if (!profile) return undefined;
  if (gen) {
    const i = Number(gen[2]);
    return i < profile.postCount ? { profile, post: generated(profile, i, profile.postCount) } : undefined;
  }
  const post = profile.published.find((p) => p.id === id);
  return post ? { profile, post } : undefined;
}

function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function postNode(profile: ThreadsProfileRecord, post: ThreadsPost): Record<string, unknown> {
  const shortcode = createHash('sha1').update(post.id).digest('base64url').slice(0, 11);
  const cdn = `https://scontent.cdninstagram.com/sandbox/threads/${post.id}`;
  const visual = post.mediaType === 'IMAGE' || post.mediaType === 'VIDEO' || post.mediaType === 'CAROUSEL_ALBUM';
  return {
    id: post.id,
    media_product_type: 'THREADS',
    media_type: post.mediaType,
    media_url: visual ? `${cdn}.${post.mediaType === 'VIDEO' ? 'mp4' : 'jpg'}` : undefined,
    permalink: `https://www.threads.com/@${profile.username}/post/${shortcode}`,
    owner: { id: profile.id },
    username: profile.username,
    text: post.text === '' ? undefined : post.text,
    timestamp: graphTime(post.publishedAtMs),
    shortcode,
    thumbnail_url: post.mediaType === 'VIDEO' ? `${cdn}-thumb.jpg` : undefined,
    children: post.mediaType === 'CAROUSEL_ALBUM' ? { data: [{ id: `${post.id}1` }, { id: `${post.id}2` }] } : undefined,
    is_quote_post: post.isQuotePost ?? false,
  };
}

const cursor = (i: number): string => Buffer.from(`th:${i}`).toString('base64url');

function uncursor(value: string | undefined): number | undefined {
  const m = value ? /^th:(\d+)$/.exec(Buffer.from(value, 'base64url').toString()) : null;
  return m ? Number(m[1]) : undefined;
}

/** `{data, paging:{cursors:{before,after}, next?, previous?}}`; `next` is absent on the last page. */
export function page(query: Record<string, string | undefined>, count: number, at: (k: number) => Record<string, unknown>, host: string): object {
  const limit = Math.max(1, Math.min(Number(query.limit) || 25, 100));
  const after = uncursor(query.after);
  const before = uncursor(query.before);
  const start = after !== undefined ? after + 1 : before !== undefined ? Math.max(0, before - limit) : 0;
  const end = Math.min(start + limit, count) - 1;
  if (end < start) return { data: [] };
  const data = Array.from({ length: end - start + 1 }, (_, k) => at(start + k));
  const link = (key: 'after' | 'before', value: string): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && k !== 'after' && k !== 'before') q.set(k, v);
    q.set('limit', String(limit));
    q.set(key, value);
    return `https://${host}/v1.0/me/threads?${q}`;
  };
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(end) } };
  if (end + 1 < count) paging.next = link('after', cursor(end));
  if (start > 0) paging.previous = link('before', cursor(start));
  return { data, paging };
}
