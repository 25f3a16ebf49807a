/**
 * graph.instagram.com media edges: `GET [/vN.N]/me/media` (feed posts and reels, newest first, cursor-paged)
 * and `GET [/vN.N]/me/stories` (stories of the last 24 hours). Both need instagram_business_basic.
 * Docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
 * and …/ig-user/stories; fields: …/reference/ig-media.
 *
 * An account's media are generated from its record (a million accounts cost nothing): `mediaCount` feed items
 * before the account joined, 36 hours apart, cycling image, reel, image, carousel, image; every eleventh is
 * copyrighted (no `media_url`, as Instagram does). Two stories are posted a few hours before it joined, and
 * `world.instagram.publishMedia` adds newer items. Without `fields` only `id` comes back.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { instagramCdnUrl } from '../core/cdn.ts';
import type { World } from '../core/world.ts';
import { paramError, sendGraphError } from '../meta/graph-errors.ts';
import { STORY_LIFETIME_MS } from '../meta/metrics.ts';
import { checkError, faulted, missingToken, one, type Query, sendGraphOk, tokenFrom } from './http.ts';
import type { Account, MediaProductType, MediaType, PublishedMedia } from './model.ts';

const HOUR_MS = 3_600_000;
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const CYCLE: [MediaType, MediaProductType][] = [
  ['IMAGE', 'FEED'],
  ['VIDEO', 'REELS'],
  ['IMAGE', 'FEED'],
  ['CAROUSEL_ALBUM', 'FEED'],
  ['IMAGE', 'FEED'],
];
const MEDIA_FIELDS = new Set([
  'id',
  'caption',
  'media_type',
  'media_product_type',
  'media_url',
  'thumbnail_url',
  'permalink',
  'shortcode',
  'timestamp',
  'like_count',
  'comments_count',
  'username',
  'is_comment_enabled',
]);

/**
 * The i-th newest generated feed item (0 = the newest, published 36 hours before the account joined), of
 * `total` generated ones: numbered from the oldest, so publishing a new post renames none of them.
 */
function generated(account: Account, i: number, total: number): PublishedMedia {
  const [mediaType, productType] = CYCLE[i % CYCLE.length]!;
  return {
    id: `18${account.userId.slice(-8)}${String(i).padStart(7, '0')}`,
    mediaType,
    productType,
    caption: `${account.name} post #${total - i}`,
    publishedAtMs: account.createdAtMs - (i + 1) * 36 * HOUR_MS,
    copyrighted: i % 11 === 6,
  };
}

function seededStories(account: Account): PublishedMedia[] {
  return [2, 9].map((hours, i) => ({
    id: `179${account.userId.slice(-8)}${String(i).padStart(6, '0')}`,
    mediaType: i === 0 ? 'IMAGE' : 'VIDEO',
    productType: 'STORY',
    caption: '',
    publishedAtMs: account.createdAtMs - hours * HOUR_MS,
  }));
}

/** The feed newest first: what was published through the sandbox, then the generated items. */
export function feed(account: Account): { count: number; at(k: number): PublishedMedia } {
  const published = account.published.filter((m) => m.productType !== 'STORY').reverse();
  const generatedCount = Math.max(0, account.mediaCount - published.length);
  return { count: published.length + generatedCount, at: (k) => (k < published.length ? published[k]! : generated(account, k - published.length, generatedCount)) };
}

export function liveStories(world: World, account: Account): PublishedMedia[] {
  const now = world.clock.now().getTime();
  const all = [...account.published.filter((m) => m.productType === 'STORY').reverse(), ...seededStories(account)];
  return all.filter((m) => m.publishedAtMs <= now && now < m.publishedAtMs + STORY_LIFETIME_MS);
}

/** The account's media (feed, reel or story, live or expired) with this id, or undefined. */
export function findMedia(world: World, id: string): { account: Account; media: PublishedMedia } | undefined {
  const story = /^179(\d{8})(\d{6})$/.exec(id);
  const gen = /^18(\d{8})(\d{7})$/.exec(id);
  const pub = /^17(\d{8})\d{6}$/.exec(id);
  const account = world.instagram.accountBySuffix((story ?? gen ?? pub)?.[1] ?? '');
  if (!account) return undefined;
  if (story) {
    const media = seededStories(account)[Number(story[2])];
    return media ? { account, media } : undefined;
  }
  if (gen) {
    const total = Math.max(0, account.mediaCount - account.published.filter((m) => m.productType !== 'STORY').length);
    const i = Number(gen[2]);
    return i < total ? { account, media: generated(account, i, total) } : undefined;
  }
  const media = account.published.find((m) => m.id === id);
  return media ? { account, media } : undefined;
}

/** Graph's timestamp format: 2019-04-05T07:56:32+0000. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** A carousel's children: two pictures and a video (Instagram allows up to ten, of either kind). */
export function carouselChildren(world: World, m: PublishedMedia): Record<string, unknown>[] {
  return (['IMAGE', 'IMAGE', 'VIDEO'] as const).map((type, k) => {
    const seed = `${m.id}-c${k + 1}`;
    const video = type === 'VIDEO';
    return {
      id: `${m.id}${k + 1}`,
      media_type: type,
      media_url: instagramCdnUrl(world, `${seed}.${video ? 'mp4' : 'jpg'}`),
      thumbnail_url: video ? instagramCdnUrl(world, `${seed}-thumb.jpg`) : undefined,
      timestamp: graphTime(m.publishedAtMs),
    };
  });
}

/**
 * The IG Media node as Graph returns it. Its CDN links are signed anew at each read and expire
 * (core/cdn.ts); a carousel's `media_url` is its first child's, as on Instagram.
 */
export function mediaNode(world: World, account: Account, m: PublishedMedia): Record<string, unknown> {
  const video = m.mediaType === 'VIDEO';
  const story = m.productType === 'STORY';
  const shortcode = createHash('sha1').update(m.id).digest('base64url').slice(0, 11);
  const children = m.mediaType === 'CAROUSEL_ALBUM' ? carouselChildren(world, m) : undefined;
  return {
    id: m.id,
    // A story has no caption field at all.
    caption: story ? undefined : m.caption,
    media_type: m.mediaType,
    media_product_type: m.productType,
    media_url: m.copyrighted ? undefined : (children?.[0]?.media_url ?? instagramCdnUrl(world, `${m.id}.${video ? 'mp4' : 'jpg'}`)),
    thumbnail_url: video ? instagramCdnUrl(world, `${m.id}-thumb.jpg`) : undefined,
    permalink: story ? `https://www.instagram.com/stories/${account.username}/${m.id}/` : `https://www.instagram.com/${m.productType === 'REELS' ? 'reel' : 'p'}/${shortcode}/`,
    shortcode,
    timestamp: graphTime(m.publishedAtMs),
    like_count: story ? undefined : 40 + ((Number(m.id.slice(-4)) * 37) % 400),
    comments_count: story ? undefined : (Number(m.id.slice(-4)) * 7) % 30,
    username: account.username,
    is_comment_enabled: !story,
  };
}

const cursor = (i: number): string => Buffer.from(`ig:${i}`).toString('base64url');

function uncursor(value: string | undefined): number | undefined {
  const m = value ? /^ig:(\d+)$/.exec(Buffer.from(value, 'base64url').toString()) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * Graph cursor paging: `{data, paging:{cursors:{before,after}, next?, previous?}}`; `next` is absent on the
 * last page. The real `next` names the account id (`/{ig-user-id}/media`); the sandbox serves `/me/media`,
 * so its links say `me`. `access_token` is repeated in them only when the request carried it in the query.
 */
function paginate(query: Query, count: number, at: (k: number) => Record<string, unknown>, edge: string): object {
  const limit = Math.max(1, Math.min(Number(query.limit) || DEFAULT_LIMIT, MAX_LIMIT));
  const after = uncursor(one(query.after));
  const before = uncursor(one(query.before));
  const start = after !== undefined ? after + 1 : before !== undefined ? Math.max(0, before - limit) : 0;
  const end = Math.min(start + limit, count) - 1;
  if (end < start) return { data: [] };
  const data = Array.from({ length: end - start + 1 }, (_, k) => at(start + k));
  const link = (key: 'after' | 'before', value: string): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && k !== 'after' && k !== 'before') q.set(k, v);
    q.set('limit', String(limit));
    q.set(key, value);
    return `https://graph.instagram.com/v25.0/me/${edge}?${q}`;
  };
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(end) } };
  if (end + 1 < count) paging.next = link('after', cursor(end));
  if (start > 0) paging.previous = link('before', cursor(start));
  return { data, paging };
}

async function edge(world: World, req: FastifyRequest, reply: FastifyReply, name: 'media' | 'stories'): Promise<FastifyReply | undefined> {
  const value = tokenFrom(req);
  const known = value ? world.instagram.token(value) : undefined;
  if (await faulted(world, reply, name, 'graph', known?.account.userId, known?.clientId)) return;
  if (!value) return sendGraphError(reply, missingToken);
  const check = world.instagram.check(value);
  if (!check.ok) return sendGraphError(reply, checkError(world, check));
  const { account, scopes } = check.token;
  if (!scopes.includes('instagram_business_basic')) {
    return sendGraphError(reply, { ...paramError('(#10) Application does not have permission for this action', 10), type: 'OAuthException' });
  }
  if (account.accountType === 'PERSONAL' && world.config.personalAccounts === 'refuse') {
    return sendGraphError(reply, { ...paramError('(#10) The user is not an Instagram Business account', 10), type: 'OAuthException' });
  }
  const query = req.query as Query;
  const fields = (one(query.fields) ?? 'id')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.find((f) => !MEDIA_FIELDS.has(f));
  if (unknown) return sendGraphError(reply, paramError(`(#100) Tried accessing nonexisting field (${unknown}) on node type (IGMedia)`));
  const pick = (m: PublishedMedia): Record<string, unknown> => {
    const all = mediaNode(world, account, m);
    const out: Record<string, unknown> = {};
    for (const f of fields) if (all[f] !== undefined) out[f] = all[f];
    out.id = m.id; // the Graph API always returns the node id
    return out;
  };
  const list = name === 'media' ? feed(account) : ((items) => ({ count: items.length, at: (k: number) => items[k]! }))(liveStories(world, account));
  return sendGraphOk(
    world,
    reply,
    name,
    account.userId,
    paginate(query, list.count, (k) => pick(list.at(k)), name),
    check.token.clientId,
  );
}

export const media = (world: World, req: FastifyRequest, reply: FastifyReply) => edge(world, req, reply, 'media');
export const stories = (world: World, req: FastifyRequest, reply: FastifyReply) => edge(world, req, reply, 'stories');
