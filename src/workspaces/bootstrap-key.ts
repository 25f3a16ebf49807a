/**
 * BOOTSTRAP_API_KEY at start-up. The first time, it makes the first workspace ("Default workspace",
 * marked as the bootstrap one) and opens it. A new value of the variable later is added as one more key
 * of that same workspace: the keys it had (the old value among them) keep working until they are
 * revoked, which is how a key is rotated without downtime (docs/operations.md#workspaces-and-api-keys).
 * A value that was revoked is not brought back: it stays refused, and start-up says so.
 */
import type { Logger } from 'pino';
import type { Clock } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import { keyRefusal } from '../platform/api-key.rules.ts';
import { sha256 } from '../platform/crypto/hash.ts';
import type { DB } from '../platform/db/db.ts';
import { findApiKeyByHash, insertApiKey, type Workspace } from '../platform/workspaces.repo.ts';
import { claimBootstrapMark, findBootstrapWorkspaceId, insertWorkspace } from './workspace-directory.repo.ts';

export const BOOTSTRAP_WORKSPACE_NAME = 'Default workspace';
const KEY_NAME = 'BOOTSTRAP_API_KEY';

export async function ensureBootstrapKey(deps: { db: DB; clock: Clock; logger: Logger }, secret: string): Promise<Workspace> {
  const known = await findApiKeyByHash(deps.db, sha256(secret));
  if (known) {
    const refusal = keyRefusal(known, deps.clock.now());
    if (refusal) {
      deps.logger.warn(
        { keyId: known.id, workspaceId: known.workspace.id },
        `BOOTSTRAP_API_KEY was ${refusal.reason} at ${refusal.at.toISOString()} and stays refused; set a new value (it is added to the workspace) or unset it`,
      );
    }
    // A key made with the CLI or the API, used as BOOTSTRAP_API_KEY on an install that has no bootstrap workspace yet: its workspace becomes it.
    await claimBootstrapMark(deps.db, known.workspace.id);
    return known.workspace;
  }
  const { id: workspaceId, created } = await bootstrapWorkspace(deps);
  const keyId = await insertApiKey(deps.db, deps.clock, { workspaceId, secret, name: KEY_NAME, expiresAt: null });
  if (keyId && created) deps.logger.info({ keyId, workspaceId }, 'BOOTSTRAP_API_KEY opens the new bootstrap workspace');
  else if (keyId) deps.logger.info({ keyId, workspaceId }, 'BOOTSTRAP_API_KEY is new: added as a key of the bootstrap workspace; its other keys keep working until revoked');
  // Another process starting with the same new value may have inserted it first: read what is stored.
  const stored = await findApiKeyByHash(deps.db, sha256(secret));
  if (!stored) throw new Error('BOOTSTRAP_API_KEY was stored but cannot be read back');
  return stored.workspace;
}

/** The marked workspace, or a new one marked now (of processes starting at once, one marks; the others read its mark). */
async function bootstrapWorkspace(deps: { db: DB; clock: Clock }): Promise<{ id: string; created: boolean }> {
  const marked = await findBootstrapWorkspaceId(deps.db);
  if (marked) return { id: marked, created: false };
  const id = newId('ws', deps.clock);
  if (await insertWorkspace(deps.db, { id, name: BOOTSTRAP_WORKSPACE_NAME, createdAt: deps.clock.now(), bootstrap: true })) return { id, created: true };
  const winner = await findBootstrapWorkspaceId(deps.db);
  if (!winner) throw new Error('the bootstrap workspace could not be created or found');
  return { id: winner, created: false };
}
