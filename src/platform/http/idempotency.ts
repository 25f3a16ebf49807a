/**
 * `Idempotency-Key` on the routes that create something (src/routes.ts lists them): the first request
 * with a key claims it and does the work; the same key with the same request within 24 hours answers
 * what the first answered (status, body, `Idempotent-Replayed: true`) without doing it again; the same
 * key with another request answers `422 idempotency_key_reused`; and while the first is still running,
 * the same request answers `409 conflict` with `Retry-After: 1`, rather than holding a connection.
 * Keys are scoped per API key (its hash), so workspaces never see each other's answers. Only a 2xx
 * answer is kept: any other releases the key, so a request that failed can be sent again as it was.
 * Routes not listed ignore the header (the access-token hand-out among them: its answer is a secret).
 * The key is authenticated before anything is claimed or replayed: a revoked or expired key gets 401,
 * never an answer it was given while it was valid.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HOUR, MINUTE } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import { randomToken, sha256 } from '../crypto/hash.ts';
import type { Deps } from '../deps.ts';
import { claimKey, completeKey, releaseKey } from '../idempotency.repo.ts';
import { type Authenticator, apiKeyHashOf } from './auth.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
const KEPT_FOR = 24 * HOUR;
// Longer than any of these routes takes (network calls time out in 10 s): a claim still held after it is a dead process's.
const LOCKED_FOR = MINUTE;
/** Headers of the first answer that its replays carry too. */
const REPLAYED_HEADERS = ['content-type', 'cache-control', 'location'];

interface HeldClaim {
  scope: string;
  key: string;
  claimToken: string;
}

/** Registers the hooks; `routes` are "METHOD /url" as the routes register them. */
export function idempotency(
  app: FastifyInstance,
  deps: Pick<Deps, 'db' | 'clock' | 'keyRing' | 'logger'>,
  routes: readonly string[],
  authenticate: Authenticator['authenticate'],
): void {
  const taking = new Set(routes);
  const held = new WeakMap<FastifyRequest, HeldClaim>();

  app.addHook('onReady', async () => {
    for (const route of routes) {
      const [method = '', url = ''] = route.split(' ');
      if (!app.hasRoute({ method: method as 'POST', url })) throw new Error(`Idempotency-Key route ${route} is not registered`);
    }
  });

  const claimFirst = async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    const scope = apiKeyHashOf(request);
    // Without an API key the route answers 401 anyway.
    if (!scope) return;
    await authenticate(request);
    if (typeof key !== 'string' || !KEY.test(key)) throw new AppError('invalid_request', 'Invalid request: Idempotency-Key: 1 to 255 visible ASCII characters.');
    const claimToken = randomToken(16);
    const now = deps.clock.now();
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const claim = await claimKey(deps.db, deps.keyRing, {
      scope,
      key,
      fingerprint,
      claimToken,
      now,
      expiresAt: new Date(now.getTime() + KEPT_FOR),
      lockedUntil: new Date(now.getTime() + LOCKED_FOR),
    });
    if (claim.kind === 'reused') throw new AppError('idempotency_key_reused');
    if (claim.kind === 'in_flight') {
      reply.header('retry-after', '1');
      throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed; retry in a moment.');
    }
    if (claim.kind === 'done') {
      return reply.code(claim.answer.status).headers(claim.answer.headers).header('idempotent-replayed', 'true').send(claim.answer.body);
    }
    held.set(request, { scope, key, claimToken });
  };

  const keepAnswer = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = held.get(request);
    if (!claim) return payload;
    held.delete(request);
    const status = reply.statusCode;
    if (status >= 200 && status < 300 && typeof payload === 'string') {
      const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((name) => (reply.hasHeader(name) ? [[name, String(reply.getHeader(name))]] : [])));
      const kept = await completeKey(deps.db, deps.keyRing, { ...claim, answer: { status, headers, body: payload } });
      if (!kept) request.log.warn({ key: claim.key }, 'an Idempotency-Key claim was taken over before its request answered');
    } else {
      await releaseKey(deps.db, claim);
    }
    return payload;
  };

  // Hooks on the listed routes only: every other request (the hand-out among them) skips two async steps.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((method) => taking.has(`${method} ${route.url}`))) return;
    route.preHandler = [...hooksOf(route.preHandler), claimFirst];
    route.onSend = [...hooksOf(route.onSend), keepAnswer];
  });
}

const hooksOf = <T>(hooks: T | T[] | undefined): T[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

/** What makes two requests the same: method, URL (with its query) and body, its keys in any order. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return sha256(`${method} ${url}\n${canonicalJson(body ?? null)}`);
}

/** JSON with object keys sorted, so the same body sent with its keys in another order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
