/** Row types of the media tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export interface MediaTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  provider_media_id: string;
  network: string;
  media_type: string;
  caption: string | null;
  permalink: string | null;
  published_at: Timestamp;
  media_url: string | null;
  thumbnail_url: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  /** 1 = the account's newest post (stories not counted); null beyond the newest the sync keeps ranked. */
  recent_rank: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the latest insights snapshot was captured (media_insights), and how that capture went. */
  insights_at: NullableTimestamp;
  insights_status: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * The automatic insights schedule, kept by triggers (migration 034): when the next reading is due
   * (null: not eligible) and until when the post stays eligible (its campaigns' recency windows).
   */
  insights_next_at: NullableTimestamp;
  insights_until: NullableTimestamp;
}

export type MediaSyncReason = 'connected' | 'reconnected' | 'manual' | 'scheduled';

export type MediaSyncStatus = 'queued' | 'running' | 'done' | 'failed';

/** 'full': the feed and stories; 'stories': only stories (a live campaign's cheap hourly run). */
export type MediaSyncScope = 'full' | 'stories';

export interface MediaSyncsTable {
  id: string;
  connection_id: string;
  reason: MediaSyncReason;
  status: MediaSyncStatus;
  items_seen: Generated<number>;
  pages: Generated<number>;
  attempts: Generated<number>;
  run_after: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  error: string | null;
  lease_owner: string | null;
  lease_expires_at: NullableTimestamp;
  created_at: Timestamp;
  scope: ColumnType<MediaSyncScope, MediaSyncScope | undefined, MediaSyncScope>;
}

/**
 * A bound post's archive: queued, copying (running, under a lease), archived (every file the network
 * gives stored or refused), failed (the copy did not succeed in its attempts), not_offered (the network
 * gives no file), pruning (its files are being deleted).
 */
export type MediaArchiveStatus = 'queued' | 'running' | 'archived' | 'failed' | 'not_offered' | 'pruning';

export interface MediaArchivesTable {
  media_id: string;
  workspace_id: string;
  network: string;
  status: MediaArchiveStatus;
  /** Why it failed or is not offered, or which files were refused; a sentence for people. */
  reason: string | null;
  attempts: Generated<number>;
  run_after: Timestamp;
  lease_owner: string | null;
  lease_expires_at: NullableTimestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface MediaArchiveFilesTable {
  id: string;
  media_id: string;
  /** 0: the post itself; 1…n: a carousel's items. */
  position: number;
  role: 'media' | 'thumbnail';
  /** refused: not copied (too large, not an image or video), with the reason. */
  status: 'stored' | 'refused';
  content_type: string | null;
  bytes: number | null;
  sha256: string | null;
  storage_key: string | null;
  reason: string | null;
  stored_at: Timestamp;
}
