/** A workspace's webhook endpoints: URL, event-type filter, description and sealed signing secret. */
import type { Selectable } from 'kysely';
import type { Tx } from '../platform/db/db.ts';
import type { WebhookEndpointsTable } from './webhooks.table.ts';

export type EndpointRow = Selectable<WebhookEndpointsTable>;

export interface SealedSecret {
  keyId: string;
  secretSealed: string;
  secretHint: string;
}

export interface NewEndpoint {
  id: string;
  workspaceId: string;
  url: string;
  description: string | null;
  eventTypes: string[] | null;
  legacySignature: boolean;
  secret: SealedSecret;
  now: Date;
}

export interface EndpointChanges {
  url?: string;
  description?: string | null;
  eventTypes?: string[] | null;
  legacySignature?: boolean;
  /** A new secret; the one it replaces keeps signing only if `previous` says so (a rotation). */
  secret?: SealedSecret;
  /** The replaced secret, sealed under the same key as `secret`, and when it stops signing. */
  previous?: { secretSealed: string; expiresAt: Date };
}

export async function findEndpoint(db: Tx, workspaceId: string, id: string, lock?: 'for update'): Promise<EndpointRow | undefined> {
  const query = db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The endpoint the single-endpoint routes (`/v1/webhook`) address: the workspace's oldest. */
export async function defaultEndpoint(db: Tx, workspaceId: string): Promise<EndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

export async function endpointsByIds(db: Tx, ids: string[]): Promise<EndpointRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', ids).execute();
}

/** One page of a workspace's endpoints, oldest first (the default endpoint leads), after the keyset `after`. */
export async function listEndpointPage(db: Tx, workspaceId: string, page: { limit: number; after?: { createdAt: Date; id: string } }): Promise<EndpointRow[]> {
  let query = db.selectFrom('webhook_endpoints').selectAll().where('workspace_id', '=', workspaceId);
  if (page.after) {
    const { createdAt, id } = page.after;
    query = query.where((eb) => eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]));
  }
  return query.orderBy('created_at').orderBy('id').limit(page.limit).execute();
}

/**
 * Locks the workspace row until the caller's transaction ends: endpoint creation takes it first,
 * so two concurrent requests cannot both see "no endpoint yet" (or room for one more) and both insert.
 */
export async function lockWorkspaceEndpoints(db: Tx, workspaceId: string): Promise<number> {
  await db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).forUpdate().executeTakeFirst();
  const row = await db
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertEndpoint(db: Tx, e: NewEndpoint): Promise<EndpointRow> {
  return db
    .insertInto('webhook_endpoints')
    .values({
      id: e.id,
      workspace_id: e.workspaceId,
      url: e.url,
      description: e.description,
      event_types: e.eventTypes,
      legacy_signature: e.legacySignature,
      key_id: e.secret.keyId,
      secret_sealed: e.secret.secretSealed,
      secret_hint: e.secret.secretHint,
      created_at: e.now,
      updated_at: e.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateEndpoint(db: Tx, workspaceId: string, id: string, set: EndpointChanges, now: Date): Promise<EndpointRow | undefined> {
  // A new secret always says what became of the old one: `key_id` must name the key of both sealed values.
  const secret = set.secret
    ? {
        key_id: set.secret.keyId,
        secret_sealed: set.secret.secretSealed,
        secret_hint: set.secret.secretHint,
        previous_secret_sealed: set.previous?.secretSealed ?? null,
        previous_secret_expires_at: set.previous?.expiresAt ?? null,
      }
    : {};
  return db
    .updateTable('webhook_endpoints')
    .set({
      ...(set.url === undefined ? {} : { url: set.url }),
      ...(set.description === undefined ? {} : { description: set.description }),
      ...(set.eventTypes === undefined ? {} : { event_types: set.eventTypes }),
      ...(set.legacySignature === undefined ? {} : { legacy_signature: set.legacySignature }),
      ...secret,
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteEndpoint(db: Tx, workspaceId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
