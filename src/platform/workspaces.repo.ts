/** Workspaces, their hashed API keys as requests meet them, and the creators they serve. */
import type { Clock } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import { keyHint } from './api-key.rules.ts';
import { sha256 } from './crypto/hash.ts';
import type { Tx } from './db/db.ts';
import { compileOnly, prepareQuery } from './db/prepared.ts';

export interface Workspace {
  id: string;
  name: string;
  productName: string | null;
  emailFrom: string | null;
}

/** The channel migration 033's triggers notify with a changed key's hash (or '*': every key). */
export const API_KEY_CHANGES = 'ck_api_key_changes';

/** A key as a request meets it: its state and the workspace it opens. */
export interface ApiKeyRecord {
  id: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  workspace: Workspace;
}

/** Every request's lookup, so a statement prepared once (db/prepared.ts): parsing and planning the join cost more than running it. */
const apiKeyQuery = prepareQuery(
  'ck_api_key_by_hash',
  compileOnly
    .selectFrom('api_keys')
    .innerJoin('workspaces', 'workspaces.id', 'api_keys.workspace_id')
    .select([
      'api_keys.id as key_id',
      'api_keys.revoked_at',
      'api_keys.expires_at',
      'api_keys.last_used_at',
      'workspaces.id',
      'workspaces.name',
      'workspaces.product_name',
      'workspaces.email_from',
    ])
    .where('api_keys.key_hash', '=', '$keyHash'),
  ['$keyHash'],
);

/** The key whose secret hashes to `keyHash`, whatever its state (the caller decides; revoked and expired keys get their own answer). */
export async function findApiKeyByHash(db: Tx, keyHash: string): Promise<ApiKeyRecord | undefined> {
  const [row] = await apiKeyQuery.run(db, [keyHash]);
  return (
    row && {
      id: row.key_id,
      revokedAt: row.revoked_at,
      expiresAt: row.expires_at,
      lastUsedAt: row.last_used_at,
      workspace: { id: row.id, name: row.name, productName: row.product_name, emailFrom: row.email_from },
    }
  );
}

/**
 * Stamps a use of the key, unless one was stamped since `staleBefore`: of many requests at once (in any
 * number of processes) at most one writes. Answers whether this one did.
 */
export async function stampApiKeyUse(db: Tx, id: string, now: Date, staleBefore: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', staleBefore)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The workspace a key belongs to, whatever the key's state. */
export async function findWorkspaceByApiKey(db: Tx, apiKey: string): Promise<Workspace | undefined> {
  return (await findApiKeyByHash(db, sha256(apiKey)))?.workspace;
}

export async function getWorkspace(db: Tx, id: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, name: row.name, productName: row.product_name, emailFrom: row.email_from };
}

/**
 * Makes sure a workspace answers to this API key (the demo key, tests' second workspaces); idempotent.
 * A key it finds keeps its state: a revoked key is not brought back.
 */
export async function ensureWorkspaceForApiKey(db: Tx, clock: Clock, apiKey: string, name: string, keyName: string | null = null): Promise<Workspace> {
  const existing = await findWorkspaceByApiKey(db, apiKey);
  if (existing) return existing;
  const workspace = { id: newId('ws', clock), name, product_name: null, email_from: null, created_at: clock.now() };
  await db.insertInto('workspaces').values(workspace).execute();
  await insertApiKey(db, clock, { workspaceId: workspace.id, secret: apiKey, name: keyName, expiresAt: null });
  return (await findWorkspaceByApiKey(db, apiKey)) ?? { id: workspace.id, name, productName: null, emailFrom: null };
}

export interface NewApiKey {
  workspaceId: string;
  secret: string;
  name: string | null;
  expiresAt: Date | null;
}

/** Stores a key's hash and hint (never the secret); a key whose hash is already stored is left as it is. Answers the new id, or undefined. */
export async function insertApiKey(db: Tx, clock: Clock, key: NewApiKey): Promise<string | undefined> {
  const row = await db
    .insertInto('api_keys')
    .values({
      id: newId('key', clock),
      workspace_id: key.workspaceId,
      key_hash: sha256(key.secret),
      key_prefix: keyHint(key.secret),
      name: key.name,
      created_at: clock.now(),
      expires_at: key.expiresAt,
    })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
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

/** A creator's language and time zone, when a session names them (null leaves what is stored). */
export async function rememberReader(db: Tx, clock: Clock, reader: { workspaceId: string; creatorId: string; locale: string | null; timeZone: string | null }): Promise<void> {
  if (!reader.locale && !reader.timeZone) return;
  await db
    .updateTable('creators')
    .set((eb) => ({
      locale: reader.locale ?? eb.ref('locale'),
      time_zone: reader.timeZone ?? eb.ref('time_zone'),
      updated_at: clock.now(),
    }))
    .where('workspace_id', '=', reader.workspaceId)
    .where('id', '=', reader.creatorId)
    .execute();
}

export async function getCreator(db: Tx, workspaceId: string, id: string): Promise<Creator | undefined> {
  const row = await db.selectFrom('creators').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && { workspaceId: row.workspace_id, id: row.id, email: row.email, name: row.name };
}
