/**
 * What every simulated graph.threads.net endpoint does the same way: find the token (`access_token` in the
 * query or form, or `Authorization: Bearer`), record the call as `threads.<endpoint>`, apply an armed fault
 * before any work, count the call against the profile's rolling 24 hours, answer token failures with the
 * Graph error of their subcode, and send the usage header with successes.
 *
 * Throttles: Threads documents its limit (4,800 × impressions per app and profile per 24 hours, with
 * total_cputime and total_time, the formula of Instagram's business-use-case limit) but not the error; the
 * sandbox answers as Instagram's limit does (code 80002 with X-Business-Use-Case-Usage, type "threads";
 * inferred).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Fault } from '../core/faults.ts';
import type { World } from '../core/world.ts';
import { sendFault } from '../meta/faults.ts';
import { type GraphError, sendGraphError, tokenError } from '../meta/graph-errors.ts';
import type { ThreadsTokenCheck } from './model.ts';
import type { ThreadsWorld } from './world.ts';

export type Query = Record<string, string | undefined>;

export interface Call {
  world: World;
  threads: ThreadsWorld;
  req: FastifyRequest;
  reply: FastifyReply;
}

export function one(v: unknown): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

export function params(req: FastifyRequest): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) out[k] = one(v);
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) out[k] ??= one(v);
  return out;
}

export function tokenFrom(req: FastifyRequest): string | undefined {
  const value = params(req).access_token;
  if (value) return value;
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export function graphError(code: number, message: string, extra: Partial<GraphError> = {}): GraphError {
  return { status: 400, code, message, type: 'OAuthException', isTransient: false, ...extra };
}

export const missingToken = graphError(2500, 'An active access token must be used to query information about the current user.');
export const noPermission = graphError(10, '(#10) Application does not have permission for this action');

export function checkError(call: Call, check: Exclude<ThreadsTokenCheck, { ok: true }>): GraphError {
  const t = check.token;
  return tokenError(check.subcode, { clientId: t?.clientId, expiredAtMs: t?.expiresAtMs, nowMs: call.threads.clock.now().getTime() }, check.reason === 'superseded');
}

function usageHeader(userId: string, percent: number, regainMinutes = 0): string {
  const entry = { type: 'threads', call_count: percent, total_cputime: Math.min(percent, 25), total_time: Math.min(percent, 25), estimated_time_to_regain_access: regainMinutes };
  return JSON.stringify({ [userId]: [entry] });
}

export function throttled(userId: string | undefined, regainMinutes: number): GraphError {
  return {
    ...graphError(80002, '(#80002) There have been too many calls to this Threads profile. Wait a bit and try again.', { isTransient: true }),
    headers: userId === undefined ? {} : { 'x-business-use-case-usage': usageHeader(userId, 100, regainMinutes) },
  };
}

/**
 * Records the call and answers an armed fault, or the profile's throttle once its 24 hours are full. With
 * `lostAfterWork`, a `lost_answer` fault is handed back to play after the work (a refresh). True: answered.
 */
export async function faulted(call: Call, endpoint: string, userId?: string, clientId?: string, lostAfterWork = false): Promise<true | Fault | undefined> {
  const name = `threads.${endpoint}`;
  call.world.calls.record(name, userId);
  const fault = call.world.faults.take(name, userId);
  if (fault?.fault === 'lost_answer' && lostAfterWork) return fault;
  if (fault) {
    if (fault.fault === 'throttle') sendGraphError(call.reply, throttled(userId ?? fault.accountUserId, fault.regainMinutes ?? 10));
    else await sendFault(call.reply, fault, { shape: 'graph', userId, clientId, nowMs: call.threads.clock.now().getTime(), book: call.world.faults });
    return true;
  }
  if (userId === undefined || clientId === undefined) return undefined;
  const verdict = call.threads.admit(clientId, userId);
  if (verdict.ok) {
    call.reply.header('x-business-use-case-usage', usageHeader(userId, verdict.percent));
    return undefined;
  }
  call.world.calls.timeline.throttled(name, userId, 80002);
  sendGraphError(call.reply, throttled(userId, verdict.regainMinutes));
  return true;
}

export function fail(call: Call, error: GraphError): FastifyReply {
  return sendGraphError(call.reply, error);
}

/** Plays a lost answer once the work is done: the caller never hears of it. */
export async function loseAnswer(call: Call, delayMs: number | undefined): Promise<FastifyReply> {
  await call.world.faults.hang(delayMs ?? 30_000);
  return call.reply.code(504).type('text/html; charset=utf-8').send('<html><body><h1>504 Gateway Time-out</h1></body></html>');
}
