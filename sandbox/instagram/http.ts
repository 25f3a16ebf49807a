/**
 * What every simulated graph.instagram.com endpoint does the same way: find the token, record the call,
 * apply an armed fault before any work, answer token failures with the Graph error for their subcode,
 * and send the usage headers with successes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Fault } from '../core/faults.ts';
import type { World } from '../core/world.ts';
import { sendFault } from '../meta/faults.ts';
import { bucUsage, type GraphError, sendGraphError, throttleError, tokenError } from '../meta/graph-errors.ts';
import { appUsageHeader } from '../meta/usage.ts';
import type { TokenCheck } from './model.ts';

export type Query = Record<string, string | undefined>;

export const missingToken: GraphError = {
  status: 400,
  code: 2500,
  type: 'OAuthException',
  isTransient: false,
  message: 'An active access token must be used to query information about the current user.',
};

export function one(v: unknown): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** graph.instagram.com takes the token as `access_token` or as `Authorization: Bearer`. */
export function tokenFrom(req: FastifyRequest): string | undefined {
  const q = one((req.query as Query).access_token);
  if (q) return q;
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}

export function checkError(world: World, check: Exclude<TokenCheck, { ok: true }>): GraphError {
  const t = check.token;
  return tokenError(check.subcode, { clientId: t?.clientId, expiredAtMs: t?.expiresAtMs, nowMs: world.clock.now().getTime() }, check.reason === 'superseded');
}

/**
 * A success with the usage headers Meta sends on every call: X-App-Usage (the app's share of its hourly
 * platform limit, on top of the configured baseline) and X-Business-Use-Case-Usage (its share of the
 * account's 24-hour Instagram limit), both in percent, from the calls the limits have counted.
 */
export function sendGraphOk(world: World, reply: FastifyReply, _endpoint: string, userId: string, body: unknown, clientId?: string): FastifyReply {
  const client = clientId ?? world.config.apps[0]!.clientId;
  const now = world.clock.now().getTime();
  const usage = world.instagram.usage;
  reply.header('x-app-usage', appUsageHeader(world.config.appUsagePercent, usage.appPercent(client, now)));
  return reply.header('x-business-use-case-usage', bucUsage(userId, usage.igPercent(client, userId, now))).send(body);
}

/** Records the call and, when a fault is armed for it, answers with the fault. */
export async function faulted(world: World, reply: FastifyReply, endpoint: string, shape: 'graph' | 'oauth', userId?: string, clientId?: string): Promise<boolean> {
  return (await faultedOrLost(world, reply, endpoint, shape, userId, clientId, false)) !== undefined;
}

/**
 * Like `faulted`, for an endpoint that does its work before a lost answer (a refresh: Instagram issues the
 * new token, then the answer never arrives): with `lostAfterWork` a `lost_answer` fault is returned for the
 * caller to play with `loseAnswer` once the work is done. True: the call has been answered.
 */
export async function faultedOrLost(
  world: World,
  reply: FastifyReply,
  endpoint: string,
  shape: 'graph' | 'oauth',
  userId: string | undefined,
  clientId: string | undefined,
  lostAfterWork: boolean,
): Promise<Fault | true | undefined> {
  world.calls.record(endpoint, userId);
  const fault = world.faults.take(endpoint, userId);
  if (fault?.fault === 'lost_answer' && lostAfterWork) return fault;
  if (fault) {
    await sendFault(reply, fault, { shape, userId, clientId, nowMs: world.clock.now().getTime(), book: world.faults });
    return true;
  }
  // Graph calls by a known app count against its hourly limit and the account's 24-hour one.
  if (shape !== 'graph' || clientId === undefined) return undefined;
  const verdict = world.instagram.usage.admit(clientId, userId, world.clock.now().getTime());
  if (verdict.ok) return undefined;
  world.calls.timeline.throttled(endpoint, userId, verdict.code);
  sendGraphError(reply, throttleError(verdict.code, { userId, regainMinutes: verdict.regainMinutes }));
  return true;
}

/** Plays a lost answer once the work is done: the caller never hears of it (`delayMs`, then 504). */
export async function loseAnswer(world: World, reply: FastifyReply, fault: Fault): Promise<FastifyReply> {
  await world.faults.hang(fault.delayMs ?? 30_000);
  return reply.code(504).type('text/html; charset=utf-8').send('<html><body><h1>504 Gateway Time-out</h1></body></html>');
}
