/** Row types of the insights tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export type InsightSource = 'auto' | 'manual' | 'story';

export interface MediaInsightsTable {
  media_id: string;
  captured_at: Timestamp;
  source: InsightSource;
  views: number | null;
  reach: number | null;
  likes: number | null;
  comments: number | null;
  saves: number | null;
  shares: number | null;
  total_interactions: number | null;
  impressions: number | null;
  engagement_rate: number | null;
  extra: ColumnType<Record<string, number> | null, string | null, string | null>;
}

export interface AudienceInsightsTable {
  connection_id: string;
  captured_at: Timestamp;
  status: 'available' | 'unavailable';
  reason: string | null;
  unit: string | null;
  followers: number | null;
  breakdowns: ColumnType<Record<string, { key: string; value: number }[]> | null, string | null, string | null>;
}

/** When a channel's audience is read next, and the claim of a run reading it now (migration 015). */
export interface AudienceStateTable {
  connection_id: string;
  next_due_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: NullableTimestamp;
}

export type InsightsRefreshStatus = 'queued' | 'running' | 'done';

export interface InsightsRefreshesTable {
  id: string;
  campaign_id: string;
  requested_at: Timestamp;
  status: InsightsRefreshStatus;
  total: number;
  completed: Generated<number>;
  failed: Generated<number>;
  finished_at: NullableTimestamp;
}

export type InsightTaskStatus = 'queued' | 'running' | 'paused' | 'done' | 'failed';

export interface InsightTasksTable {
  id: string;
  media_id: string;
  connection_id: string;
  network: string;
  reason: InsightSource;
  refresh_id: string | null;
  status: InsightTaskStatus;
  attempts: Generated<number>;
  run_after: Timestamp;
  lease_owner: string | null;
  lease_expires_at: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface RateBudgetsTable {
  key: string;
  window_start: Timestamp;
  used: number;
}
