/** Row types of the campaigns tables, as Kysely sees them (the Database type in platform/db/tables.ts assembles every feature's). */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../platform/db/column-types.ts';

export interface BrandsTable {
  workspace_id: string;
  id: string;
  name: string;
  /** The brand's Instagram professional account: the sponsor a creator lets boost a post (Partnership Ads). */
  instagram_account_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CampaignState = 'draft' | 'live' | 'completed' | 'archived';

export interface CampaignsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  name: string;
  state: CampaignState;
  /** As the brand wrote it, with '#'. */
  binding_hashtag: string;
  /** Lower-cased, without '#': what captions are matched on. */
  hashtag_key: string;
  networks: ColumnType<string[], string[], string[]>;
  due_date: NullableTimestamp;
  /** When the campaign really started, if before it was created here (imported); null: at `created_at`. */
  started_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  insights_refresh_requested_at: NullableTimestamp;
  insights_refresh_available_at: NullableTimestamp;
}

export type ParticipantStage = 'invited' | 'applied' | 'confirmed' | 'content_creation' | 'complete' | 'declined';

export interface CampaignParticipantsTable {
  campaign_id: string;
  workspace_id: string;
  creator_id: string;
  stage: ParticipantStage;
  joined_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type BoundBy = 'auto' | 'manual' | 'self_reported';

export interface CampaignPostsTable {
  id: string;
  campaign_id: string;
  workspace_id: string;
  creator_id: string;
  media_id: string | null;
  connection_id: string | null;
  network: string;
  permalink: string | null;
  bound_by: BoundBy;
  /** e.g. 'no_disclosure': bound, but a person should look at it. */
  flags: ColumnType<string[], string[] | undefined, string[]>;
  status: 'bound' | 'unbound';
  bound_at: Timestamp;
  unbound_at: NullableTimestamp;
}
