/**
 * The binding engine: binds every synced post that meets the rules (src/campaigns/binding.rules.ts) to a live
 * campaign. It runs after each media sync of a connection (for the creator's live campaigns), when a
 * campaign goes live or its hashtag, networks or due date change, and when a participant is added or
 * moves past `applied`. Idempotent and safe to run twice at once: the insert is `on conflict do
 * nothing` on the unique indexes, and a post a brand unbound keeps its row, so it is never a candidate
 * again. A post bound here that was never read gets its first reading queued at once
 * (planFirstReads), so insights do not wait for the next daily plan.
 */

import { planFirstReads } from '../insights/index.ts';
import { newId } from '../kernel/ids.ts';
import { findMediaByPermalink, queueMediaArchives } from '../media/index.ts';
import type { Deps } from '../platform/deps.ts';
import { normalizePermalink, permalinkVariants } from '../providers/permalink.ts';
import { bindDecision } from './binding.rules.ts';
import type { ParticipantStage } from './campaign.rules.ts';
import { attachMedia, bindingCandidates, insertCampaignPosts, type NewCampaignPost, unsyncedSelfReports } from './campaign-posts.repo.ts';
import { type CampaignRow, findCampaign, liveCampaignsOfCreator } from './campaigns.repo.ts';

const INSERT_BATCH = 500;

/** Binds the campaign's eligible posts (of one creator or one connection when given); returns how many were bound now. */
export async function bindCampaign(
  deps: Pick<Deps, 'db' | 'clock' | 'onInsightsQueued' | 'onMediaArchiveQueued'>,
  campaign: CampaignRow,
  scope: { creatorId?: string; connectionId?: string } = {},
): Promise<number> {
  if (campaign.state !== 'live') return 0;
  const candidates = await bindingCandidates(deps.db, { campaignId: campaign.id, hashtagKey: campaign.hashtag_key, ...scope });
  const now = deps.clock.now();
  const rows: NewCampaignPost[] = [];
  for (const c of candidates) {
    const decision = bindDecision(
      { state: campaign.state, hashtagKey: campaign.hashtag_key, networks: campaign.networks, dueDate: campaign.due_date },
      { stage: c.stage as ParticipantStage, joinedAt: c.joined_at },
      { network: c.network, caption: c.caption, publishedAt: c.published_at, connectionStatus: c.connection_status },
    );
    if (!decision.bind) continue;
    rows.push({
      id: newId('cpo', deps.clock),
      campaign_id: campaign.id,
      workspace_id: campaign.workspace_id,
      creator_id: c.creator_id,
      media_id: c.media_id,
      connection_id: c.connection_id,
      network: c.network,
      permalink: (c.permalink && normalizePermalink(c.permalink)?.url) ?? null,
      bound_by: 'auto',
      flags: decision.flags,
      bound_at: now,
    });
  }
  let bound = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const inserted = await insertCampaignPosts(deps.db, rows.slice(i, i + INSERT_BATCH), () => newId('evt', deps.clock));
    bound += inserted.length;
    await queueMediaArchives(
      deps,
      inserted.flatMap((row) => (row.media_id ? [{ mediaId: row.media_id, workspaceId: row.workspace_id, network: row.network }] : [])),
    );
    await planFirstReads(
      deps,
      campaign,
      inserted.flatMap((row) => (row.media_id ? [row.media_id] : [])),
    );
  }
  return bound;
}

/** After a connection's sync: self-reported posts gain their media, then the creator's live campaigns bind its posts. */
export async function bindAfterSync(
  deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'onInsightsQueued' | 'onMediaArchiveQueued'>,
  connection: { id: string; workspaceId: string; creatorId: string },
): Promise<number> {
  await attachSelfReports(deps, connection);
  let bound = 0;
  for (const live of await liveCampaignsOfCreator(deps.db, connection.workspaceId, connection.creatorId)) {
    const campaign = await findCampaign(deps.db, connection.workspaceId, live.id);
    if (campaign) bound += await bindCampaign(deps, campaign, { connectionId: connection.id });
  }
  if (bound > 0) deps.logger.info({ connectionId: connection.id, bound }, 'posts bound to campaigns');
  return bound;
}

async function attachSelfReports(deps: Pick<Deps, 'db' | 'clock' | 'onMediaArchiveQueued'>, connection: { id: string; workspaceId: string; creatorId: string }): Promise<void> {
  for (const post of await unsyncedSelfReports(deps.db, connection.workspaceId, connection.creatorId)) {
    const normal = post.permalink ? normalizePermalink(post.permalink) : undefined;
    if (!normal) continue;
    const media = await findMediaByPermalink(deps.db, { workspaceId: connection.workspaceId, permalinks: permalinkVariants(normal), creatorId: connection.creatorId });
    if (!media) continue;
    await attachMedia(deps.db, { id: post.id, mediaId: media.id, connectionId: media.connection_id });
    if (post.status === 'bound') await queueMediaArchives(deps, [{ mediaId: media.id, workspaceId: media.workspace_id, network: media.network }]);
  }
}
