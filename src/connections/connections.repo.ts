/**
 * Connections and their sealed tokens. Every status change goes through `applyTransition`: one
 * conditional UPDATE on (id, allowed from-statuses, version) plus an event row, in the caller's
 * transaction, so concurrent processes can never both apply a change.
 */
import { type Selectable, sql, type Updateable } from 'kysely';
import type { Clock } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import type { Tx } from '../platform/db/db.ts';
import { compileOnly, prepareQuery } from '../platform/db/prepared.ts';
import { queueWebhook, webhookInsertSql, webhookTypeFor } from '../webhooks/index.ts';
import { type Connection, type ConnectionStatus, type Transition, transitions } from './connection.rules.ts';
import type { ConnectionsTable } from './connections.table.ts';

type Row = Selectable<ConnectionsTable>;

export function rowToConnection(row: Row): Connection {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    creatorId: row.creator_id,
    provider: row.provider,
    network: row.network,
    login: row.login,
    accountId: row.account_id,
    username: row.username,
    displayName: row.display_name,
    accountType: row.account_type,
    avatarUrl: row.avatar_url,
    status: row.status as ConnectionStatus,
    statusReason: row.status_reason,
    scopes: row.scopes,
    tokenIssuedAt: row.token_issued_at,
    tokenExpiresAt: row.token_expires_at,
    grantExpiresAt: row.grant_expires_at,
    grantId: row.grant_id,
    providerUserId: row.provider_user_id,
    refreshStartedAt: row.refresh_started_at,
    lastRefreshedAt: row.last_refreshed_at,
    connectedAt: row.connected_at,
    disconnectedAt: row.disconnected_at,
    refreshDueAt: row.refresh_due_at,
    refreshRetryAt: row.refresh_retry_at,
    refreshAttempts: row.refresh_attempts,
    lastErrorCode: row.last_error_code,
    lastErrorAt: row.last_error_at,
    lastVerifiedAt: row.last_verified_at,
    version: row.version,
  };
}

export async function findConnection(db: Tx, workspaceId: string, id: string): Promise<Connection | undefined> {
  const row = await db.selectFrom('connections').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && rowToConnection(row);
}

export async function getConnectionById(db: Tx, id: string): Promise<Connection | undefined> {
  const row = await db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToConnection(row);
}

export async function listConnections(db: Tx, workspaceId: string, filter: { creatorId?: string; status?: string } = {}): Promise<Connection[]> {
  let query = db.selectFrom('connections').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.creatorId !== undefined) query = query.where('creator_id', '=', filter.creatorId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map(rowToConnection);
}

/** Oldest first, after the `after` one (keyset on created_at, id: index connections_page), at most `limit`. */
export async function listConnectionPage(
  db: Tx,
  workspaceId: string,
  page: { creatorId?: string; status?: string; limit: number; after?: { createdAt: Date; id: string } },
): Promise<(Connection & { createdAt: Date })[]> {
  let query = db.selectFrom('connections').selectAll().where('workspace_id', '=', workspaceId);
  if (page.creatorId !== undefined) query = query.where('creator_id', '=', page.creatorId);
  if (page.status !== undefined) query = query.where('status', '=', page.status);
  if (page.after) {
    const { createdAt, id } = page.after;
    query = query.where((eb) => eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]));
  }
  const rows = await query.orderBy('created_at').orderBy('id').limit(page.limit).execute();
  return rows.map((row) => ({ ...rowToConnection(row), createdAt: row.created_at }));
}

export async function findByAccount(db: Tx, workspaceId: string, provider: string, accountId: string): Promise<Connection | undefined> {
  const row = await db
    .selectFrom('connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('provider', '=', provider)
    .where('account_id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
  return row && rowToConnection(row);
}

export async function insertConnection(db: Tx, row: Omit<Row, 'refresh_attempts' | 'version'>): Promise<Connection> {
  const inserted = await db.insertInto('connections').values(row).returningAll().executeTakeFirstOrThrow();
  return rowToConnection(inserted);
}

export interface TransitionInput {
  id: string;
  transition: Transition;
  /** The version read before deciding; the change applies only if nobody changed the row since. */
  expectedVersion?: number;
  set?: Updateable<ConnectionsTable>;
  reason?: string | null;
  detail?: Record<string, unknown>;
  eventType?: string;
}

/** Applies a state transition; returns the updated connection, or undefined if it did not apply. */
export async function applyTransition(db: Tx, clock: Clock, input: TransitionInput): Promise<Connection | undefined> {
  const { from, to } = transitions[input.transition];
  const now = clock.now();
  let query = db
    .updateTable('connections')
    .set((eb) => ({ ...input.set, status: to, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', input.id)
    .where('status', 'in', from.length ? [...from] : ['__none__']);
  if (input.expectedVersion !== undefined) query = query.where('version', '=', input.expectedVersion);
  const row = await query.returningAll().executeTakeFirst();
  if (!row) return undefined;
  const connection = rowToConnection(row);
  await recordEvent(db, clock, connection, input.eventType ?? input.transition, { to, reason: input.reason ?? null, detail: input.detail });
  return connection;
}

export async function recordEvent(
  db: Tx,
  clock: Clock,
  connection: Pick<Connection, 'id' | 'workspaceId'>,
  type: string,
  extra: { from?: string | null; to?: string | null; reason?: string | null; detail?: Record<string, unknown> } = {},
): Promise<void> {
  const id = newId('evt', clock);
  const now = clock.now();
  await db
    .insertInto('connection_events')
    .values({
      id,
      connection_id: connection.id,
      workspace_id: connection.workspaceId,
      type,
      from_status: extra.from ?? null,
      to_status: extra.to ?? null,
      reason: extra.reason ?? null,
      detail: JSON.stringify(extra.detail ?? {}),
      occurred_at: now,
    })
    .execute();
  // The webhook rides in the caller's transaction with the state change and its event (an outbox).
  const webhookType = webhookTypeFor(type);
  if (webhookType) await queueWebhook(db, { eventId: id, connectionId: connection.id, type: webhookType, createdAt: now });
}

/** Updates bookkeeping columns (no status change) only if the version still matches. */
export async function updateIfVersion(db: Tx, id: string, version: number, set: Updateable<ConnectionsTable>): Promise<boolean> {
  const result = await db
    .updateTable('connections')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface SealedTokens {
  keyId: string;
  accessTokenSealed: string;
  refreshTokenSealed: string | null;
}

export async function readSealedTokens(db: Tx, connectionId: string): Promise<SealedTokens | undefined> {
  const row = await db.selectFrom('connection_tokens').selectAll().where('connection_id', '=', connectionId).executeTakeFirst();
  return row && { keyId: row.key_id, accessTokenSealed: row.access_token_sealed, refreshTokenSealed: row.refresh_token_sealed };
}

export async function writeSealedTokens(db: Tx, connectionId: string, tokens: SealedTokens, now: Date): Promise<void> {
  const values = {
    key_id: tokens.keyId,
    access_token_sealed: tokens.accessTokenSealed,
    refresh_token_sealed: tokens.refreshTokenSealed,
    updated_at: now,
  };
  await db
    .insertInto('connection_tokens')
    .values({ connection_id: connectionId, ...values })
    .onConflict((oc) => oc.column('connection_id').doUpdateSet(values))
    .execute();
}

export interface HandoutRow {
  id: string;
  workspaceId: string;
  provider: string;
  status: string;
  statusReason: string | null;
  tokenExpiresAt: Date | null;
  grantExpiresAt: Date | null;
  accessTokenSealed: string | null;
}

/**
 * The columns of `connections` a hand-out reads: migration 033's trigger notifies a change to any of
 * them (and any change to `connection_tokens`), and test/integration/handout-cache.integration.test.ts
 * checks each one does. Add a column here, add it to the trigger.
 */
export const HANDOUT_COLUMNS = ['id', 'workspace_id', 'provider', 'status', 'status_reason', 'token_expires_at', 'grant_expires_at'] as const;

/** The access-token hot path: one read-only round trip, a statement prepared once (platform/db/prepared.ts). */
const handoutQuery = prepareQuery(
  'ck_handout_row',
  compileOnly
    .selectFrom('connections as c')
    .leftJoin('connection_tokens as t', 't.connection_id', 'c.id')
    .select([...HANDOUT_COLUMNS.map((column) => `c.${column}` as const), 't.access_token_sealed'])
    .where('c.id', '=', '$id'),
  ['$id'],
);

/** The hand-out's row of connection `id`, whichever workspace it is in (the caller checks: the cache keeps rows by id). */
export async function readHandoutRow(db: Tx, id: string): Promise<HandoutRow | undefined> {
  const [row] = await handoutQuery.run(db, [id]);
  return (
    row && {
      id: row.id,
      workspaceId: row.workspace_id,
      provider: row.provider,
      status: row.status,
      statusReason: row.status_reason,
      tokenExpiresAt: row.token_expires_at,
      grantExpiresAt: row.grant_expires_at,
      accessTokenSealed: row.access_token_sealed,
    }
  );
}

/** The hand-out's row of connection `id` in `workspaceId`, straight from the database. */
export async function readForHandout(db: Tx, workspaceId: string, id: string): Promise<HandoutRow | undefined> {
  const row = await readHandoutRow(db, id);
  return row?.workspaceId === workspaceId ? row : undefined;
}

export interface RefreshedToken {
  id: string;
  expectedVersion: number;
  issuedAt: Date;
  expiresAt: Date | null;
  grantExpiresAt: Date | null;
  refreshDueAt: Date | null;
  /**
   * The refreshed grant still ends within the expiring window (TikTok's fixed refresh-token end): an
   * `expiring` connection stays expiring rather than turning active until the next expiry watch.
   */
  stillExpiring: boolean;
  sealed: SealedTokens;
  detail: Record<string, unknown>;
}

/**
 * Stores a refreshed token: the `refreshed` transition (compare-and-swap on the version), the new
 * sealed tokens, the event and its webhook, as ONE statement, so it is atomic without a transaction
 * and costs a single round trip (the sweep's hottest write). Returns false if the row changed meanwhile.
 */
export async function storeRefreshedToken(db: Tx, clock: Clock, input: RefreshedToken): Promise<boolean> {
  const now = clock.now();
  const { from, to } = transitions.refreshed;
  const eventId = newId('evt', clock);
  const result = await sql<{ applied: number }>`
    with updated as (
      update connections
      set status = case when status = 'expiring' and ${input.stillExpiring}::boolean then status else ${to} end,
          status_reason = case when status = 'expiring' and ${input.stillExpiring}::boolean then status_reason end, token_issued_at = ${input.issuedAt}, token_expires_at = ${input.expiresAt},
          grant_expires_at = ${input.grantExpiresAt}, refresh_started_at = null,
          last_refreshed_at = ${input.issuedAt}, refresh_due_at = ${input.refreshDueAt}, refresh_retry_at = null,
          refresh_attempts = 0, lease_owner = null, lease_expires_at = null, version = version + 1, updated_at = ${now}
      where id = ${input.id} and version = ${input.expectedVersion} and status = any(${[...from]})
      returning *
    ), tokens as (
      update connection_tokens
      set key_id = ${input.sealed.keyId}, access_token_sealed = ${input.sealed.accessTokenSealed},
          refresh_token_sealed = ${input.sealed.refreshTokenSealed}, updated_at = ${now}
      where connection_id in (select id from updated)
    ), event as (
      insert into connection_events (id, connection_id, workspace_id, type, to_status, detail, occurred_at)
      select ${eventId}, id, workspace_id, 'refreshed', status, ${JSON.stringify(input.detail)}::jsonb, ${now} from updated
    ), webhook as (
      ${webhookInsertSql('updated', { eventId, connectionId: input.id, type: 'connection.refreshed', createdAt: now })}
    )
    select count(*)::int as applied from updated`.execute(db);
  return (result.rows[0]?.applied ?? 0) === 1;
}

/**
 * One account, two logins: the creator's other connections that reach the same network account (an
 * Instagram account through Instagram Login and through a Facebook Page has one id either way), by
 * index connections_by_account. Only the same creator's: another creator's login to the account is not
 * theirs to read through.
 */
export async function linkedConnections(db: Tx, connection: Pick<Connection, 'id' | 'workspaceId' | 'creatorId' | 'network' | 'accountId'>): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where('workspace_id', '=', connection.workspaceId)
    .where('network', '=', connection.network)
    .where('account_id', '=', connection.accountId)
    .where('creator_id', '=', connection.creatorId)
    .where('id', '<>', connection.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToConnection);
}

/** For each of these connections, the ids of its linked ones (linkedConnections), in one query. */
export async function linkedIdsOf(db: Tx, connections: readonly Pick<Connection, 'id' | 'workspaceId' | 'creatorId' | 'network' | 'accountId'>[]): Promise<Map<string, string[]>> {
  const out = new Map(connections.map((c) => [c.id, [] as string[]]));
  if (connections.length === 0) return out;
  const rows = await db
    .selectFrom('connections as a')
    .innerJoin('connections as b', (join) =>
      join
        .onRef('b.workspace_id', '=', 'a.workspace_id')
        .onRef('b.network', '=', 'a.network')
        .onRef('b.account_id', '=', 'a.account_id')
        .onRef('b.creator_id', '=', 'a.creator_id'),
    )
    .select(['a.id as id', 'b.id as linked'])
    .where(
      'a.id',
      'in',
      connections.map((c) => c.id),
    )
    .whereRef('b.id', '<>', 'a.id')
    .orderBy('b.created_at')
    .orderBy('b.id')
    .execute();
  for (const row of rows) out.get(row.id)?.push(row.linked);
  return out;
}

/**
 * SQL: the connection aliased `k` can be read through, by itself or by a linked login (same creator,
 * network and account) — the condition the insights plan, its queue and the paused lists share. The
 * stored insights schedule repeats it in its triggers (migration 034, which cannot import it): change
 * it here and a new migration must replace insights_schedule() and the connections triggers too.
 */
export function readableSql(k: string) {
  const col = (name: string) => sql.ref(`${k}.${name}`);
  return sql<boolean>`(${col('status')} in ('active', 'expiring') or exists (
    select 1 from connections l
    where l.workspace_id = ${col('workspace_id')} and l.network = ${col('network')} and l.account_id = ${col('account_id')}
      and l.creator_id = ${col('creator_id')} and l.id <> ${col('id')} and l.status in ('active', 'expiring')))`;
}
