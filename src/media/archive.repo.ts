/**
 * The media archive's rows. A copy is claimed with a lease (owner + expiry on the database clock) under
 * FOR UPDATE SKIP LOCKED, so several workers split the queue and never copy one post twice at once;
 * every later write checks the lease is still ours. Queuing is `on conflict do nothing` on the post, so
 * a post bound to several campaigns (or bound twice at once) is copied once.
 */
import { type Selectable, sql } from 'kysely';
import { claimDue } from '../platform/db/claim-due.ts';
import type { Tx } from '../platform/db/db.ts';
import type { MediaArchiveFilesTable, MediaArchivesTable } from './media.table.ts';

export type ArchiveRow = Selectable<MediaArchivesTable>;
export type ArchiveFileRow = Selectable<MediaArchiveFilesTable>;

export interface ArchiveToQueue {
  mediaId: string;
  workspaceId: string;
  network: string;
  /** Set when the network gives no file: the row is written finished, with this reason. */
  notOffered?: string;
}

/**
 * Queues the copy of each post unless it has one. A row the prune is deleting (its last campaign was
 * archived long ago, and now it is bound again) is queued afresh, and so is one that failed: a new
 * binding is a new reason to try (files already kept are not fetched again).
 */
export async function queueArchives(db: Tx, rows: readonly ArchiveToQueue[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  // The prune deletes the objects it listed when it marked the row; the new copy writes new keys.
  await sql`
    delete from media_archive_files f using media_archives a
    where a.media_id = f.media_id and a.status = 'pruning' and a.media_id = any(${rows.map((r) => r.mediaId)})`.execute(db);
  const values = rows.map((r) => ({
    media_id: r.mediaId,
    workspace_id: r.workspaceId,
    network: r.network,
    status: r.notOffered ? ('not_offered' as const) : ('queued' as const),
    reason: r.notOffered ?? null,
    run_after: now,
    created_at: now,
    finished_at: r.notOffered ? now : null,
  }));
  const result = await db
    .insertInto('media_archives')
    .values(values)
    .onConflict((oc) =>
      oc
        .column('media_id')
        .doUpdateSet({
          status: sql`excluded.status`,
          reason: sql`excluded.reason`,
          attempts: 0,
          run_after: sql`excluded.run_after`,
          created_at: sql`excluded.created_at`,
          finished_at: sql`excluded.finished_at`,
        })
        .where('media_archives.status', 'in', ['pruning', 'failed']),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Claims due copies: queued ones whose time has come, and running ones whose worker's lease lapsed (it died). */
export function claimDueArchives(db: Tx, input: { owner: string; now: Date; limit: number; leaseSeconds: number }): Promise<ArchiveRow[]> {
  return claimDue<ArchiveRow>(db, { ...input, table: 'media_archives', key: 'media_id' });
}

/** Keeps the lease while a long file downloads; false when it is no longer ours (stop: another worker has it). */
export async function renewArchiveLease(db: Tx, input: { mediaId: string; owner: string; leaseSeconds: number }): Promise<boolean> {
  const result = await db
    .updateTable('media_archives')
    .set({ lease_expires_at: sql<Date>`clock_timestamp() + make_interval(secs => ${input.leaseSeconds})` })
    .where('media_id', '=', input.mediaId)
    .where('lease_owner', '=', input.owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type ArchiveEnding = { status: 'archived' | 'not_offered' | 'failed'; reason: string | null } | { status: 'queued'; reason: string; runAfter: Date };

/** Ends a run: archived, not offered, failed, or back to queued until `runAfter` (a retry). Only while the lease is ours. */
export async function endArchiveRun(db: Tx, input: { mediaId: string; owner: string; now: Date } & ArchiveEnding): Promise<boolean> {
  const result = await db
    .updateTable('media_archives')
    .set({
      status: input.status,
      reason: input.reason,
      finished_at: input.status === 'queued' ? null : input.now,
      run_after: input.status === 'queued' ? input.runAfter : sql<Date>`run_after`,
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('media_id', '=', input.mediaId)
    .where('lease_owner', '=', input.owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type NewArchiveFile = Omit<ArchiveFileRow, 'id'> & { id: string };

/** Records a file kept or refused; a second copy of the same file (a retried run) replaces the first. */
export async function recordArchiveFile(db: Tx, file: NewArchiveFile): Promise<void> {
  await db
    .insertInto('media_archive_files')
    .values(file)
    .onConflict((oc) =>
      oc.columns(['media_id', 'position', 'role']).doUpdateSet({
        status: sql`excluded.status`,
        content_type: sql`excluded.content_type`,
        bytes: sql`excluded.bytes`,
        sha256: sql`excluded.sha256`,
        storage_key: sql`excluded.storage_key`,
        reason: sql`excluded.reason`,
        stored_at: sql`excluded.stored_at`,
      }),
    )
    .execute();
}

export async function archiveFiles(db: Tx, mediaIds: readonly string[]): Promise<ArchiveFileRow[]> {
  if (mediaIds.length === 0) return [];
  return db
    .selectFrom('media_archive_files')
    .selectAll()
    .where('media_id', 'in', [...mediaIds])
    .orderBy('media_id')
    .orderBy('position')
    .orderBy('role')
    .execute();
}

export async function archivesOf(db: Tx, mediaIds: readonly string[]): Promise<ArchiveRow[]> {
  if (mediaIds.length === 0) return [];
  return db
    .selectFrom('media_archives')
    .selectAll()
    .where('media_id', 'in', [...mediaIds])
    .execute();
}

/** The post an archive copies, with its connection; undefined once the post was deleted. */
export async function archivedPost(db: Tx, mediaId: string) {
  return db
    .selectFrom('media as m')
    .select(['m.id', 'm.connection_id', 'm.workspace_id', 'm.network', 'm.provider_media_id', 'm.media_type', 'm.published_at', 'm.media_url', 'm.thumbnail_url'])
    .where('m.id', '=', mediaId)
    .executeTakeFirst();
}

/** A stored file that may be served: its archive is not being pruned and its post still exists. */
export async function servableFile(db: Tx, fileId: string): Promise<ArchiveFileRow | undefined> {
  return db
    .selectFrom('media_archive_files as f')
    .innerJoin('media_archives as a', 'a.media_id', 'f.media_id')
    .innerJoin('media as m', 'm.id', 'f.media_id')
    .selectAll('f')
    .where('f.id', '=', fileId)
    .where('f.status', '=', 'stored')
    .where('a.status', 'in', ['archived', 'running', 'queued', 'failed'])
    .executeTakeFirst();
}

/**
 * Marks for deletion up to `limit` finished archives whose copies are no longer needed: the post was
 * deleted (at once), or no campaign that is not archived has it bound and the last such binding ended
 * (unbound, or its campaign archived) before `cutoff`. Returns the media ids now `pruning`, with those a
 * prune before this one marked and did not finish (it died).
 */
export async function markPrunable(db: Tx, input: { cutoff: Date; limit: number }): Promise<string[]> {
  const result = await sql<{ media_id: string }>`
    update media_archives a set status = 'pruning', lease_owner = null, lease_expires_at = null
    from (
      select x.media_id from media_archives x
      where x.status in ('archived', 'failed', 'not_offered', 'pruning')
        and (
          x.status = 'pruning'
          or not exists (select 1 from media m where m.id = x.media_id)
          or (
            not exists (
              select 1 from campaign_posts cp join campaigns k on k.id = cp.campaign_id
              where cp.media_id = x.media_id and cp.status = 'bound' and k.state <> 'archived')
            and coalesce((
              select max(case when cp.status = 'bound' then k.updated_at else cp.unbound_at end)
              from campaign_posts cp join campaigns k on k.id = cp.campaign_id
              where cp.media_id = x.media_id), x.created_at) < ${input.cutoff}
          )
        )
      limit ${input.limit}
      for update of x skip locked
    ) gone
    where a.media_id = gone.media_id
    returning a.media_id`.execute(db);
  return result.rows.map((row) => row.media_id);
}

/** The store keys of an archive's stored files. */
export async function storedKeys(db: Tx, mediaId: string): Promise<string[]> {
  const rows = await db.selectFrom('media_archive_files').select('storage_key').where('media_id', '=', mediaId).where('storage_key', 'is not', null).execute();
  return rows.flatMap((row) => (row.storage_key ? [row.storage_key] : []));
}

/** Deletes a pruned archive's rows (its files' rows go with it), unless it was queued again meanwhile. */
export async function deletePruned(db: Tx, mediaId: string): Promise<boolean> {
  const result = await db.deleteFrom('media_archives').where('media_id', '=', mediaId).where('status', '=', 'pruning').executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
