/**
 * Fills the brands' Campaign Performance page (campaign-performance-view.ts) from storage: the
 * campaign, its totals and daily series, the Refresh Insights state, a page of bound posts with their
 * latest figures, and the participating creators' audience added up. Everything a brand's session may
 * see is scoped to its workspace and brand.
 */
import { describeReason } from '../domain/connection.ts';
import { engagementRate } from '../domain/engagement.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { findCampaign, listParticipants } from '../storage/campaigns.repo.ts';
import { campaignTotals, latestAudiences, metricsSeries, pausedPostsAmong } from '../storage/insights-read.repo.ts';
import { getWorkspace } from '../storage/workspaces.repo.ts';
import type { AudienceSummary, CampaignPerformanceView, InsightsRefreshState, PerformancePost, PostMetrics } from './campaign-performance-view.ts';
import { listCampaignPosts, type CampaignPostView } from './campaign-posts.ts';
import type { Deps } from './deps.ts';
import { insightsRefreshFor } from './refresh-insights-button.ts';

/** Posts per page of the table. */
export const POSTS_PER_PAGE = 50;

export interface PerformancePage {
  view: CampaignPerformanceView;
  /** The next page of posts, if any. */
  nextCursor: string | null;
}

export async function loadCampaignPerformance(
  deps: Pick<Deps, 'db' | 'clock' | 'settings'>,
  session: { workspaceId: string; brandId: string },
  campaignId: string,
  cursor?: string,
): Promise<Result<PerformancePage>> {
  const campaign = await findCampaign(deps.db, session.workspaceId, campaignId);
  if (!campaign || campaign.brand_id !== session.brandId) return fail('not_found', 'There is no such campaign for this brand.');
  const now = deps.clock.now();
  const posts = await listCampaignPosts(deps, session.workspaceId, campaignId, { limit: POSTS_PER_PAGE, cursor });
  if (!posts.ok) return posts;
  const [workspace, participants, totals, series, refresh, paused] = await Promise.all([
    getWorkspace(deps.db, session.workspaceId),
    listParticipants(deps.db, campaignId),
    campaignTotals(deps.db, campaignId),
    metricsSeries(deps.db, campaignId),
    insightsRefreshFor(deps.db, session.workspaceId, campaignId, now),
    pausedPostsAmong(deps.db, campaignId, posts.value.data.flatMap((post) => (post.mediaId ? [post.mediaId] : []))),
  ]);
  const names = new Map(participants.map((p) => [p.creator_id, p.name ?? p.creator_id]));
  const pausedBecause = new Map(paused.map((p) => [p.mediaId, describeReason(p.reason, p.network).why]));
  const usernames = await usernamesOf(deps, posts.value.data);
  const taking = participants.filter((p) => p.stage !== 'declined');
  return ok({
    nextCursor: posts.value.nextCursor,
    view: {
      productName: workspace?.productName ?? deps.settings.productName,
      now,
      campaign: {
        id: campaign.id,
        name: campaign.name,
        brandName: campaign.brand_name,
        state: campaign.state,
        hashtag: campaign.binding_hashtag,
        networks: campaign.networks,
        createdAt: campaign.created_at,
        dueDate: campaign.due_date,
        participants: taking.length,
      },
      totals: { ...totals, engagementRate: totals.engagements === null ? null : engagementRate({ ...totals, totalInteractions: totals.engagements, impressions: null }) },
      series: series.map((p) => ({ date: p.day, views: p.views, engagements: p.engagements })),
      refresh: refreshState(refresh),
      posts: posts.value.data.map((post) => toPerformancePost(post, names, usernames, pausedBecause)),
      audience: await audienceOf(deps, session.workspaceId, campaign.networks, taking.map((p) => ({ id: p.creator_id, name: names.get(p.creator_id)! }))),
    },
  });
}

function refreshState(view: Awaited<ReturnType<typeof insightsRefreshFor>>): InsightsRefreshState {
  if (!view) return { status: 'available', lastRequestedAt: null, availableAt: null, progress: null };
  return {
    status: view.status,
    lastRequestedAt: view.lastRequestedAt ? new Date(view.lastRequestedAt) : null,
    availableAt: view.availableAt ? new Date(view.availableAt) : null,
    progress: view.lastRequestedAt ? view.progress : null,
  };
}

async function usernamesOf(deps: Pick<Deps, 'db'>, posts: CampaignPostView[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(posts.flatMap((p) => (p.connectionId ? [p.connectionId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await deps.db.selectFrom('connections').select(['id', 'username']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}

function toPerformancePost(post: CampaignPostView, names: Map<string, string>, usernames: Map<string, string | null>, pausedBecause: Map<string, string>): PerformancePost {
  const m = post.metrics;
  const metrics: PostMetrics | null = m && {
    views: m.views,
    reach: m.reach,
    likes: m.likes,
    comments: m.comments,
    saves: m.saves,
    shares: m.shares,
    engagements: m.totalInteractions ?? sumOf([m.likes, m.comments, m.saves, m.shares]),
    engagementRate: m.engagementRate,
  };
  return {
    id: post.id,
    creatorId: post.creatorId,
    creatorName: names.get(post.creatorId) ?? post.creatorId,
    network: post.network,
    username: post.connectionId ? (usernames.get(post.connectionId) ?? null) : null,
    mediaType: post.mediaType,
    caption: post.caption,
    permalink: post.permalink,
    // A video's media URL is the video itself: show its thumbnail; an image is its own thumbnail.
    thumbnailUrl: post.thumbnailUrl ?? (post.mediaType && /image|carousel|pin|post/.test(post.mediaType) ? post.mediaUrl : null),
    publishedAt: post.publishedAt ? new Date(post.publishedAt) : null,
    boundBy: post.boundBy,
    flags: post.flags,
    metrics,
    metricsAt: m ? new Date(m.capturedAt) : null,
    pausedBecause: post.mediaId ? (pausedBecause.get(post.mediaId) ?? null) : null,
  };
}

function sumOf(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

const UNAVAILABLE_TEXT: Record<string, string> = {
  below_threshold: 'the account has too few followers for the network to say',
  not_offered: 'the network does not offer audience figures for this account',
};

/**
 * The participating creators' audiences on the campaign's networks, added up as follower counts. A
 * network that gives shares (YouTube: % of viewers) is turned into counts with the channel's follower
 * count; without one it cannot be added and is listed as not available, as are accounts below the
 * network's threshold (never zeros).
 */
async function audienceOf(deps: Pick<Deps, 'db'>, workspaceId: string, networks: string[], creators: { id: string; name: string }[]): Promise<AudienceSummary> {
  const summary: AudienceSummary = { counted: [], unavailable: [], age: [], gender: [], country: [], city: [] };
  if (creators.length === 0) return summary;
  const connections = await deps.db
    .selectFrom('connections')
    .select(['id', 'creator_id', 'network'])
    .where('workspace_id', '=', workspaceId)
    .where('creator_id', 'in', creators.map((c) => c.id))
    .where('network', 'in', networks)
    .where('status', '!=', 'disconnected')
    .execute();
  const name = new Map(creators.map((c) => [c.id, c.name]));
  const sums = { age: new Map<string, number>(), gender: new Map<string, number>(), country: new Map<string, number>(), city: new Map<string, number>() };
  const latest = await latestAudiences(deps.db, connections.map((c) => c.id));
  for (const connection of connections) {
    const row = latest.get(connection.id);
    const who = { creatorName: name.get(connection.creator_id) ?? connection.creator_id, network: connection.network };
    if (!row) continue;
    const followers = row.followers === null ? null : Number(row.followers);
    if (row.status !== 'available' || !row.breakdowns || (row.unit === 'percent' && followers === null)) {
      summary.unavailable.push({ ...who, reason: UNAVAILABLE_TEXT[row.reason ?? ''] ?? 'the network gives shares without a follower count' });
      continue;
    }
    const scale = row.unit === 'percent' ? (followers ?? 0) / 100 : 1;
    for (const key of ['age', 'gender', 'country', 'city'] as const) {
      for (const slice of row.breakdowns[key] ?? []) sums[key].set(slice.key, (sums[key].get(slice.key) ?? 0) + Math.round(slice.value * scale));
    }
    summary.counted.push(who);
  }
  for (const key of ['age', 'gender', 'country', 'city'] as const) {
    summary[key] = [...sums[key]].map(([k, value]) => ({ key: k, value })).sort((a, b) => b.value - a.value);
  }
  return summary;
}
