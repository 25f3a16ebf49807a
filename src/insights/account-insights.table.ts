/** Row types of the account insights tables (migration 029), as Kysely sees them (platform/db/tables.ts assembles them). */
import type { ColumnType } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export type AccountScheduleKind = 'figures' | 'audience';

/** One channel's reading of one UTC day: its figures, or why the network withheld them. */
export interface AccountReadingsTable {
  connection_id: string;
  /** The UTC day read, YYYY-MM-DD. */
  day: ColumnType<string, string, string>;
  captured_at: Timestamp;
  /** The days views, reach and engagements cover (the 28 before `day`). */
  range_days: number;
  status: 'available' | 'unavailable';
  reason: string | null;
  followers: number | null;
  posts: number | null;
  views: number | null;
  reach: number | null;
  engagements: number | null;
  engagement_rate: number | null;
  extra: ColumnType<Record<string, number> | null, string | null, string | null>;
}

/** When a channel's figures or audience are read next; null while the channel cannot be read. */
export interface AccountScheduleTable {
  connection_id: string;
  kind: AccountScheduleKind;
  next_due_at: NullableTimestamp;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  lease_owner: string | null;
}
