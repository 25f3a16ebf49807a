/**
 * Fills the brands' Campaign Performance page (campaign-performance-view.ts) from storage: the
 * campaign, its totals and daily series, the Refresh Insights state, a page of bound posts with their
 * latest figures and Partnership Ads, and the participating creators' audience added up. Everything a brand's session may
 * see is scoped to its workspace and brand.
 */

import { type CampaignPostView, findCampaign, listCampaignPosts } from '../campaigns/index.ts';
import { describeReason } from '../connections/index.ts';
import { campaignAudience, campaignTotals, engagementRate, insightsRefreshFor, metricsSeries, pausedPostsAmong } from '../insights/index.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { accountName } from '../providers/account-name.ts';
import type { AudienceSummary, CampaignPerformanceView, InsightsRefreshState, PerformancePost, PostMetrics, PostPartnership } from './campaign-performance-view.ts';
import { brandInstagramAccount, partnershipsOfPosts } from './post-partnerships.ts';

/** Posts per page of the table. */
export const POSTS_PER_PAGE = 50;

export interface PerformancePage {
  view: CampaignPerformanceView;
  /** The next page of posts, if any. */
  nextCursor: string | null;
}

export async function loadCampaignPerformance(
  deps: Pick<Deps, 'db' | 'clock' | 'settings' | 'keyRing' | 'displayImageUrl'>,
  session: { workspaceId: string; brandId: string },
  campaignId: string,
  cursor?: string,
): Promise<Result<PerformancePage>> {
  const campaign = await findCampaign(deps.db, session.workspaceId, campaignId);
  if (!campaign || campaign.brand_id !== session.brandId) return fail('not_found', 'There is no such campaign for this brand.');
  const now = deps.clock.now();
  const posts = await listCampaignPosts(deps, session.workspaceId, campaignId, { limit: POSTS_PER_PAGE, cursor });
  if (!posts.ok) return posts;
  const [stages, totals, series, refresh, paused, names, partnerships, brandInstagramAccountId] = await Promise.all([
    participantsByStage(deps.db, campaignId),
    campaignTotals(deps.db, campaignId),
    metricsSeries(deps.db, campaignId),
    insightsRefreshFor(deps.db, session.workspaceId, campaignId, now),
    pausedPostsAmong(
      deps.db,
      campaignId,
      posts.value.data.flatMap((post) => (post.mediaId ? [post.mediaId] : [])),
    ),
    creatorNames(
      deps.db,
      session.workspaceId,
      posts.value.data.map((post) => post.creatorId),
    ),
    partnershipsOfPosts(deps, { workspaceId: session.workspaceId, brandId: campaign.brand_id, campaignId, now }, posts.value.data),
    brandInstagramAccount(deps, session.workspaceId, campaign.brand_id),
  ]);
  const pausedBecause = new Map(paused.map((p) => [p.mediaId, describeReason(p.reason, p.network).why]));
  const accounts = await accountsOf(deps, posts.value.data);
  return ok({
    nextCursor: posts.value.nextCursor,
    view: {
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
        participants: stages.filter((s) => s.stage !== 'declined').reduce((sum, s) => sum + s.count, 0),
        stages,
      },
      totals: { ...totals, engagementRate: totals.engagements === null ? null : engagementRate({ ...totals, totalInteractions: totals.engagements, impressions: null }) },
      series: series.map((p) => ({ date: p.day, views: p.views, engagements: p.engagements })),
      refresh: refreshState(refresh),
      brandInstagramAccountId,
      // Pictures as the reader's browser can load them (the demo's sandbox CDN through the origin map).
      posts: posts.value.data.map((post) => {
        const shown = toPerformancePost(post, names, accounts, pausedBecause, partnerships.get(post.id));
        return { ...shown, thumbnailUrl: deps.displayImageUrl(shown.thumbnailUrl) };
      }),
      audience: await audienceOf(deps, campaignId, campaign.networks),
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

async function accountsOf(deps: Pick<Deps, 'db'>, posts: CampaignPostView[]): Promise<Map<string, string>> {
  const ids = [...new Set(posts.flatMap((p) => (p.connectionId ? [p.connectionId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await deps.db.selectFrom('connections').select(['id', 'network', 'username', 'display_name', 'account_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, accountName({ network: r.network, username: r.username, displayName: r.display_name, accountId: r.account_id })]));
}

function toPerformancePost(
  post: CampaignPostView,
  names: Map<string, string>,
  accounts: Map<string, string>,
  pausedBecause: Map<string, string>,
  partnership: PostPartnership | undefined,
): PerformancePost {
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
    extra: m.extra,
  };
  return {
    id: post.id,
    creatorId: post.creatorId,
    creatorName: names.get(post.creatorId) ?? post.creatorId,
    network: post.network,
    account: post.connectionId ? (accounts.get(post.connectionId) ?? null) : null,
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
    partnership: partnership ?? { latest: null, availability: 'not_synced' },
  };
}

function sumOf(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

/** How many unavailable channels the page names; the rest are counted. */
const UNAVAILABLE_LISTED = 20;

/** The participating creators' audiences added up (in the database), in the page's shape. */
async function audienceOf(deps: Pick<Deps, 'db'>, campaignId: string, networks: string[]): Promise<AudienceSummary> {
  const audience = await campaignAudience(deps.db, campaignId, networks, UNAVAILABLE_LISTED);
  const slicesOf = (dimension: string) => audience.slices.filter((s) => s.dimension === dimension).map(({ key, value }) => ({ key, value }));
  return {
    counted: audience.counted,
    unavailable: audience.unavailable.map((u) => ({
      creatorName: u.creatorName,
      network: u.network,
      reason: u.reason === 'below_threshold' || u.reason === 'not_offered' ? u.reason : 'no_counts',
    })),
    unavailableTotal: audience.unavailableTotal,
    age: slicesOf('age'),
    gender: slicesOf('gender'),
    country: slicesOf('country'),
    city: slicesOf('city'),
  };
}

/** The workflow's stages in order: the header lists the campaign's creators by stage in it. */
const STAGE_ORDER = ['invited', 'applied', 'confirmed', 'content_creation', 'complete', 'declined'];

/** How many creators are at each stage, in the workflow's order; stages nobody is at are left out. */
async function participantsByStage(db: Deps['db'], campaignId: string): Promise<{ stage: string; count: number }[]> {
  const rows = await db
    .selectFrom('campaign_participants')
    .select(['stage', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('stage')
    .execute();
  return rows.map((r) => ({ stage: r.stage, count: Number(r.n) })).sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage));
}

/** The names of the creators on this page of posts (the platform's name, else its id). */
async function creatorNames(db: Deps['db'], workspaceId: string, creatorIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(creatorIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('creators').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name ?? r.id]));
}
