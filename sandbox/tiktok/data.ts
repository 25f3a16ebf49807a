/**
 * The Display API v2 endpoints of the simulated TikTok: user info, video list, video query
 * (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info, …-video-list, …-video-query).
 *
 * Every call: record + fault, then the Bearer token, then the app's rate-limit window for that endpoint,
 * then the parameters, then the scopes the requested fields need.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { followersAt } from '../core/account-figures.ts';
import { type AccessToken, type Account, USER_FIELD_SCOPES, VIDEO_FIELDS, type Video, videoFigures } from './model.ts';
import { faulted, loseAnswer, sendApiError, sendApiOk, sendThrottle } from './wire.ts';
import type { TikTokWorld } from './world.ts';

type Handler = (tt: TikTokWorld, token: AccessToken, req: FastifyRequest, reply: FastifyReply) => FastifyReply;

const MAX_COUNT = 20;

function bearer(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}

/** The requested fields, or the first one that does not exist. */
function fieldsOf(req: FastifyRequest, known: readonly string[]): { fields: string[] } | { unknown: string } {
  const raw = (req.query as Record<string, unknown>).fields;
  const fields = (typeof raw === 'string' ? raw : '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.find((f) => !known.includes(f));
  return unknown === undefined ? { fields } : { unknown };
}

function guarded(endpoint: string, handler: Handler) {
  return async (tt: TikTokWorld, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const value = bearer(req) ?? '';
    const known = tt.accessToken(value);
    const fault = await faulted(tt, reply, endpoint, 'api', known?.grant.account.openId);
    if (fault === true) return;
    const token = tt.checkAccess(value);
    if (!token) return sendApiError(tt, reply, 'access_token_invalid');
    const resetAt = tt.throttledUntil(token.grant.clientKey, endpoint);
    if (resetAt !== undefined) tt.context.calls.timeline.throttled(endpoint, token.grant.account.openId, 'rate_limit_exceeded');
    if (resetAt !== undefined) return sendThrottle(tt, reply, 'api', resetAt);
    if (fault) return loseAnswer(tt, reply, fault);
    return handler(tt, token, req, reply);
  };
}

const userInfo: Handler = (tt, token, req, reply) => {
  const parsed = fieldsOf(req, Object.keys(USER_FIELD_SCOPES));
  if ('unknown' in parsed) return sendApiError(tt, reply, 'invalid_params', `Invalid field: ${parsed.unknown}`);
  if (parsed.fields.length === 0) return sendApiError(tt, reply, 'invalid_params', 'The fields parameter is required.');
  const missing = [...new Set(parsed.fields.map((f) => USER_FIELD_SCOPES[f]!))].filter((s) => !token.grant.scopes.includes(s));
  if (missing.length > 0) return sendApiError(tt, reply, 'scope_not_authorized');
  const all = userJson(token.grant.account, tt.context.clock.now().getTime());
  return sendApiOk(tt, reply, { user: Object.fromEntries(parsed.fields.map((f) => [f, all[f]])) });
};

/** The profile and its counts on the sandbox clock: followers grow (core/account-figures.ts), likes are what the videos have now. */
function userJson(a: Account, nowMs: number): Record<string, unknown> {
  const avatar = `https://p16-sign-va.tiktokcdn.com/sandbox/${encodeURIComponent(a.username)}`;
  return {
    open_id: a.openId,
    union_id: a.unionId,
    avatar_url: `${avatar}~c5_168x168.jpeg`,
    avatar_url_100: `${avatar}~c5_100x100.jpeg`,
    avatar_large_url: `${avatar}~c5_1080x1080.jpeg`,
    display_name: a.displayName,
    bio_description: a.bio,
    profile_deep_link: `https://vm.tiktok.com/sandbox-${encodeURIComponent(a.username)}/`,
    is_verified: a.isVerified,
    username: a.username,
    follower_count: a.createdAtMs === undefined ? a.followerCount : followersAt(a.openId, a.followerCount, a.createdAtMs, nowMs),
    following_count: a.followingCount,
    likes_count: a.videos.reduce((sum, v) => sum + videoFigures(v, nowMs).likeCount, 0),
    video_count: a.videos.length,
  };
}

function videoJson(a: Account, v: Video, fields: string[], nowMs: number): Record<string, unknown> {
  const shareUrl = `https://www.tiktok.com/@${a.username}/video/${v.id}`;
  const figures = videoFigures(v, nowMs);
  const all: Record<string, unknown> = {
    id: v.id,
    create_time: v.createTime,
    // Signed CDN links that expire after about six hours.
    cover_image_url: `https://p16-sign-va.tiktokcdn.com/sandbox/${v.id}~tplv-noop.image?x-expires=${Math.floor(nowMs / 1000) + 6 * 3600}`,
    share_url: shareUrl,
    video_description: v.description,
    duration: v.duration,
    height: v.height,
    width: v.width,
    title: v.title,
    embed_html: `<blockquote class="tiktok-embed" cite="${shareUrl}" data-video-id="${v.id}"><section></section></blockquote>`,
    embed_link: `https://www.tiktok.com/player/v1/${v.id}`,
    like_count: figures.likeCount,
    comment_count: figures.commentCount,
    share_count: figures.shareCount,
    view_count: figures.viewCount,
    is_aigc: v.isAigc,
  };
  return Object.fromEntries(fields.map((f) => [f, all[f]]));
}

/** Fields and the video.list scope, shared by list and query; answers the error itself when they fail. */
function videoFields(tt: TikTokWorld, token: AccessToken, req: FastifyRequest, reply: FastifyReply): string[] | undefined {
  const parsed = fieldsOf(req, VIDEO_FIELDS);
  if ('unknown' in parsed) return void sendApiError(tt, reply, 'invalid_params', `Invalid field: ${parsed.unknown}`);
  if (!token.grant.scopes.includes('video.list')) return void sendApiError(tt, reply, 'scope_not_authorized');
  return parsed.fields.length > 0 ? parsed.fields : ['id'];
}

const videoList: Handler = (tt, token, req, reply) => {
  const fields = videoFields(tt, token, req, reply);
  if (!fields) return reply;
  const body = (req.body ?? {}) as { cursor?: unknown; max_count?: unknown };
  const maxCount = body.max_count === undefined ? 10 : Number(body.max_count);
  const cursor = body.cursor === undefined || body.cursor === null ? Infinity : Number(body.cursor);
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > MAX_COUNT || Number.isNaN(cursor)) {
    return sendApiError(tt, reply, 'invalid_params', `max_count must be between 1 and ${MAX_COUNT}; cursor must be a timestamp in milliseconds.`);
  }
  const account = token.grant.account;
  const older = account.videos.filter((v) => v.createTime * 1000 < cursor).sort((a, b) => b.createTime - a.createTime);
  const page = older.slice(0, maxCount);
  const nowMs = tt.context.clock.now().getTime();
  const next = page.length > 0 ? page[page.length - 1]!.createTime * 1000 : 0;
  return sendApiOk(tt, reply, { videos: page.map((v) => videoJson(account, v, fields, nowMs)), cursor: next, has_more: older.length > page.length });
};

const videoQuery: Handler = (tt, token, req, reply) => {
  const fields = videoFields(tt, token, req, reply);
  if (!fields) return reply;
  const ids = ((req.body ?? {}) as { filters?: { video_ids?: unknown } }).filters?.video_ids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_COUNT || !ids.every((id) => typeof id === 'string')) {
    return sendApiError(tt, reply, 'invalid_params', `filters.video_ids must list 1 to ${MAX_COUNT} video ids.`);
  }
  const account = token.grant.account;
  const nowMs = tt.context.clock.now().getTime();
  // Only the person's own videos come back; other ids are left out silently.
  const videos = account.videos.filter((v) => ids.includes(v.id)).map((v) => videoJson(account, v, fields, nowMs));
  return sendApiOk(tt, reply, { videos });
};

export function registerTikTokData(app: FastifyInstance, tt: TikTokWorld, prefix: string): void {
  const user = guarded('tiktok.user_info', userInfo);
  const list = guarded('tiktok.video_list', videoList);
  const query = guarded('tiktok.video_query', videoQuery);
  app.get(`${prefix}/v2/user/info/`, (req, reply) => user(tt, req, reply));
  app.post(`${prefix}/v2/video/list/`, (req, reply) => list(tt, req, reply));
  app.post(`${prefix}/v2/video/query/`, (req, reply) => query(tt, req, reply));
}
