/**
 * Control routes of the simulated Threads, under `/_sandbox/threads/...` (nothing here exists on Threads).
 * JSON in, JSON out; errors are `{"error":"<snake_case>","message":"..."}` like the shared control API.
 *
 *   PATCH     /_sandbox/threads/config                       lifetimes, refresh age, limits, demographics floor
 *   GET|POST  /_sandbox/threads/accounts                     test profiles; create one
 *   POST      /_sandbox/threads/accounts/:username/posts     publish a post now ({text, mediaType, isQuotePost})
 *   PATCH     /_sandbox/threads/accounts/:username           {followersCount}
 *   POST      /_sandbox/threads/accounts/:username/events    {event: revoke | password-change}
 *   POST      /_sandbox/threads/accounts/:username/:event    the same, as Instagram's control takes it
 *   PUT       /_sandbox/threads/media/:id/insights           exact figures for a post (Threads names)
 *   POST      /_sandbox/threads/tokens                       mint a token directly
 *   POST      /_sandbox/threads/connections                  {count}: new profiles, each with a long-lived token
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fail, parse, seedBody } from '../core/control-support.ts';
import { figuresBody } from '../meta/metrics.ts';
import { type ThreadsEvent, type ThreadsProfileRecord, threadsEventSubcode } from './model.ts';
import type { ThreadsWorld } from './world.ts';

const configBody = z
  .object({
    longLivedSeconds: z.number().int().positive(),
    shortLivedSeconds: z.number().int().positive(),
    codeSeconds: z.number().int().positive(),
    minRefreshAgeSeconds: z.number().int().min(0),
    refreshGraceSeconds: z.number().int().min(0),
    callsPerDay: z.number().int().positive(),
    demographicsFloor: z.number().int().min(0),
  })
  .partial()
  .strict();

const profileBody = z.object({
  username: z.string().regex(/^[a-z0-9._]{1,30}$/i),
  name: z.string().max(100).optional(),
  biography: z.string().max(500).optional(),
  isPrivate: z.boolean().optional(),
  followersCount: z.number().int().min(0).optional(),
  postCount: z.number().int().min(0).max(10_000).optional(),
  grantedScopes: z.array(z.string()).optional(),
});

const postBody = z.object({
  // Threads posts are up to 500 characters.
  text: z.string().max(500).default(''),
  mediaType: z.enum(['TEXT_POST', 'IMAGE', 'VIDEO', 'CAROUSEL_ALBUM', 'REPOST_FACADE']).default('TEXT_POST'),
  isQuotePost: z.boolean().optional(),
});

const tokenBody = z.object({
  username: z.string(),
  kind: z.enum(['long', 'short']).optional(),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
  expiresInSeconds: z.number().int().optional(),
  clientId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
});

function profileJson(p: ThreadsProfileRecord): object {
  return {
    id: p.id,
    username: p.username,
    name: p.name,
    is_private: p.isPrivate,
    followers_count: p.followersCount,
    post_count: p.postCount + p.published.length,
    granted_scopes: p.grantedScopes ?? null,
  };
}

export function registerThreadsControl(app: FastifyInstance, threads: ThreadsWorld): void {
  const base = '/_sandbox/threads';
  const known = (username: string) => threads.profile(username);

  app.get(`${base}/config`, () => {
    const { apps: _apps, ...config } = threads.config;
    return config;
  });
  app.patch(`${base}/config`, (req, reply) => {
    const body = parse(configBody, req.body, reply);
    if (!body) return reply;
    Object.assign(threads.config, body);
    const { apps: _apps, ...config } = threads.config;
    return config;
  });
  app.get(`${base}/accounts`, () => threads.profiles().map(profileJson));
  app.post(`${base}/accounts`, (req, reply) => {
    const body = parse(profileBody, req.body, reply);
    if (!body) return reply;
    if (known(body.username)) return fail(reply, 409, 'profile_exists', `@${body.username} already exists`);
    return reply.code(201).send(profileJson(threads.createProfile(body)));
  });
  app.patch(`${base}/accounts/:username`, (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(z.object({ followersCount: z.number().int().min(0) }).strict(), req.body, reply);
    if (!body) return reply;
    if (!known(username)) return fail(reply, 404, 'unknown_profile', `No profile @${username}`);
    return profileJson(threads.setFollowers(username, body.followersCount));
  });
  // Static segments win over `:event` in the router, so `posts` and `events` are never read as an event.
  app.post(`${base}/accounts/:username/posts`, (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(postBody, req.body ?? {}, reply);
    if (!body) return reply;
    if (!known(username)) return fail(reply, 404, 'unknown_profile', `No profile @${username}`);
    return reply.code(201).send(threads.publish(username, body));
  });
  app.post(`${base}/accounts/:username/events`, (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(z.object({ event: z.enum(['revoke', 'password-change']) }), req.body, reply);
    if (!body) return reply;
    if (!known(username)) return fail(reply, 404, 'unknown_profile', `No profile @${username}`);
    threads.applyEvent(username, body.event);
    return { username, event: body.event, subcode: threadsEventSubcode[body.event] };
  });
  app.post(`${base}/accounts/:username/:event`, (req, reply) => {
    const { username, event } = req.params as { username: string; event: string };
    if (!(event in threadsEventSubcode)) return fail(reply, 404, 'unknown_event', `Events: ${Object.keys(threadsEventSubcode).join(', ')}`);
    if (!known(username)) return fail(reply, 404, 'unknown_profile', `No profile @${username}`);
    threads.applyEvent(username, event as ThreadsEvent);
    return { username, event, subcode: threadsEventSubcode[event as ThreadsEvent] };
  });
  app.put(`${base}/media/:id/insights`, (req, reply) => {
    const body = parse(figuresBody, req.body, reply);
    if (!body) return reply;
    const { id } = req.params as { id: string };
    return { id, figures: threads.metrics.set(id, body) };
  });
  app.post(`${base}/tokens`, (req, reply) => {
    const body = parse(tokenBody, req.body, reply);
    if (!body) return reply;
    if (!known(body.username)) return fail(reply, 404, 'unknown_profile', `No profile @${body.username}`);
    const token = threads.mintToken({ ...body, issuedAt: body.issuedAt === undefined ? undefined : new Date(body.issuedAt) });
    return reply.code(201).send({
      access_token: token.value,
      user_id: token.profile.id,
      kind: token.kind,
      issued_at: new Date(token.issuedAtMs).toISOString(),
      expires_at: new Date(token.expiresAtMs).toISOString(),
    });
  });
  app.post(`${base}/connections`, (req, reply) => {
    const body = parse(seedBody, req.body, reply);
    if (!body) return reply;
    return reply.code(201).send(threads.seedConnections(body.count, { prefix: body.prefix }));
  });
}
