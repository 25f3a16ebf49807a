/**
 * The whole schema as Kysely sees it: one Database interface assembled from each feature's
 * *.table.ts, so a feature's row types live beside its repository.
 */

import type { DataDeletionRequestsTable, ProviderCallbackReceiptsTable } from '../../callbacks/callbacks.table.ts';
import type { BrandsTable, CampaignParticipantsTable, CampaignPostsTable, CampaignsTable } from '../../campaigns/campaigns.table.ts';
import type {
  AccessTokenHandoutsTable,
  ConnectionEventsTable,
  ConnectionsTable,
  ConnectionTokensTable,
  ConnectSessionsTable,
  OauthStatesTable,
  ProviderGrantsTable,
  ProviderPausesTable,
} from '../../connections/connections.table.ts';
import type { AccountReadingsTable, AccountScheduleTable } from '../../insights/account-insights.table.ts';
import type { AudienceInsightsTable, AudienceStateTable, InsightsRefreshesTable, InsightTasksTable, MediaInsightsTable, RateBudgetsTable } from '../../insights/insights.table.ts';
import type { MediaArchiveFilesTable, MediaArchivesTable, MediaSyncsTable, MediaTable } from '../../media/media.table.ts';
import type { NotificationsTable } from '../../notifications/notifications.table.ts';
import type { KeyCanariesTable } from '../../ops/key-canary.table.ts';
import type { PartnershipAdEventsTable, PartnershipAdRequestsTable, PartnershipAdStatesTable, PartnershipAdTokensTable } from '../../partnership-ads/partnership-ads.table.ts';
import type { PortalSessionsTable } from '../../portal/portal.table.ts';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from '../../webhooks/webhooks.table.ts';
import type { EmailsTable } from '../email/emails.table.ts';
import type { IdempotencyKeysTable } from '../idempotency.table.ts';
import type { ApiKeysTable, CreatorsTable, WorkspacesTable } from '../workspaces.table.ts';

export interface Database {
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  creators: CreatorsTable;
  connect_sessions: ConnectSessionsTable;
  oauth_states: OauthStatesTable;
  connections: ConnectionsTable;
  connection_tokens: ConnectionTokensTable;
  connection_events: ConnectionEventsTable;
  access_token_handouts: AccessTokenHandoutsTable;
  emails: EmailsTable;
  provider_pauses: ProviderPausesTable;
  provider_grants: ProviderGrantsTable;
  data_deletion_requests: DataDeletionRequestsTable;
  provider_callback_receipts: ProviderCallbackReceiptsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  portal_sessions: PortalSessionsTable;
  notifications: NotificationsTable;
  media: MediaTable;
  media_syncs: MediaSyncsTable;
  media_archives: MediaArchivesTable;
  media_archive_files: MediaArchiveFilesTable;
  brands: BrandsTable;
  campaigns: CampaignsTable;
  campaign_participants: CampaignParticipantsTable;
  campaign_posts: CampaignPostsTable;
  partnership_ad_requests: PartnershipAdRequestsTable;
  partnership_ad_tokens: PartnershipAdTokensTable;
  partnership_ad_states: PartnershipAdStatesTable;
  partnership_ad_events: PartnershipAdEventsTable;
  media_insights: MediaInsightsTable;
  audience_insights: AudienceInsightsTable;
  audience_state: AudienceStateTable;
  account_readings: AccountReadingsTable;
  account_schedule: AccountScheduleTable;
  insights_refreshes: InsightsRefreshesTable;
  insight_tasks: InsightTasksTable;
  rate_budgets: RateBudgetsTable;
  idempotency_keys: IdempotencyKeysTable;
  key_canaries: KeyCanariesTable;
}
