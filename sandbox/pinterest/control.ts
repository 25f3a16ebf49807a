/**
 * Control routes of the simulated Pinterest, under `/_sandbox/pinterest/...` (nothing here exists on
 * Pinterest): configuration, accounts, account events, minted grants and bulk connections. JSON in,
 * JSON out; errors are `{"error":"<snake_case>","message":"..."}` like the shared control API.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fail, parse, seedBody } from '../core/control-support.ts';
import { PIN_METRICS } from './analytics.ts';
import { type PinterestAccount, type PinterestEvent, pinterestEvents } from './model.ts';
import type { PinterestWorld } from './world.ts';

const configBody = z
  .object({
    accessTokenSeconds: z.number().int().positive(),
    refreshTokenSeconds: z.number().int().positive(),
    legacyRefreshTokenSeconds: z.number().int().positive(),
    refreshMode: z.enum(['continuous', 'legacy']),
    oldRefreshToken: z.enum(['invalidated', 'kept']),
    expiresInAsString: z.boolean(),
    codeSeconds: z.number().int().positive(),
    perUserPerSecond: z.number().int().positive(),
    analyticsPerUserPerMinute: z.number().int().positive(),
    retryAfterSeconds: z.number().int().min(0).nullable(),
    analyticsMaxDaysBack: z.number().int().min(1),
  })
  .partial()
  .strict();

const accountBody = z.object({
  username: z.string().regex(/^[a-z0-9._]{3,30}$/i),
  accountType: z.enum(['BUSINESS', 'PINNER']),
  businessName: z.string().nullable().optional(),
  pinCount: z.number().int().min(0).max(10_000).optional(),
  boardCount: z.number().int().min(0).optional(),
  followerCount: z.number().int().min(0).optional(),
  grantedScopes: z.array(z.string()).optional(),
  systemUser: z.boolean().optional(),
});

const eventBody = z.object({ event: z.enum(pinterestEvents as [PinterestEvent, ...PinterestEvent[]]) });

const tokenBody = z.object({
  username: z.string(),
  clientId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
  accessTokenSeconds: z.number().int().positive().optional(),
  refreshTokenSeconds: z.number().int().positive().optional(),
});

function accountJson(a: PinterestAccount): object {
  return {
    id: a.id,
    username: a.username,
    account_type: a.accountType,
    business_name: a.businessName,
    pin_count: a.pinCount,
    board_count: a.boardCount,
    follower_count: a.followerCount,
    system_user: a.systemUser,
    granted_scopes: a.grantedScopes ?? null,
  };
}

const pinFiguresBody = z.object({ metrics: z.partialRecord(z.enum(PIN_METRICS), z.number().min(0)).default({}), status: z.literal('PROCESSING').optional() }).strict();

export function registerPinterestControl(app: FastifyInstance, pinterest: PinterestWorld): void {
  const base = '/_sandbox/pinterest';
  app.get(`${base}/config`, () => pinterest.config);
  app.patch(`${base}/config`, (req, reply) => {
    const body = parse(configBody, req.body, reply);
    if (!body) return reply;
    Object.assign(pinterest.config, body);
    return pinterest.config;
  });

  app.get(`${base}/accounts`, () => pinterest.accounts().map(accountJson));
  app.post(`${base}/accounts`, (req, reply) => {
    const body = parse(accountBody, req.body, reply);
    if (!body) return reply;
    if (pinterest.account(body.username)) return fail(reply, 409, 'account_exists', `${body.username} already exists`);
    return reply.code(201).send(accountJson(pinterest.createAccount(body)));
  });
  app.post(`${base}/accounts/:username/events`, (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(eventBody, req.body, reply);
    if (!body) return reply;
    if (!pinterest.account(username)) return fail(reply, 404, 'unknown_account', `No account ${username}`);
    pinterest.applyEvent(username, body.event);
    return { username, event: body.event };
  });

  // Exact summary and lifetime figures of one pin, by metric name; `status: 'PROCESSING'` holds them back as not ready.
  app.put(`${base}/pins/:pinId/analytics`, (req, reply) => {
    const { pinId } = req.params as { pinId: string };
    const body = parse(pinFiguresBody, req.body, reply);
    if (!body) return reply;
    if (!pinterest.setPinFigures(pinId, body)) return fail(reply, 404, 'unknown_pin', `No pin ${pinId}`);
    return { pin_id: pinId, ...body };
  });

  app.post(`${base}/tokens`, (req, reply) => {
    const body = parse(tokenBody, req.body, reply);
    if (!body) return reply;
    if (!pinterest.account(body.username)) return fail(reply, 404, 'unknown_account', `No account ${body.username}`);
    const { access, refresh } = pinterest.mint({ ...body, issuedAt: body.issuedAt === undefined ? undefined : new Date(body.issuedAt) });
    return reply.code(201).send({
      access_token: access.value,
      refresh_token: refresh.value,
      user_id: access.account.id,
      scope: access.scopes.join(' '),
      expires_at: new Date(access.expiresAtMs).toISOString(),
      refresh_token_expires_at: new Date(refresh.expiresAtMs).toISOString(),
    });
  });
  app.post(`${base}/connections`, (req, reply) => {
    const body = parse(seedBody, req.body, reply);
    if (!body) return reply;
    return reply.code(201).send(pinterest.seedConnections(body.count, { prefix: body.prefix }));
  });
}
