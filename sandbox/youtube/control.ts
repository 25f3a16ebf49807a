/**
 * Control routes for the simulated Google, under `/_sandbox/google/...` (nothing here exists at Google):
 *   GET|PATCH /config                    lifetimes, death rules, quota, clients
 *   GET|POST  /accounts                  list / create ({username, name?, channel?: {...} | null, grantedScopes?})
 *   POST      /accounts/:username/events {event: 'revoke' | 'password-change', clientId?}
 *   POST      /tokens                    mint a grant without the consent screen
 *   POST      /connections               {count, prefix?}: N accounts with a channel and a grant each
 *   GET       /quota?clientId=           units spent today (Pacific)
 *   PUT       /videos/:id/statistics     {viewCount?, likeCount?, commentCount?}: exact figures (null: hidden / off)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fail, parse, seedBody } from '../core/control-support.ts';
import type { GoogleAccount } from './model.ts';
import type { GoogleWorld } from './world.ts';

const clientSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1), name: z.string(), redirectUris: z.array(z.string()) });

const configBody = z
  .object({
    accessTokenSeconds: z.number().int().positive(),
    codeSeconds: z.number().int().positive(),
    idleSeconds: z.number().int().positive(),
    maxRefreshTokens: z.number().int().positive(),
    publishingStatus: z.enum(['production', 'testing']),
    testingRefreshSeconds: z.number().int().positive(),
    quotaPerDay: z.number().int().min(0),
    demographicsMinSubscribers: z.number().int().min(0),
    emptyChannelList: z.enum(['empty', 'omitted']),
    clients: z.array(clientSchema),
  })
  .partial()
  .strict();

const accountBody = z.object({
  username: z.string().regex(/^[a-z0-9._-]{1,64}$/i),
  name: z.string().optional(),
  channel: z
    .object({
      title: z.string(),
      customUrl: z.string().regex(/^@/),
      description: z.string(),
      country: z.string(),
      viewCount: z.number().int().min(0),
      subscriberCount: z.number().int().min(0),
      hiddenSubscriberCount: z.boolean(),
      videoCount: z.number().int().min(0).max(20_000),
    })
    .partial()
    .nullable()
    .optional(),
  grantedScopes: z.array(z.string()).optional(),
});

const eventBody = z.object({ event: z.enum(['revoke', 'password-change']), clientId: z.string().optional() });

const tokenBody = z.object({
  username: z.string(),
  clientId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
  offline: z.boolean().optional(),
});

export function googleAccountJson(a: GoogleAccount): object {
  return {
    username: a.username,
    sub: a.sub,
    email: a.email,
    name: a.name,
    channel: a.channel ?? null,
    granted_scopes: a.grantedScopes ?? null,
    clients: Object.fromEntries(Object.entries(a.clients).map(([id, g]) => [id, { epoch: g.epoch, scopes: g.scopes }])),
  };
}

const base = '/_sandbox/google';

export function registerGoogleControl(app: FastifyInstance, google: GoogleWorld): void {
  registerAccountRoutes(app, google);
  registerTokenRoutes(app, google);
  app.get(`${base}/quota`, (req) => google.quotaUsed((req.query as { clientId?: string }).clientId ?? google.config.clients[0]!.clientId));
  app.put(`${base}/videos/:videoId/statistics`, (req, reply) => {
    const body = parse(statisticsBody, req.body, reply);
    if (!body) return reply;
    const video = google.setVideoStatistics((req.params as { videoId: string }).videoId, body);
    if (!video) return fail(reply, 404, 'unknown_video', 'No channel has this video');
    return { id: video.id, viewCount: video.viewCount, likeCount: video.likeCount, commentCount: video.commentCount };
  });
}

const count = z.number().int().min(0);
const statisticsBody = z.object({ viewCount: count, likeCount: count.nullable(), commentCount: count.nullable() }).partial().strict();

function registerAccountRoutes(app: FastifyInstance, google: GoogleWorld): void {
  app.get(`${base}/config`, () => google.config);
  app.patch(`${base}/config`, (req, reply) => {
    const body = parse(configBody, req.body, reply);
    if (!body) return reply;
    Object.assign(google.config, body);
    return google.config;
  });

  app.get(`${base}/accounts`, () => google.accounts().map(googleAccountJson));
  app.post(`${base}/accounts`, (req, reply) => {
    const body = parse(accountBody, req.body, reply);
    if (!body) return reply;
    if (google.account(body.username)) return fail(reply, 409, 'account_exists', `${body.username} already exists`);
    return reply.code(201).send(googleAccountJson(google.createAccount(body)));
  });
  app.post(`${base}/accounts/:username/events`, (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(eventBody, req.body, reply);
    if (!body) return reply;
    if (!google.account(username)) return fail(reply, 404, 'unknown_account', `No account ${username}`);
    return googleAccountJson(google.applyEvent(username, body.event, body.clientId));
  });
}

function registerTokenRoutes(app: FastifyInstance, google: GoogleWorld): void {
  app.post(`${base}/tokens`, (req, reply) => {
    const body = parse(tokenBody, req.body, reply);
    if (!body) return reply;
    if (!google.account(body.username)) return fail(reply, 404, 'unknown_account', `No account ${body.username}`);
    const { refresh, access } = google.mintTokens({ ...body, issuedAt: body.issuedAt === undefined ? undefined : new Date(body.issuedAt) });
    return reply.code(201).send({
      access_token: access.value,
      refresh_token: refresh?.value ?? null,
      scope: access.scopes.join(' '),
      channel_id: google.account(body.username)!.channel?.id ?? null,
      expires_at: new Date(access.expiresAtMs).toISOString(),
    });
  });
  app.post(`${base}/connections`, (req, reply) => {
    const body = parse(seedBody, req.body, reply);
    if (!body) return reply;
    return reply.code(201).send(google.seedConnections(body.count, { prefix: body.prefix }));
  });
}
