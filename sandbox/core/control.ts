/**
 * The control API, under `/_sandbox/...`: everything a test or a benchmark needs to steer the world
 * over HTTP when the sandbox runs in another process. JSON in, JSON out; errors are
 * `{"error":"<snake_case>","message":"..."}`. Nothing here exists on the real provider.
 *
 * This file holds what concerns the whole world (clock, configuration, call counts, faults, issued
 * secrets, reset); each network adds its own routes under `/_sandbox/<network>/` from its folder
 * (instagram/control.ts, facebook/control.ts, …).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fail, parse } from './control-support.ts';
import { faultSpecSchema } from './faults.ts';
import type { World } from './world.ts';

interface SettableClock {
  set(instant: Date | string): void;
  advance(ms: number): void;
}

const clockBody = z.union([z.object({ now: z.iso.datetime({ offset: true }) }), z.object({ advanceSeconds: z.number() })]);

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
    cdnLinkSeconds: z.number().int().positive(),
    cdnVideoBytes: z.number().int().min(0),
  })
  .partial()
  .strict();

function isSettable(clock: object): clock is SettableClock {
  const c = clock as Partial<SettableClock>;
  return typeof c.set === 'function' && typeof c.advance === 'function';
}

export function registerControl(app: FastifyInstance, world: World): void {
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
