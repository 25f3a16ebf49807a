/**
 * Control routes of the simulated TikTok, under `/_sandbox/tiktok/...` (nothing here exists on TikTok):
 * its configuration, accounts and their events, directly minted grants and bulk-seeded connections.
 * JSON in, JSON out; errors are `{"error":"<snake_case>","message":"..."}` like the rest of the control API.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fail, parse, seedBody } from '../core/control-support.ts';
import { ACCOUNT_EVENTS, type Account, type AccountEvent, SCOPES } from './model.ts';
import type { TikTokWorld } from './world.ts';

const configBody = z
  .object({
    accessTokenSeconds: z.number().int().positive(),
    refreshTokenSeconds: z.number().int().positive(),
    refreshExpiry: z.enum(['fixed', 'sliding']),
    rotates: z.boolean(),
    rotationGraceSeconds: z.number().int().min(0),
    codeSeconds: z.number().int().positive(),
    oauthErrorStatus: z.number().int().min(200).max(599),
    rateLimitPerMinute: z.number().int().min(0),
    passwordChangeRevokes: z.boolean(),
  })
  .partial()
  .strict();

const scopeList = z.array(z.enum(SCOPES));

const accountBody = z.object({
  username: z.string().regex(/^[a-z0-9._]{2,24}$/i),
  displayName: z.string().optional(),
  bio: z.string().optional(),
  isVerified: z.boolean().optional(),
  followerCount: z.number().int().min(0).optional(),
  followingCount: z.number().int().min(0).optional(),
  videoCount: z.number().int().min(0).max(1000).optional(),
  grantedScopes: scopeList.optional(),
});

const count = z.number().int().min(0);
const figuresBody = z.object({ view_count: count, like_count: count, comment_count: count, share_count: count }).partial().strict();

const eventBody = z.object({ event: z.enum(ACCOUNT_EVENTS) });

const tokenBody = z.object({
  username: z.string(),
  scopes: scopeList.optional(),
  clientKey: z.string().optional(),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
});

export function tiktokAccountJson(a: Account): object {
  return {
    open_id: a.openId,
    union_id: a.unionId,
    username: a.username,
    display_name: a.displayName,
    status: a.status,
    follower_count: a.followerCount,
    video_count: a.videos.length,
    granted_scopes: a.grantedScopes ?? null,
  };
}

export function registerTikTokControl(app: FastifyInstance, tt: TikTokWorld): void {
  const base = '/_sandbox/tiktok';
  app.get(`${base}/config`, () => tt.config);
  app.patch(`${base}/config`, (req, reply) => {
    const body = parse(configBody, req.body, reply);
    if (!body) return reply;
    return Object.assign(tt.config, body);
  });

  app.get(`${base}/accounts`, () =>
    tt
      .accounts()
      .filter((a) => !a.bulk)
      .map(tiktokAccountJson),
  );
  app.post(`${base}/accounts`, (req, reply) => {
    const body = parse(accountBody, req.body, reply);
    if (!body) return reply;
    if (tt.account(body.username)) return fail(reply, 409, 'account_exists', `@${body.username} already exists`);
    return reply.code(201).send(tiktokAccountJson(tt.createAccount(body)));
  });
  app.post(`${base}/accounts/:username/events`, (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(eventBody, req.body, reply);
    if (!body) return reply;
    if (!tt.account(username)) return fail(reply, 404, 'unknown_account', `No account @${username}`);
    const before = tt.account(username)!.epoch;
    const account = tt.applyEvent(username, body.event as AccountEvent);
    return { username, event: body.event, grants_ended: account.epoch > before, status: account.status };
  });

  // Exact figures for one video (the rest keep what they show now); from then on they no longer grow with age.
  app.put(`${base}/videos/:videoId/figures`, (req, reply) => {
    const { videoId } = req.params as { videoId: string };
    const body = parse(figuresBody, req.body, reply);
    if (!body) return reply;
    const figures = { viewCount: body.view_count, likeCount: body.like_count, commentCount: body.comment_count, shareCount: body.share_count };
    const video = tt.setVideoFigures(videoId, Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined)));
    if (!video) return fail(reply, 404, 'unknown_video', `No video ${videoId}`);
    return { id: video.id, view_count: video.viewCount, like_count: video.likeCount, comment_count: video.commentCount, share_count: video.shareCount };
  });

  app.post(`${base}/tokens`, (req, reply) => {
    const body = parse(tokenBody, req.body, reply);
    if (!body) return reply;
    if (!tt.account(body.username)) return fail(reply, 404, 'unknown_account', `No account @${body.username}`);
    if (body.clientKey !== undefined && !tt.app(body.clientKey)) return fail(reply, 404, 'unknown_app', `No app ${body.clientKey}`);
    const { accessToken, refreshToken } = tt.mint({ ...body, issuedAt: body.issuedAt === undefined ? undefined : new Date(body.issuedAt) });
    return reply.code(201).send({
      open_id: accessToken.grant.account.openId,
      access_token: accessToken.value,
      refresh_token: refreshToken.value,
      scope: accessToken.grant.scopes.join(','),
      expires_at: new Date(accessToken.expiresAtMs).toISOString(),
      refresh_expires_at: new Date(refreshToken.expiresAtMs).toISOString(),
    });
  });
  app.post(`${base}/connections`, (req, reply) => {
    const body = parse(seedBody, req.body, reply);
    if (!body) return reply;
    return reply.code(201).send(tt.seedConnections(body.count, { prefix: body.prefix }));
  });
}
