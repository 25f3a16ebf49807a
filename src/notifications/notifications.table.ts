/** Row types of the notifications tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';
import type { NoticeValues } from './notice-message.ts';

export interface NotificationsTable {
  id: string;
  workspace_id: string;
  /** Exactly one of creator_id (the Channels page) and brand_id (a brand's portal). */
  creator_id: string | null;
  brand_id: ColumnType<string | null, string | null | undefined, string | null>;
  connection_id: string | null;
  kind: string;
  urgent: Generated<boolean>;
  /** English, for the API; pages render message_key (when set) in their reader's language. */
  title: string;
  body: string;
  message_key: ColumnType<string | null, string | null | undefined, string | null>;
  message_values: ColumnType<NoticeValues | null, string | null | undefined, string | null>;
  dedupe_key: string;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}
