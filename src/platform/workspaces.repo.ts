/** Workspaces, their hashed API keys, and the creators they serve. */
import type { Clock } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import { sha256 } from './crypto/hash.ts';
import type { Tx } from './db/db.ts';

export interface Workspace {
  id: string;
  name: string;
  productName: string | null;
  emailFrom: string | null;
}

export async function findWorkspaceByApiKey(db: Tx, apiKey: string): Promise<Workspace | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
    .select(['workspaces.id', 'workspaces.name', 'workspaces.product_name', 'workspaces.email_from'])
    .where('api_keys.key_hash', '=', sha256(apiKey))
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, productName: row.product_name, emailFrom: row.email_from };
}

export async function getWorkspace(db: Tx, id: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, name: row.name, productName: row.product_name, emailFrom: row.email_from };
}

/** Makes sure a workspace answers to this API key (BOOTSTRAP_API_KEY, demo key); idempotent. */
export async function ensureWorkspaceForApiKey(db: Tx, clock: Clock, apiKey: string, name: string): Promise<Workspace> {
  const existing = await findWorkspaceByApiKey(db, apiKey);
  if (existing) return existing;
  const workspace = { id: newId('ws', clock), name, product_name: null, email_from: null, created_at: clock.now() };
  await db.insertInto('workspaces').values(workspace).execute();
  await db
    .insertInto('api_keys')
    .values({ id: newId('key', clock), workspace_id: workspace.id, key_hash: sha256(apiKey), key_prefix: apiKey.slice(0, 6), created_at: clock.now() })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
  return (await findWorkspaceByApiKey(db, apiKey)) ?? { id: workspace.id, name, productName: null, emailFrom: null };
}

export interface Creator {
  workspaceId: string;
  id: string;
  email: string | null;
  name: string | null;
}

export async function upsertCreator(db: Tx, clock: Clock, creator: Creator): Promise<void> {
  const now = clock.now();
  await db
    .insertInto('creators')
    .values({ workspace_id: creator.workspaceId, id: creator.id, email: creator.email, name: creator.name, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'id']).doUpdateSet((eb) => ({
        email: eb.fn.coalesce(eb.ref('excluded.email'), eb.ref('creators.email')),
        name: eb.fn.coalesce(eb.ref('excluded.name'), eb.ref('creators.name')),
        updated_at: now,
      })),
    )
    .execute();
}

export async function getCreator(db: Tx, workspaceId: string, id: string): Promise<Creator | undefined> {
  const row = await db.selectFrom('creators').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && { workspaceId: row.workspace_id, id: row.id, email: row.email, name: row.name };
}
