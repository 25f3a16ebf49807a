/** A workspace's API keys as its operators manage them: listed, counted, revoked. Never a secret: only hashes are stored. */
import type { Selectable } from 'kysely';
import type { Tx } from '../platform/db/db.ts';
import type { ApiKeysTable } from '../platform/workspaces.table.ts';

export type ApiKeyRow = Omit<Selectable<ApiKeysTable>, 'key_hash'>;

const columns = ['id', 'workspace_id', 'key_prefix', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'] as const;

export async function findApiKey(db: Tx, workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** Newest first; `before` is the last row of the previous page. */
export async function listApiKeyPage(db: Tx, workspaceId: string, page: { limit: number; before?: { createdAt: Date; id: string } }): Promise<ApiKeyRow[]> {
  let query = db.selectFrom('api_keys').select(columns).where('workspace_id', '=', workspaceId);
  if (page.before) {
    const { createdAt, id } = page.before;
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/**
 * Locks the workspace row until the caller's transaction ends, so two keys created at once cannot both
 * see room for one more; answers the keys that still open the API, or undefined when there is no such workspace.
 */
export async function lockWorkspaceKeys(db: Tx, workspaceId: string, now: Date): Promise<number | undefined> {
  const workspace = await db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).forUpdate().executeTakeFirst();
  if (!workspace) return undefined;
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes the key if it is not yet revoked (one conditional UPDATE: the first revocation's time stays); undefined when nothing changed. */
export async function revokeApiKeyRow(db: Tx, workspaceId: string, id: string, now: Date): Promise<ApiKeyRow | undefined> {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(columns)
    .executeTakeFirst();
}
