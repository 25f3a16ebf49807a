/**
 * API-key authentication: `Authorization: Bearer <key>`, found by its SHA-256 hash (a unique index).
 *
 * Each process keeps the keys it has met in memory (`Deps.apiKeys`, up to API_KEY_CACHE_SIZE), each
 * forgotten the moment the database notifies a change to it (migration 033: made, revoked, given another
 * expiry, deleted; its workspace renamed or deleted) and all of them whenever those notices may have been
 * missed (platform/db/notified-cache.ts). So a key revoked anywhere is refused by a process once the
 * revocation's notice has reached it (a millisecond or two after the commit), and by the process that
 * revoked it at once. API_KEY_CACHE_SIZE=0 looks every request's key up in the database instead (a prepared
 * statement), which makes a revocation effective everywhere from its commit, at the price of a round trip
 * per request. An unknown key is never remembered: each attempt with one is looked up.
 *
 * Whether the key is revoked or expired is decided at every request from the row, cached or not. Its last
 * use is stamped at most once a minute (api-key.rules.ts), by a conditional UPDATE the request does not wait
 * for; a failed stamp is logged and costs nothing else. The stamp notifies nobody (it changes nothing a
 * request decides on), so this process remembers when it stamped.
 */
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import { keyRefusal, LAST_USED_RESOLUTION_MS, lastUseIsStale, refusalMessage } from '../api-key.rules.ts';
import { sha256 } from '../crypto/hash.ts';
import type { DB } from '../db/db.ts';
import type { NotifiedCache } from '../db/notified-cache.ts';
import { type ApiKeyRecord, findApiKeyByHash, stampApiKeyUse, type Workspace } from '../workspaces.repo.ts';

/** The API key a request carries as `Authorization: Bearer <key>`, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

const keyHashes = new WeakMap<FastifyRequest, string | undefined>();

/**
 * The SHA-256 of the request's API key (what the database and the rate limit know it by), or undefined
 * without one. Worked out once per request: the rate limit and the authentication both ask.
 */
export function apiKeyHashOf(request: FastifyRequest): string | undefined {
  if (keyHashes.has(request)) return keyHashes.get(request);
  const apiKey = bearerToken(request);
  const hash = apiKey ? sha256(apiKey) : undefined;
  keyHashes.set(request, hash);
  return hash;
}

export interface Authenticator {
  /** The workspace the request's key opens; throws `unauthorized` (saying whether the key is unknown, revoked or expired). Asked twice for one request, it looks once. */
  authenticate(request: FastifyRequest): Promise<Workspace>;
  /** Resolves when every last-use stamp under way has finished (the app awaits it on close). */
  settled(): Promise<void>;
}

export function createAuthenticator(deps: { db: DB; clock: Clock; logger: Logger; apiKeys: NotifiedCache<ApiKeyRecord> }): Authenticator {
  const perRequest = new WeakMap<FastifyRequest, Promise<Workspace>>();
  // Keys whose stamp is under way in this process: a burst of requests writes once, not once each.
  const stamping = new Map<string, Promise<void>>();
  // When this process last stamped (or found stamped) each key: a cached row keeps the last use it was read with.
  const stamped = new Map<string, Date>();

  function stamp(keyId: string, now: Date): void {
    if (stamping.has(keyId)) return;
    const done = stampApiKeyUse(deps.db, keyId, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))
      .then(
        // Written here or by another process within the minute: either way the key's last use is recent.
        () => void stamped.set(keyId, now),
        (error: unknown) => deps.logger.warn({ keyId, err: error instanceof Error ? error.message : String(error) }, 'could not stamp the last use of an API key'),
      )
      .finally(() => stamping.delete(keyId));
    stamping.set(keyId, done);
  }

  async function lookUp(request: FastifyRequest): Promise<Workspace> {
    const hash = apiKeyHashOf(request);
    if (!hash) throw new AppError('unauthorized');
    const key = await deps.apiKeys.get(hash, () => findApiKeyByHash(deps.db, hash));
    if (!key) throw new AppError('unauthorized', 'This API key is not valid.');
    const now = deps.clock.now();
    const refusal = keyRefusal(key, now);
    if (refusal) throw new AppError('unauthorized', refusalMessage(refusal), { reason: refusal.reason, at: refusal.at.toISOString() });
    const here = stamped.get(key.id);
    if (lastUseIsStale(here && (!key.lastUsedAt || here > key.lastUsedAt) ? here : key.lastUsedAt, now)) stamp(key.id, now);
    return key.workspace;
  }

  return {
    authenticate(request) {
      let workspace = perRequest.get(request);
      if (!workspace) {
        workspace = lookUp(request);
        perRequest.set(request, workspace);
      }
      return workspace;
    },
    async settled() {
      await Promise.all(stamping.values());
    },
  };
}
