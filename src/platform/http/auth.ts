/**
 * API-key authentication: `Authorization: Bearer <key>`, compared by SHA-256 hash. Lookups are
 * cached briefly in memory: the access-token endpoint is hot, and a key's workspace never changes.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { sha256 } from '../crypto/hash.ts';
import type { DB } from '../db/db.ts';
import { findWorkspaceByApiKey, type Workspace } from '../workspaces.repo.ts';

const CACHE_MS = 30_000;
const CACHE_MAX = 1_000;

/** The API key a request carries as `Authorization: Bearer <key>`, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

export function createAuthenticator(db: DB, nowMs: () => number = () => performance.timeOrigin + performance.now()) {
  const cache = new Map<string, { workspace: Workspace; until: number }>();
  return async function authenticate(request: FastifyRequest): Promise<Workspace> {
    const apiKey = bearerToken(request);
    if (!apiKey) throw new AppError('unauthorized');
    const key = sha256(apiKey);
    const cached = cache.get(key);
    if (cached && cached.until > nowMs()) return cached.workspace;
    const workspace = await findWorkspaceByApiKey(db, apiKey);
    if (!workspace) throw new AppError('unauthorized', 'This API key is not valid.');
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, { workspace, until: nowMs() + CACHE_MS });
    return workspace;
  };
}
