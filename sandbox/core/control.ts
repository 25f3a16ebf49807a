/**
 * The control API, under `/_sandbox/...`: everything a test or a benchmark needs to steer the world
 * over HTTP when the sandbox runs in another process. JSON in, JSON out; errors are
 * `{"error":"<snake_case>","message":"..."}`. Nothing here exists on the real provider.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { faultSpecSchema } from './faults.ts';
import { eventSubcode, type Account, type AccountEvent } from '../instagram/model.ts';
import type { World } from './world.ts';
import { fail, parse, seedBody } from './control-support.ts';

interface SettableClock {
  set(instant: Date | string): void;
  advance(ms: number): void;
}

const clockBody = z.union([z.object({ now: z.iso.datetime({ offset: true }) }), z.object({ advanceSeconds: z.number() })]);

const mediaBody = z.object({
  mediaType: z.enum(['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM']).default('IMAGE'),
  productType: z.enum(['FEED', 'REELS', 'STORY']).default('FEED'),
  caption: z.string().max(2200).default(''),
  copyrighted: z.boolean().optional(),
});

const accountBody = z.object({
  username: z.string().regex(/^[a-z0-9._]{1,30}$/i),
  accountType: z.enum(['BUSINESS', 'MEDIA_CREATOR', 'PERSONAL']),
  name: z.string().optional(),
  followersCount: z.number().int().min(0).optional(),
  followsCount: z.number().int().min(0).optional(),
  mediaCount: z.number().int().min(0).optional(),
  grantedScopes: z.array(z.string()).optional(),
});

const tokenBody = z.object({
  username: z.string(),
  kind: z.enum(['long', 'short']).optional(),
  issuedAt: z.iso.datetime({ offset: true }).optional(),
  expiresInSeconds: z.number().int().optional(),
  clientId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
});


const configBody = z
  .object({
    longLivedSeconds: z.number().int().positive(),
    shortLivedSeconds: z.number().int().positive(),
    codeSeconds: z.number().int().positive(),
    minRefreshAgeSeconds: z.number().int().min(0),
    refreshGraceSeconds: z.number().int().min(0),
    refreshRotates: z.boolean(),
    personalAccounts: z.enum(['token', 'refuse']),
    codeExchangeShape: z.enum(['flat', 'data']),
    latencyMs: z.number().int().min(0).max(60_000),
    appUsagePercent: z.number().int().min(0).max(100),
    appCallsPerHour: z.number().int().min(0),
    igCallsPerDay: z.number().int().min(0),
    tooYoungErrorCode: z.number().int(),
  })
  .partial()
  .strict();

/** Exact insights figures for one media id, by Graph metric name (views, reach, likes, saved, …). */
export const figuresBody = z.record(z.string().regex(/^[a-z_]{1,60}$/), z.number().int().min(0));

function isSettable(clock: object): clock is SettableClock {
  const c = clock as Partial<SettableClock>;
  return typeof c.set === 'function' && typeof c.advance === 'function';
}



export function accountJson(a: Account): object {
  return {
    id: a.id,
    user_id: a.userId,
    username: a.username,
    name: a.name,
    account_type: a.accountType,
    profile_picture_url: a.profilePictureUrl,
    followers_count: a.followersCount,
    follows_count: a.followsCount,
    media_count: a.mediaCount,
    granted_scopes: a.grantedScopes ?? null,
  };
}

export function registerControl(app: FastifyInstance, world: World): void {
  const ig = world.instagram;

  app.get('/_sandbox/clock', () => ({ now: world.clock.now().toISOString() }));
  app.post('/_sandbox/clock', (req, reply) => {
    if (!isSettable(world.clock)) return fail(reply, 409, 'clock_not_settable', 'The sandbox runs on a clock that cannot be set');
    const body = parse(clockBody, req.body, reply);
    if (!body) return reply;
    if ('now' in body) world.clock.set(body.now);
    else world.clock.advance(body.advanceSeconds * 1000);
    return { now: world.clock.now().toISOString() };
  });

  app.get('/_sandbox/config', () => world.config);
  app.patch('/_sandbox/config', (req, reply) => {
    const body = parse(configBody, req.body, reply);
    if (!body) return reply;
    Object.assign(world.config, body);
    return world.config;
  });

  app.get('/_sandbox/instagram/accounts', () => ig.accounts().map(accountJson));
  app.post('/_sandbox/instagram/accounts', (req, reply) => {
    const body = parse(accountBody, req.body, reply);
    if (!body) return reply;
    if (ig.account(body.username)) return fail(reply, 409, 'account_exists', `@${body.username} already exists`);
    return reply.code(201).send(accountJson(ig.createAccount(body)));
  });
  // A static segment wins over `:event` in the router, so `media` is never read as an event.
  app.post('/_sandbox/instagram/accounts/:username/media', (req, reply) => {
    const { username } = req.params as { username: string };
    const body = parse(mediaBody, req.body ?? {}, reply);
    if (!body) return reply;
    if (!ig.account(username)) return fail(reply, 404, 'unknown_account', `No account @${username}`);
    return reply.code(201).send(ig.publishMedia(username, body));
  });
  app.post('/_sandbox/instagram/accounts/:username/:event', (req, reply) => {
    const { username, event } = req.params as { username: string; event: string };
    if (!(event in eventSubcode)) return fail(reply, 404, 'unknown_event', `Events: ${Object.keys(eventSubcode).join(', ')}`);
    if (!ig.account(username)) return fail(reply, 404, 'unknown_account', `No account @${username}`);
    ig.applyEvent(username, event as AccountEvent);
    return { username, event, subcode: eventSubcode[event as AccountEvent] };
  });

  // Set figures win over the generated ones for this media id, and are kept in the state file.
  app.put('/_sandbox/instagram/media/:id/insights', (req, reply) => {
    const body = parse(figuresBody, req.body, reply);
    if (!body) return reply;
    return { id: (req.params as { id: string }).id, figures: ig.metrics.set((req.params as { id: string }).id, body) };
  });

  app.post('/_sandbox/instagram/tokens', (req, reply) => {
    const body = parse(tokenBody, req.body, reply);
    if (!body) return reply;
    if (!ig.account(body.username)) return fail(reply, 404, 'unknown_account', `No account @${body.username}`);
    const token = ig.mintToken({ ...body, issuedAt: body.issuedAt === undefined ? undefined : new Date(body.issuedAt) });
    return reply.code(201).send({
      access_token: token.value,
      user_id: token.account.userId,
      kind: token.kind,
      issued_at: new Date(token.issuedAtMs).toISOString(),
      expires_at: new Date(token.expiresAtMs).toISOString(),
    });
  });
  app.post('/_sandbox/instagram/connections', (req, reply) => {
    const body = parse(seedBody, req.body, reply);
    if (!body) return reply;
    return reply.code(201).send(ig.seedConnections(body.count, { prefix: body.prefix }));
  });

  app.get('/_sandbox/calls', (req) => world.calls.snapshot((req.query as { endpoint?: string }).endpoint));
  app.delete('/_sandbox/calls', (_req, reply) => {
    world.calls.clear();
    return reply.code(204).send();
  });

  app.get('/_sandbox/faults', () => world.faults.list());
  app.post('/_sandbox/faults', (req, reply) => {
    const body = parse(faultSpecSchema, req.body, reply);
    if (!body) return reply;
    return reply.code(201).send(world.faults.add(body));
  });
  app.delete('/_sandbox/faults', (_req, reply) => {
    world.faults.clear();
    return reply.code(204).send();
  });

  app.get('/_sandbox/issued', () => world.issuedTokens());
  app.post('/_sandbox/reset', () => {
    world.reset();
    return { ok: true };
  });
}
