/**
 * What every simulated graph.instagram.com endpoint does the same way: find the token, record the call,
 * apply an armed fault before any work, answer token failures with the Graph error for their subcode,
 * and send the usage headers with successes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendFault } from './faults.ts';
import { bucUsage, tokenError, type GraphError } from './graph-errors.ts';
import type { TokenCheck } from './instagram-model.ts';
import type { World } from './world.ts';

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

export function sendGraphOk(world: World, reply: FastifyReply, endpoint: string, userId: string, body: unknown): FastifyReply {
  const used = Math.min(world.calls.count(endpoint, userId), 50);
  const app = world.config.appUsagePercent;
  // X-App-Usage reports the app's share of its hourly platform limit (percent); Meta sends it on every call.
  reply.header('x-app-usage', JSON.stringify({ call_count: app, total_cputime: Math.round(app / 2), total_time: Math.round(app / 2) }));
  return reply.header('x-business-use-case-usage', bucUsage(userId, used)).send(body);
}

/** Records the call and, when a fault is armed for it, answers with the fault. */
export async function faulted(world: World, reply: FastifyReply, endpoint: string, shape: 'graph' | 'oauth', userId?: string, clientId?: string): Promise<boolean> {
  world.calls.record(endpoint, userId);
  const fault = world.faults.take(endpoint, userId);
  if (!fault) return false;
  await sendFault(reply, fault, { shape, userId, clientId, nowMs: world.clock.now().getTime(), book: world.faults });
  return true;
}
