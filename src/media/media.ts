/** A connection's media and its syncs, as the API and the Channels page show them. */
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../kernel/keyset-cursor.ts';
import type { Deps } from '../platform/deps.ts';
import { latestSyncs, listMediaPage, type MediaRow, type MediaSyncRow, queueMediaSync, type SyncSummaryRow } from './media.repo.ts';
import type { MediaSyncStatus } from './media.table.ts';

export interface MediaView {
  id: string;
  connectionId: string;
  /** The network's own id of the item. */
  providerMediaId: string;
  network: string;
  mediaType: string;
  caption: string | null;
  permalink: string | null;
  publishedAt: string;
  /** Full size, where the network provides it; Instagram's expire, so read them after a recent sync. */
  mediaUrl: string | null;
  thumbnailUrl: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface MediaPageView {
  data: MediaView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** The latest sync of a connection, as `GET /v1/connections/:id` shows it under `mediaSync`. */
export interface MediaSyncSummary {
  status: MediaSyncStatus;
  itemsSeen: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** When a sync last finished well (this one or an earlier one); null: never. */
  lastSyncedAt: string | null;
  /** Why the latest sync failed (or is waiting to retry), in plain words; null otherwise. */
  error: string | null;
}

export interface MediaSyncView {
  id: string;
  connectionId: string;
  reason: string;
  status: MediaSyncStatus;
  itemsSeen: number;
  pages: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const notFound = () => fail('not_found', 'There is no connection with this id in this workspace.');

export function toMediaView(row: MediaRow): MediaView {
  return {
    id: row.id,
    connectionId: row.connection_id,
    providerMediaId: row.provider_media_id,
    network: row.network,
    mediaType: row.media_type,
    caption: row.caption,
    permalink: row.permalink,
    publishedAt: row.published_at.toISOString(),
    mediaUrl: row.media_url,
    thumbnailUrl: row.thumbnail_url,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
  };
}

export function toSyncView(row: MediaSyncRow): MediaSyncView {
  return {
    id: row.id,
    connectionId: row.connection_id,
    reason: row.reason,
    status: row.status,
    itemsSeen: row.items_seen,
    pages: row.pages,
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    error: row.error,
  };
}

export function toSyncSummary(row: SyncSummaryRow | undefined): MediaSyncSummary | null {
  if (!row) return null;
  return {
    status: row.status,
    itemsSeen: row.items_seen,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    lastSyncedAt: iso(row.last_synced_at),
    error: row.error,
  };
}

/** Each connection's `mediaSync`, in one query. */
export async function syncSummaries(deps: Pick<Deps, 'db'>, connectionIds: readonly string[]): Promise<Map<string, MediaSyncSummary | null>> {
  const rows = await latestSyncs(deps.db, connectionIds);
  return new Map(connectionIds.map((id) => [id, toSyncSummary(rows.get(id))]));
}

// Keyset cursor on (publishedAt, id): stays correct while a sync adds rows.
const cursorOf = (row: MediaRow) => encodeCursor(row.published_at, row.id);

/**
 * The connection whose media is asked for, as the caller found it in the asking workspace
 * (undefined: no such connection there). Media sits below connections, so it takes the few fields
 * it needs instead of the connections feature's type.
 */
export interface MediaOwner {
  id: string;
  status: string;
  statusReason: string | null;
}

export async function listConnectionMedia(deps: Pick<Deps, 'db'>, connection: MediaOwner | undefined, query: { limit: number; cursor?: string }): Promise<Result<MediaPageView>> {
  const decoded = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !decoded) return fail('invalid_request', 'Invalid request: cursor: not a cursor from a previous page.');
  if (!connection) return notFound();
  const connectionId = connection.id;
  // One extra row tells whether an older page exists.
  const rows = await listMediaPage(deps.db, connectionId, { limit: query.limit + 1, before: decoded && { publishedAt: decoded.at, id: decoded.id } });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return ok({ data: page.map(toMediaView), nextCursor: rows.length > query.limit && last ? cursorOf(last) : null });
}

/** Queues a sync now, unless one is already queued or running (409, naming it). */
export async function requestMediaSync(deps: Deps, connection: MediaOwner | undefined): Promise<Result<MediaSyncView>> {
  if (!connection) return notFound();
  const connectionId = connection.id;
  if (connection.status === 'disconnected') return fail('reconnect_required', undefined, { reason: connection.statusReason });
  const now = deps.clock.now();
  const queued = await queueMediaSync(deps.db, { id: newId('msy', deps.clock), connectionId, reason: 'manual', now });
  if (queued) {
    deps.onMediaSyncQueued?.();
    return ok(toSyncView(queued));
  }
  const open = (await latestSyncs(deps.db, [connectionId])).get(connectionId);
  return fail('media_sync_in_progress', undefined, { sync: open ? toSyncView(open) : null });
}
