/** Each workspace's webhook endpoint: its URL and its sealed signing secret. */
import type { Selectable } from 'kysely';
import type { Tx } from '../platform/db/db.ts';
import type { WebhookEndpointsTable } from './webhooks.table.ts';

export type EndpointRow = Selectable<WebhookEndpointsTable>;

export interface SealedSecret {
  keyId: string;
  secretSealed: string;
  secretHint: string;
}

export async function getEndpoint(db: Tx, workspaceId: string): Promise<EndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function getEndpoints(db: Tx, workspaceIds: string[]): Promise<EndpointRow[]> {
  if (workspaceIds.length === 0) return [];
  return db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', 'in', workspaceIds).execute();
}

/** Creates the endpoint if the workspace has none; returns undefined when one already existed. */
export async function insertEndpoint(db: Tx, workspaceId: string, url: string, secret: SealedSecret, now: Date): Promise<EndpointRow | undefined> {
  return db
    .insertInto('webhook_endpoints')
    .values({ workspace_id: workspaceId, url, key_id: secret.keyId, secret_sealed: secret.secretSealed, secret_hint: secret.secretHint, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateEndpoint(db: Tx, workspaceId: string, set: { url?: string; secret?: SealedSecret }, now: Date): Promise<EndpointRow | undefined> {
  const secret = set.secret ? { key_id: set.secret.keyId, secret_sealed: set.secret.secretSealed, secret_hint: set.secret.secretHint } : {};
  return db
    .updateTable('webhook_endpoints')
    .set({ ...(set.url === undefined ? {} : { url: set.url }), ...secret, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteEndpoint(db: Tx, workspaceId: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
