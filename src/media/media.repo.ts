/**
 * Media and media syncs. A sync is claimed with a lease (owner + expiry on the database clock, longer
 * than a run's provider calls) under FOR UPDATE SKIP LOCKED, so several workers split the due syncs
 * and never run one twice; every later write checks the lease is still ours. When a sync may start
 * (`run_after`) is decided on the application's clock, passed in.
 */
import { type Selectable, sql } from 'kysely';
import { claimDue } from '../platform/db/claim-due.ts';
import type { Tx } from '../platform/db/db.ts';
import type { MediaItem } from '../providers/provider.ts';
import type { MediaSyncReason, MediaSyncScope, MediaSyncsTable, MediaTable } from './media.table.ts';

export type MediaRow = Selectable<MediaTable>;
export type MediaSyncRow = Selectable<MediaSyncsTable>;

const OPEN = ['queued', 'running'] as const;

/**
 * Queues a sync unless the connection already has one queued or running (the partial unique index
 * decides, so two processes cannot both queue one). Returns the new row, or undefined.
 */
export async function queueMediaSync(
  db: Tx,
  input: { id: string; connectionId: string; reason: MediaSyncReason; now: Date; scope?: MediaSyncScope },
): Promise<MediaSyncRow | undefined> {
  const result = await sql<MediaSyncRow>`
    insert into media_syncs (id, connection_id, reason, status, run_after, created_at, scope)
    values (${input.id}, ${input.connectionId}, ${input.reason}, 'queued', ${input.now}, ${input.now}, ${input.scope ?? 'full'})
    on conflict (connection_id) where status in ('queued', 'running') do nothing
    returning *`.execute(db);
  return result.rows[0];
}

/** A queued sync waiting for a retry starts now (the creator just reconnected: a fresh token is there). */
export async function startQueuedSyncNow(db: Tx, connectionId: string, now: Date): Promise<void> {
  await db.updateTable('media_syncs').set({ run_after: now }).where('connection_id', '=', connectionId).where('status', '=', 'queued').where('run_after', '>', now).execute();
}

/**
 * Claims due syncs: queued ones whose time has come, and running ones whose worker's lease lapsed (it
 * died). Each claim is a new attempt: progress starts again from the newest page.
 */
export function claimDueSyncs(db: Tx, input: { owner: string; now: Date; limit: number; leaseSeconds: number }): Promise<MediaSyncRow[]> {
  const alsoSet = sql`, items_seen = 0, pages = 0, started_at = ${input.now}, error = null`;
  return claimDue<MediaSyncRow>(db, { ...input, table: 'media_syncs', key: 'id', alsoSet });
}

/** Records progress and renews the lease; false when the lease is no longer ours (stop: another worker has it). */
export async function recordSyncProgress(db: Tx, input: { id: string; owner: string; itemsSeen: number; pages: number; leaseSeconds: number }): Promise<boolean> {
  const result = await db
    .updateTable('media_syncs')
    .set({ items_seen: input.itemsSeen, pages: input.pages, lease_expires_at: sql<Date>`clock_timestamp() + make_interval(secs => ${input.leaseSeconds})` })
    .where('id', '=', input.id)
    .where('lease_owner', '=', input.owner)
    .where('status', '=', 'running')
    .where('lease_expires_at', '>', sql<Date>`clock_timestamp()`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a run: done, failed, or back to queued until `runAfter` (a retry). Only while the lease is ours. */
export async function endSyncRun(
  db: Tx,
  input: { id: string; owner: string; now: Date } & ({ status: 'done' } | { status: 'failed'; error: string } | { status: 'queued'; error: string; runAfter: Date }),
): Promise<boolean> {
  const result = await db
    .updateTable('media_syncs')
    .set({
      status: input.status,
      error: input.status === 'done' ? null : input.error,
      finished_at: input.status === 'queued' ? null : input.now,
      run_after: input.status === 'queued' ? input.runAfter : sql<Date>`run_after`,
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('id', '=', input.id)
    .where('lease_owner', '=', input.owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface MediaUpsert {
  workspaceId: string;
  connectionId: string;
  network: string;
  items: readonly MediaItem[];
  now: Date;
  newId: () => string;
}

/**
 * Inserts new items and refreshes known ones (what can change: caption, URLs, type), in one
 * statement. Nothing is written once the connection's tokens are gone (the person asked for their
 * data to be erased while this sync ran).
 */
export async function upsertMedia(db: Tx, input: MediaUpsert): Promise<number> {
  // One row per network id: ON CONFLICT cannot touch a row twice in one statement.
  const unique = [...new Map(input.items.map((item) => [item.id, item])).values()];
  if (unique.length === 0) return 0;
  const rows = unique.map((item) => ({
    id: input.newId(),
    provider_media_id: item.id,
    media_type: item.mediaType,
    caption: item.caption,
    permalink: item.permalink,
    published_at: item.publishedAt.toISOString(),
    media_url: item.mediaUrl,
    thumbnail_url: item.thumbnailUrl,
  }));
  const result = await sql<{ id: string }>`
    insert into media (id, workspace_id, connection_id, provider_media_id, network, media_type, caption, permalink,
                       published_at, media_url, thumbnail_url, first_seen_at, last_seen_at)
    select m.id, ${input.workspaceId}, ${input.connectionId}, m.provider_media_id, ${input.network}, m.media_type, m.caption, m.permalink,
           m.published_at, m.media_url, m.thumbnail_url, ${input.now}, ${input.now}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as m(id text, provider_media_id text, media_type text, caption text,
         permalink text, published_at timestamptz, media_url text, thumbnail_url text)
    where exists (select 1 from connection_tokens t where t.connection_id = ${input.connectionId})
    on conflict (connection_id, provider_media_id) do update
    set media_type = excluded.media_type, caption = excluded.caption, permalink = excluded.permalink,
        published_at = excluded.published_at, media_url = excluded.media_url, thumbnail_url = excluded.thumbnail_url,
        last_seen_at = excluded.last_seen_at
    returning id`.execute(db);
  return result.rows.length;
}

/**
 * One account, two logins: the same posts stored under a linked login that is disconnected (the
 * creator's other connection to the same network account) get what this sync just read, so a post
 * bound through that login keeps a working picture and caption while only this login works.
 */
export async function refreshLinkedCopies(db: Tx, input: { connectionId: string; providerMediaIds: readonly string[]; now: Date }): Promise<number> {
  if (input.providerMediaIds.length === 0) return 0;
  const result = await sql`
    update media o
    set media_type = n.media_type, caption = n.caption, permalink = n.permalink, media_url = n.media_url,
        thumbnail_url = n.thumbnail_url, last_seen_at = ${input.now}
    from media n
    join connections me on me.id = n.connection_id
    join connections other on other.workspace_id = me.workspace_id and other.network = me.network and other.account_id = me.account_id
      and other.creator_id = me.creator_id and other.id <> me.id and other.status = 'disconnected'
    where n.connection_id = ${input.connectionId} and n.provider_media_id = any(${[...input.providerMediaIds]}::text[])
      and o.connection_id = other.id and o.provider_media_id = n.provider_media_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** One page of a connection's media, newest first; `before` is the last row of the previous page. */
export async function listMediaPage(db: Tx, connectionId: string, page: { limit: number; before?: { publishedAt: Date; id: string } }): Promise<MediaRow[]> {
  let query = db.selectFrom('media').selectAll().where('connection_id', '=', connectionId);
  if (page.before) {
    const { publishedAt, id } = page.before;
    query = query.where((eb) => eb.or([eb('published_at', '<', publishedAt), eb.and([eb('published_at', '=', publishedAt), eb('id', '<', id)])]));
  }
  return query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

export type SyncSummaryRow = MediaSyncRow & { last_synced_at: Date | null };

/** Each connection's latest sync, with when a sync last finished well. */
export async function latestSyncs(db: Tx, connectionIds: readonly string[]): Promise<Map<string, SyncSummaryRow>> {
  if (connectionIds.length === 0) return new Map();
  const result = await sql<SyncSummaryRow>`
    select s.*, (select max(d.finished_at) from media_syncs d where d.connection_id = s.connection_id and d.status = 'done') as last_synced_at
    from (
      select distinct on (connection_id) * from media_syncs
      where connection_id = any(${[...connectionIds]})
      order by connection_id, created_at desc, id desc
    ) s`.execute(db);
  return new Map(result.rows.map((row) => [row.connection_id, row]));
}

export const isOpen = (status: string) => (OPEN as readonly string[]).includes(status);

/** A synced post of this workspace by its permalink, in any of the forms given; optionally only one creator's. */
export async function findMediaByPermalink(db: Tx, input: { workspaceId: string; permalinks: string[]; creatorId?: string }) {
  let query = db
    .selectFrom('media as m')
    .innerJoin('connections as c', 'c.id', 'm.connection_id')
    .selectAll('m')
    .select(['c.creator_id', 'c.status as connection_status'])
    .where('m.workspace_id', '=', input.workspaceId)
    .where('m.permalink', 'in', input.permalinks);
  if (input.creatorId !== undefined) query = query.where('c.creator_id', '=', input.creatorId);
  return query.orderBy('m.last_seen_at', 'desc').executeTakeFirst();
}

/** Which of these network ids the connection has stored already. */
export async function knownMediaIds(db: Tx, connectionId: string, providerIds: string[]): Promise<Set<string>> {
  if (providerIds.length === 0) return new Set();
  const rows = await db.selectFrom('media').select('provider_media_id').where('connection_id', '=', connectionId).where('provider_media_id', 'in', providerIds).execute();
  return new Set(rows.map((row) => row.provider_media_id));
}

/**
 * Ranks the connection's posts newest first (1 = newest; stories not counted), null beyond `keep`, in
 * one statement; rows whose rank does not change are not written. A rank crossing 100 moves the post's
 * insights schedule (migration 034's trigger, on each row written): the rows are locked in id order
 * first, the order every schedule recomputation locks in, so a campaign ending at the same moment
 * waits for this instead of deadlocking with it.
 */
export async function rankRecentMedia(db: Tx, connectionId: string, keep: number): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => rankRecentMedia(trx, connectionId, keep));
  await sql`select 1 from media where connection_id = ${connectionId} and media_type <> 'story' order by id for no key update`.execute(db);
  await sql`
    update media m set recent_rank = r.rank
    from (
      select id, case when row_number() over (order by published_at desc, id desc) <= ${keep}
                      then (row_number() over (order by published_at desc, id desc))::int end as rank
      from media where connection_id = ${connectionId} and media_type <> 'story'
    ) r
    where m.id = r.id and m.recent_rank is distinct from r.rank`.execute(db);
}
