/**
 * What every simulated graph.facebook.com endpoint does the same way: find the token, record the call,
 * apply an armed fault before any work, answer token failures with the Graph error for their subcode,
 * send usage headers with successes, and page list edges with cursors.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../core/world.ts';
import { sendFault } from '../meta/faults.ts';
import { bucUsage, type GraphError, sendGraphError, throttleError, tokenError } from '../meta/graph-errors.ts';
import { appUsageHeader } from '../meta/usage.ts';
import type { FbToken } from './model.ts';
import type { FacebookWorld } from './world.ts';

export type Query = Record<string, string | undefined>;

/** One request to graph.facebook.com, with the path split after the optional version segment. */
export interface GraphCall {
  world: World;
  fb: FacebookWorld;
  req: FastifyRequest;
  reply: FastifyReply;
  segments: string[];
  query: Query;
  /** The access token, from `access_token` (query or form) or an `Authorization: Bearer|OAuth` header. */
  token: string | undefined;
}

export function one(v: unknown): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

export function tokenFrom(req: FastifyRequest): string | undefined {
  const fromQuery = one((req.query as Query).access_token) ?? one((req.body as Record<string, unknown> | undefined)?.access_token);
  if (fromQuery) return fromQuery;
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export function graphError(status: number, code: number, message: string, subcode?: number): GraphError {
  return { status, code, subcode, message, type: 'OAuthException', isTransient: false };
}

export const missingToken = graphError(400, 2500, 'An active access token must be used to query information about the current user.');

/** The request's parameters: the query string, then form fields of a POST body (Graph reads both). */
export function params(call: GraphCall): Query {
  const body = (call.req.body ?? {}) as Record<string, unknown>;
  const out: Query = { ...call.query };
  for (const [k, v] of Object.entries(body)) out[k] ??= one(v);
  return out;
}

/** Graph's answer for an id the token cannot see (or that does not exist); postiz keys on subcode 33. */
export function unsupportedGet(id: string, method = 'get'): GraphError {
  return graphError(
    400,
    100,
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    33,
  );
}

/** 190 with the subcode of why the token is dead; 459 points at facebook.com rather than instagram.com. */
export function deadToken(call: GraphCall, subcode: number, token?: FbToken): GraphError {
  const nowMs = call.fb.clock.now().getTime();
  const error = tokenError(subcode, { clientId: token?.clientId, expiredAtMs: token?.expiresAtMs ?? nowMs, nowMs });
  if (subcode !== 459) return error;
  return {
    ...error,
    message: 'Error validating access token: You cannot access the app till you log in to www.facebook.com and follow the instructions given.',
    errorData: { checkpoint_url: 'https://www.facebook.com/checkpoint/' },
  };
}

/** Records the call and, when a fault is armed for it, answers with the fault (in the Graph shape). */
export async function faulted(call: GraphCall, endpoint: string, accountId?: string, clientId?: string): Promise<boolean> {
  const name = `facebook.${endpoint}`;
  call.world.calls.record(name, accountId);
  const fault = call.world.faults.take(name, accountId);
  if (fault) {
    await sendFault(call.reply, fault, { shape: 'graph', userId: accountId, clientId, nowMs: call.fb.clock.now().getTime(), book: call.world.faults });
    return true;
  }
  // Calls by a known app count against its hourly limit, and those about an IG account against that account's 24 hours.
  if (clientId === undefined) return false;
  const igId = accountId !== undefined && call.fb.instagram(accountId) ? accountId : undefined;
  const verdict = call.fb.usage.admit(clientId, igId, call.fb.clock.now().getTime());
  if (verdict.ok) return false;
  call.world.calls.timeline.throttled(name, igId ?? accountId, verdict.code);
  sendGraphError(call.reply, throttleError(verdict.code, { userId: igId, regainMinutes: verdict.regainMinutes }));
  return true;
}

/**
 * A success with the usage headers Meta sends: X-App-Usage always; with a Page token X-Page-Usage and the
 * Pages business-use-case entry; on Instagram nodes the instagram business-use-case entry.
 */
export function sendOk(call: GraphCall, body: unknown, usage: { endpoint: string; pageId?: string; igId?: string } = { endpoint: '' }): FastifyReply {
  const clientId = (call.token === undefined ? undefined : call.fb.token(call.token)?.clientId) ?? call.fb.config.apps[0]!.clientId;
  const now = call.fb.clock.now().getTime();
  call.reply.header('x-app-usage', appUsageHeader(call.fb.config.appUsagePercent, call.fb.usage.appPercent(clientId, now)));
  const objectId = usage.igId ?? usage.pageId;
  if (objectId !== undefined) {
    // Instagram: the account's true share of its 24-hour limit; Pages: a share climbing with the calls made.
    const used = usage.igId ? call.fb.usage.igPercent(clientId, usage.igId, now) : Math.min(call.world.calls.count(`facebook.${usage.endpoint}`, objectId), 50);
    call.reply.header('x-business-use-case-usage', bucUsage(objectId, used, 0, usage.igId ? 'instagram' : 'pages'));
    if (usage.pageId) call.reply.header('x-page-usage', JSON.stringify({ call_count: used, total_cputime: Math.ceil(used / 2), total_time: Math.ceil(used / 2) }));
  }
  return call.reply.send(body);
}

export function fail(call: GraphCall, error: GraphError): FastifyReply {
  return sendGraphError(call.reply, error);
}

/** Requested fields, `a,b{c,d},e` → ['a', 'b', 'e'] with the sub-fields of b. */
export function parseFields(value: string | undefined, fallback: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  let depth = 0;
  let start = 0;
  const text = value ?? fallback;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if ((c === ',' || c === undefined) && depth === 0) {
      const part = text.slice(start, i).trim();
      start = i + 1;
      if (!part) continue;
      const brace = part.indexOf('{');
      if (brace < 0) out.set(part, undefined);
      else out.set(part.slice(0, brace).trim(), part.slice(brace + 1, part.lastIndexOf('}')));
    }
  }
  return out;
}

/** Picks the requested fields from a node; an unknown field is the Graph's "(#100) nonexisting field". */
export function pick(all: Record<string, unknown>, fields: Map<string, string | undefined>, nodeType: string): Record<string, unknown> | GraphError {
  const out: Record<string, unknown> = {};
  for (const name of fields.keys()) {
    if (!(name in all)) return graphError(400, 100, `(#100) Tried accessing nonexisting field (${name}) on node type (${nodeType})`);
    if (all[name] !== undefined) out[name] = all[name];
  }
  return out;
}

export function isGraphError(value: unknown): value is GraphError {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value && 'isTransient' in value;
}

const cursor = (i: number) => Buffer.from(`c:${i}`).toString('base64url');

function uncursor(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^c:(\d+)$/.exec(Buffer.from(value, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

/**
 * Cursor paging as Graph does it: `{data, paging:{cursors:{before,after}, next?, previous?}}`, with `next`
 * an absolute https://graph.facebook.com URL (absent on the last page). `access_token` is repeated in it
 * only when the request carried it in the query.
 */
export function paginate<T>(call: GraphCall, items: T[], path: string): { data: T[]; paging?: unknown } {
  const limit = Math.max(1, Math.min(Number(call.query.limit) || call.fb.config.listPageSize, 100));
  const after = uncursor(call.query.after);
  const before = uncursor(call.query.before);
  const start = after !== undefined ? after + 1 : before !== undefined ? Math.max(0, before - limit) : 0;
  const data = items.slice(start, start + limit);
  if (data.length === 0) return { data };
  const end = start + data.length - 1;
  const link = (key: 'after' | 'before', value: string): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(call.query)) if (v !== undefined && k !== 'after' && k !== 'before') q.set(k, v);
    q.set('limit', String(limit));
    q.set(key, value);
    return `https://graph.facebook.com/v25.0/${path}?${q}`;
  };
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(end) } };
  if (end + 1 < items.length) paging.next = link('after', cursor(end));
  if (start > 0) paging.previous = link('before', cursor(start));
  return { data, paging };
}

/** Graph's timestamp format: 2019-04-05T07:56:32+0000. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
