/** Row types of the portal tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { ColumnType } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export interface PortalSessionsTable {
  id: string;
  workspace_id: string;
  /** Exactly one of creator_id (the Channels page) and brand_id (the Campaign Performance page). */
  creator_id: string | null;
  brand_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** A brand's session lands on this campaign's page. */
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** sha256 of the link's token: the link opens once, before link_expires_at. */
  link_hash: string;
  link_expires_at: Timestamp;
  opened_at: NullableTimestamp;
  /** sha256 of the cookie's token, set when the link is opened; the session ends at expires_at. */
  cookie_hash: string | null;
  expires_at: NullableTimestamp;
  return_url: string | null;
  /** A brand's visit: the language and time zone the platform asked for (a creator's are on the creator). */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}
