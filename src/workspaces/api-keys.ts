/**
 * A workspace's API keys: created with a secret shown once (only its hash is stored), listed without
 * secrets, revoked at once. The API (`/v1/api-keys`, for a workspace's own keys) and the CLI
 * (`channelkeeper api-keys`, for any workspace) both come here.
 */
import type { Clock } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { cursorPosition, encodeCursor, keysetPage } from '../kernel/keyset-cursor.ts';
import { API_KEY_PREFIX, type KeyStatus, keyStatus } from '../platform/api-key.rules.ts';
import { randomToken } from '../platform/crypto/hash.ts';
import type { DB } from '../platform/db/db.ts';
import { insertApiKey } from '../platform/workspaces.repo.ts';
import { type ExpiryInput, expiryFrom } from './api-key-expiry.rules.ts';
import { type ApiKeyRow, findApiKey, listApiKeyPage, lockWorkspaceKeys, revokeApiKeyRow } from './api-keys.repo.ts';

/** Keys that open the API at once, per workspace: past this many, one is revoked before another is made (a runaway script stops here). */
export const MAX_ACTIVE_KEYS_PER_WORKSPACE = 100;

type KeyDeps = { db: DB; clock: Clock };

export interface ApiKeyView {
  id: string;
  name: string | null;
  /** The secret's first characters and an ellipsis (`ck_live_abcd…`), to tell keys apart. */
  hint: string;
  status: KeyStatus;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyPage {
  data: ApiKeyView[];
  nextCursor: string | null;
}

export interface NewApiKeyInput extends ExpiryInput {
  name?: string;
}

export function toApiKeyView(row: ApiKeyRow, now: Date): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    hint: `${row.key_prefix}…`,
    status: keyStatus({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now),
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** `ck_live_` and 32 characters of base64url (24 random bytes). */
export function newApiKeySecret(): string {
  return `${API_KEY_PREFIX}${randomToken(24)}`;
}

export async function createApiKey(deps: KeyDeps, workspaceId: string, input: NewApiKeyInput): Promise<Result<ApiKeyView & { secret: string }>> {
  const now = deps.clock.now();
  const expiresAt = expiryFrom(input, now);
  if (!expiresAt.ok) return expiresAt;
  const secret = newApiKeySecret();
  return deps.db.transaction().execute(async (trx) => {
    const active = await lockWorkspaceKeys(trx, workspaceId, now);
    if (active === undefined) return fail('not_found', `There is no workspace ${workspaceId}.`);
    if (active >= MAX_ACTIVE_KEYS_PER_WORKSPACE) return fail('api_key_limit');
    const id = await insertApiKey(trx, deps.clock, { workspaceId, secret, name: input.name ?? null, expiresAt: expiresAt.value });
    const row = id === undefined ? undefined : await findApiKey(trx, workspaceId, id);
    // 24 random bytes do not collide; a conflict would mean the generator is broken, not a retryable state.
    if (!row) throw new Error('a new API key collided with a stored one');
    return ok({ ...toApiKeyView(row, now), secret });
  });
}

/** Newest first, revoked and expired keys included (with their status), never a secret. */
export async function listApiKeys(deps: KeyDeps, workspaceId: string, query: { limit: number; cursor?: string }): Promise<Result<ApiKeyPage>> {
  const position = cursorPosition(query.cursor);
  if (!position.ok) return position;
  const before = position.value && { createdAt: position.value.at, id: position.value.id };
  const rows = await listApiKeyPage(deps.db, workspaceId, { limit: query.limit + 1, before });
  const page = keysetPage(rows, query.limit, (row) => encodeCursor(row.created_at, row.id));
  const now = deps.clock.now();
  return ok({ data: page.rows.map((row) => toApiKeyView(row, now)), nextCursor: page.nextCursor });
}

/**
 * Revokes the key: from the moment this commits, every process refuses it (authentication reads the
 * key's row on every request). Revoking a revoked key answers it as it is; an unknown key, or another
 * workspace's, is `not_found`.
 */
export async function revokeApiKey(deps: KeyDeps, workspaceId: string, id: string): Promise<Result<ApiKeyView>> {
  const now = deps.clock.now();
  const row = (await revokeApiKeyRow(deps.db, workspaceId, id, now)) ?? (await findApiKey(deps.db, workspaceId, id));
  return row ? ok(toApiKeyView(row, now)) : fail('not_found', 'No API key with this id in this workspace.');
}
