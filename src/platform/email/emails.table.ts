/** Row types of the emails tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../db/column-types.ts';

export interface EmailsTable {
  id: string;
  workspace_id: string;
  creator_id: string | null;
  connection_id: string | null;
  kind: string;
  dedupe_key: string;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** The language it is written in (a BCP 47 tag), sent as Content-Language; null before migration 031. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
  status: 'pending' | 'sent' | 'stored' | 'failed';
  /** 'high': urgent (a channel lost during a live campaign): sent first, marked important. */
  priority: Generated<EmailPriority>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_expires_at: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export type EmailPriority = 'normal' | 'high';
