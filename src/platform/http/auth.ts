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

export function createAuthenticator(db: DB, nowMs: () => number = () => performance.timeOrigin + performance.now()) {
  const cache = new Map<string, { workspace: Workspace; until: number }>();
  return async function authenticate(request: FastifyRequest): Promise<Workspace> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthorized');
    const key = sha256(match[1]);
    const cached = cache.get(key);
    if (cached && cached.until > nowMs()) return cached.workspace;
    const workspace = await findWorkspaceByApiKey(db, match[1]);
    if (!workspace) throw new AppError('unauthorized', 'This API key is not valid.');
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, { workspace, until: nowMs() + CACHE_MS });
    return workspace;
  };
}
