/**
 * The webhook outbox. Delivery rows are written by the same transaction (or the same statement) as
 * the connection or campaign event that causes them: one per endpoint of the workspace whose filter
 * takes the event's type (none when no endpoint does), with the event's id and a body built from
 * the row as it stands after the change. The body is stored as text so every attempt sends
 * identical bytes.
 */
import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { Tx } from '../platform/db/db.ts';
import { networksKnownByName } from '../providers/account-name.ts';
import type { WebhookType } from './webhook.rules.ts';
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from './webhooks.table.ts';

export interface QueuedWebhook {
  eventId: string;
  connectionId: string;
  type: WebhookType;
  createdAt: Date;
}

const iso = (column: string) => sql`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Whether the endpoint aliased `w` takes `type`: no filter, or a filter naming it. */
const takes = (type: WebhookType) => sql`(w.event_types is null or ${type}::text = any(w.event_types))`;

/** `join` of every endpoint (aliased `w`) of `workspace` that takes `type`: one delivery each. */
const endpointsTaking = (workspace: RawBuilder<unknown>, type: WebhookType) => sql`join webhook_endpoints w on w.workspace_id = ${workspace} and ${takes(type)}`;

/**
 * A delivery's id, its `webhook-id`: the bodies of the event's and the endpoint's ids side by side
 * (whd_ + 52 characters, ordered by the event's time), so one event reaches one endpoint once
 * whatever retries the statement (the primary key refuses a second) and a redelivery keeps it.
 */
const deliveryId = (eventId: RawBuilder<unknown>) => sql`'whd_' || split_part(${eventId}, '_', 2) || split_part(w.id, '_', 2)`;

/**
 * The connection as `GET /v1/connections/:id` shows it (see `toView` in connections/connections.ts; the
 * webhook integration test keeps the two identical), read from a row aliased `alias`. No token
 * column is in reach: tokens live in another table.
 */
function connectionJson(alias: string): RawBuilder<unknown> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql`json_build_object(
    'id', ${col('id')}, 'provider', ${col('provider')}, 'network', ${col('network')}, 'login', ${col('login')}, 'creatorId', ${col('creator_id')},
    'accountId', ${col('account_id')}, 'username', ${col('username')}, 'displayName', ${col('display_name')}, 'accountName', ${accountNameSql(alias)},
    'accountType', ${col('account_type')}, 'avatarUrl', ${col('avatar_url')}, 'status', ${col('status')},
    'statusReason', ${col('status_reason')}, 'scopes', ${col('scopes')},
    'tokenExpiresAt', ${iso(`${alias}.token_expires_at`)}, 'expiresAt', ${iso(`${alias}.grant_expires_at`)}, 'lastRefreshedAt', ${iso(`${alias}.last_refreshed_at`)},
    'connectedAt', ${iso(`${alias}.connected_at`)}, 'disconnectedAt', ${iso(`${alias}.disconnected_at`)})`;
}

/**
 * providers/account-name.ts `accountName` in SQL (the webhook body is built in the statement that
 * changes the row): the handle with one '@', else the display name, else the account id; the name first
 * on networks whose accounts are known by it (a Facebook Page). Blank values count as none.
 */
export function accountNameSql(alias: string): RawBuilder<string> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const handle = sql`'@' || nullif(ltrim(btrim(${col('username')}), '@'), '')`;
  const name = sql`nullif(btrim(${col('display_name')}), '')`;
  return sql<string>`case when ${col('network')} = any(${[...networksKnownByName]}::text[])
    then coalesce(${name}, ${handle}, ${col('account_id')}) else coalesce(${handle}, ${name}, ${col('account_id')}) end`;
}

/**
 * `insert into webhook_deliveries … select … from <source> c`: usable as a statement of its own or
 * as a CTE of a larger statement (storeRefreshedToken), where `source` is the CTE of updated rows.
 */
export function webhookInsertSql(source: 'connections' | 'updated', webhook: QueuedWebhook): RawBuilder<unknown> {
  // json (not jsonb) keeps the keys in the order written here.
  const body = sql`json_build_object('id', ${webhook.eventId}::text, 'type', ${webhook.type}::text,
    'createdAt', ${webhook.createdAt.toISOString()}::text, 'data', json_build_object('connection', ${connectionJson('c')}))::text`;
  const eventId = sql`${webhook.eventId}::text`;
  return sql`insert into webhook_deliveries (id, event_id, endpoint_id, workspace_id, connection_id, type, body, status, attempts, next_attempt_at, created_at)
    select ${deliveryId(eventId)}, ${eventId}, w.id, c.workspace_id, c.id, ${webhook.type}, ${body}, 'pending', 0, ${webhook.createdAt}, ${webhook.createdAt}
    from ${sql.table(source)} c
    ${endpointsTaking(sql`c.workspace_id`, webhook.type)}
    where c.id = ${webhook.connectionId}`;
}

/** The columns every campaign (and other event) delivery insert writes, in the order of the selects below. */
export const campaignDeliveryColumns = sql`(id, event_id, endpoint_id, workspace_id, connection_id, campaign_id, type, body, status, attempts, next_attempt_at, created_at)`;

/** The envelope every webhook shares: `{ id, type, createdAt, data }`, keys in this order (json, not jsonb). */
function envelope(eventId: RawBuilder<unknown>, type: WebhookType, createdAt: Date, data: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`json_build_object('id', ${eventId}, 'type', ${type}::text, 'createdAt', ${createdAt.toISOString()}::text, 'data', ${data})::text`;
}

/** A bound post as the `campaign_post.*` webhooks show it, read from a campaign_posts row aliased `cp`. */
const campaignPostJson = sql`json_build_object(
  'campaignId', cp.campaign_id, 'postId', cp.id, 'creatorId', cp.creator_id, 'connectionId', cp.connection_id, 'mediaId', cp.media_id,
  'network', cp.network, 'permalink', cp.permalink, 'boundBy', cp.bound_by, 'flags', cp.flags,
  'boundAt', ${iso('cp.bound_at')}, 'unboundAt', ${iso('cp.unbound_at')})`;

export interface CampaignPostEvents {
  type: Extract<WebhookType, 'campaign_post.bound' | 'campaign_post.unbound'>;
  createdAt: Date;
  /** The event id of each post's delivery, by campaign post id (made by the caller, which has the clock). */
  eventIds: ReadonlyMap<string, string>;
}

/**
 * `select` of one delivery per campaign_posts row of `source` (a CTE of rows just inserted or
 * changed, so a binding that changed nothing sends nothing), for `insert into webhook_deliveries
 * <campaignDeliveryColumns> <this>` in the same statement as the change.
 */
export function campaignPostDeliveries(source: string, events: CampaignPostEvents): RawBuilder<unknown> {
  const { type, createdAt } = events;
  return sql`select ${deliveryId(sql`e.event_id`)}, e.event_id, w.id, cp.workspace_id, cp.connection_id, cp.campaign_id, ${type},
      ${envelope(sql`e.event_id`, type, createdAt, sql`json_build_object('post', ${campaignPostJson})`)}, 'pending', 0, ${createdAt}, ${createdAt}
    from ${sql.table(source)} cp
    join unnest(${[...events.eventIds.keys()]}::text[], ${[...events.eventIds.values()]}::text[]) as e(post_id, event_id) on e.post_id = cp.id
    ${endpointsTaking(sql`cp.workspace_id`, type)}`;
}

/**
 * `select` of the `insights_refresh.completed` delivery of each insights_refreshes row of `source`
 * (a CTE of the rows the conditional UPDATE just flipped to done, so it is sent once).
 */
export function refreshCompletedDeliveries(source: string, eventIds: ReadonlyMap<string, string>, createdAt: Date): RawBuilder<unknown> {
  const type: WebhookType = 'insights_refresh.completed';
  const data = sql`json_build_object('refresh', json_build_object('campaignId', r.campaign_id, 'refreshId', r.id, 'total', r.total,
    'completed', r.completed, 'failed', r.failed, 'requestedAt', ${iso('r.requested_at')}, 'finishedAt', ${iso('r.finished_at')}))`;
  return sql`select ${deliveryId(sql`e.event_id`)}, e.event_id, w.id, k.workspace_id, null, r.campaign_id, ${type}, ${envelope(sql`e.event_id`, type, createdAt, data)},
      'pending', 0, ${createdAt}, ${createdAt}
    from ${sql.table(source)} r
    join campaigns k on k.id = r.campaign_id
    join unnest(${[...eventIds.keys()]}::text[], ${[...eventIds.values()]}::text[]) as e(refresh_id, event_id) on e.refresh_id = r.id
    ${endpointsTaking(sql`k.workspace_id`, type)}`;
}

/** An event whose body the caller built (Partnership Ads), for `queueEventWebhook`. */
export interface EventWebhook {
  eventId: string;
  workspaceId: string;
  type: WebhookType;
  /** The whole envelope, `{ id, type, createdAt, data }`, as sent. */
  body: string;
  connectionId: string | null;
  campaignId: string | null;
  createdAt: Date;
}

/** Queues an event's deliveries, one per endpoint that takes it, in the caller's transaction; returns how many. */
export async function queueEventWebhook(db: Tx, event: EventWebhook): Promise<number> {
  const eventId = sql`${event.eventId}::text`;
  const result = await sql`insert into webhook_deliveries ${campaignDeliveryColumns}
    select ${deliveryId(eventId)}, ${eventId}, w.id, w.workspace_id, ${event.connectionId}, ${event.campaignId}, ${event.type}, ${event.body},
      'pending', 0, ${event.createdAt}, ${event.createdAt}
    from webhook_endpoints w
    where w.workspace_id = ${event.workspaceId} and ${takes(event.type)}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Queues the webhook for an event just recorded, in the caller's transaction. */
export async function queueWebhook(db: Tx, webhook: QueuedWebhook): Promise<void> {
  await webhookInsertSql('connections', webhook).execute(db);
}

export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/** Claims due deliveries for this process with a lease (SKIP LOCKED: concurrent workers take different rows). */
export async function claimDueDeliveries(db: Tx, input: { owner: string; now: Date; limit: number; leaseMs: number }): Promise<DeliveryRow[]> {
  const result = await sql<DeliveryRow>`
    update webhook_deliveries d set lease_owner = ${input.owner}, lease_expires_at = clock_timestamp() + ${input.leaseMs}::int * interval '1 millisecond'
    from (
      select id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= ${input.now}
        and (lease_expires_at is null or lease_expires_at < clock_timestamp())
      order by next_attempt_at
      limit ${input.limit}
      for update skip locked
    ) due
    where d.id = due.id
    returning d.*`.execute(db);
  return result.rows;
}

export interface AttemptOutcome {
  deliveryId: string;
  owner: string;
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** What the delivery becomes: delivered, pending again (with the next attempt) or failed. */
  status: 'delivered' | 'pending' | 'failed';
  nextAttemptAt: Date;
}

/**
 * Records one attempt and its outcome in one statement, only while this process still holds the
 * lease: a worker whose lease ran out (another has taken the row) changes nothing.
 */
export async function recordAttempt(db: Tx, o: AttemptOutcome): Promise<boolean> {
  const result = await sql<{ recorded: number }>`
    with d as (
      update webhook_deliveries
      set status = ${o.status}, attempts = ${o.attempt}, next_attempt_at = ${o.nextAttemptAt}, last_status_code = ${o.statusCode},
          last_error = ${o.error}, delivered_at = ${o.status === 'delivered' ? o.attemptedAt : null},
          lease_owner = null, lease_expires_at = null
      where id = ${o.deliveryId} and lease_owner = ${o.owner} and status = 'pending'
      returning id
    ), a as (
      insert into webhook_attempts (delivery_id, attempt, attempted_at, status_code, duration_ms, error)
      select id, ${o.attempt}, ${o.attemptedAt}, ${o.statusCode}, ${o.durationMs}, ${o.error} from d
    )
    select count(*)::int as recorded from d`.execute(db);
  return (result.rows[0]?.recorded ?? 0) === 1;
}

/** Stops the pending deliveries of an endpoint (it was removed). */
export async function cancelPendingDeliveries(db: Tx, endpointId: string): Promise<number> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'cancelled', lease_owner: null, lease_expires_at: null })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface DeliveryPageInput {
  status?: DeliveryRow['status'];
  limit: number;
  /** Keyset cursor: deliveries strictly older than this one (newest first). */
  before?: { createdAt: Date; id: string };
}

export type AttemptRow = Selectable<WebhookAttemptsTable>;

/** One page of a workspace's delivery log, newest first, with every attempt of each delivery. */
export async function listDeliveries(db: Tx, workspaceId: string, page: DeliveryPageInput): Promise<{ rows: DeliveryRow[]; attempts: AttemptRow[] }> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId);
  if (page.status) query = query.where('status', '=', page.status);
  if (page.before) {
    const { createdAt, id } = page.before;
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  return {
    rows,
    attempts: await attemptsOf(
      db,
      rows.map((row) => row.id),
    ),
  };
}

/** Every attempt of these deliveries, in order. */
export async function attemptsOf(db: Tx, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('delivery_id').orderBy('attempt').execute();
}

export async function findDelivery(db: Tx, workspaceId: string, id: string, lock?: 'for update'): Promise<DeliveryRow | undefined> {
  const query = db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * Makes a delivery due now, whatever it became: a worker sends it at its next pass, with the same
 * id and body. A pending one in flight keeps its lease: the attempt being made is the one asked for.
 */
export async function requeueDelivery(db: Tx, id: string, now: Date): Promise<DeliveryRow> {
  return db.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: now, delivered_at: null }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
