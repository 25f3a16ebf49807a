/**
 * Posts bound to a campaign, as brands see and change them: the list, binding a post by its URL,
 * unbinding one, and a creator's self-report of a post that cannot bind automatically. Every write is
 * idempotent: the same URL twice answers with the same post.
 */

import { dropUnboundTasks, type LatestMetrics, latestMetricsFor, planFirstReads } from '../insights/index.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../kernel/keyset-cursor.ts';
import { type ArchivedPost, type ArchiveView, archiveViews, findMediaByPermalink, queueMediaArchives } from '../media/index.ts';
import type { Deps } from '../platform/deps.ts';
import { type NormalPermalink, networkOfHost, normalizePermalink, permalinkVariants } from '../providers/permalink.ts';
import { postFlags } from './binding.rules.ts';
import {
  type CampaignPostListRow,
  type CampaignPostRow,
  findCampaignPost,
  insertCampaignPosts,
  listCampaignPostPage,
  rebindCampaignPost,
  unbindCampaignPost,
} from './campaign-posts.repo.ts';
import { type CampaignRow, findCampaign, findParticipant } from './campaigns.repo.ts';
import type { BoundBy } from './campaigns.table.ts';
import { notFound } from './campaigns.ts';

/** Self-reported posts are refreshed only by a person's request, never automatically. */
export const NO_AUTO_REFRESH = 'no_auto_refresh';

/** A bound post as the API shows it. One mapper, so later parts can add fields (metrics) beside these. */
export interface CampaignPostView {
  id: string;
  campaignId: string;
  creatorId: string;
  network: string;
  mediaId: string | null;
  connectionId: string | null;
  /** The channel's status and why it stopped, if it did: a disconnected channel's posts are not refreshed. */
  connection: { status: string; statusReason: string | null } | null;
  status: 'bound' | 'unbound';
  boundBy: BoundBy;
  flags: string[];
  boundAt: string;
  unboundAt: string | null;
  caption: string | null;
  permalink: string | null;
  mediaType: string | null;
  publishedAt: string | null;
  /** Our copy when the archive kept it (a signed link), else the network's link, which may expire. */
  mediaUrl: string | null;
  thumbnailUrl: string | null;
  /** The copy of the post's files in our media store (docs/api.md#media-archive); null for a post not synced yet. */
  archive: ArchiveView | null;
  /** The latest figures read from the network (docs/api.md#insights-schema); null until the first reading. */
  metrics: (Omit<LatestMetrics, 'capturedAt' | 'source'> & { capturedAt: string }) | null;
}

function metricsView(latest: LatestMetrics | undefined): CampaignPostView['metrics'] {
  if (!latest) return null;
  const { capturedAt, source: _source, ...figures } = latest;
  return { ...figures, capturedAt: capturedAt.toISOString() };
}

export function toCampaignPostView(row: CampaignPostListRow, latest?: LatestMetrics, archived?: ArchivedPost): CampaignPostView {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    creatorId: row.creator_id,
    network: row.network,
    mediaId: row.media_id,
    connectionId: row.connection_id,
    connection: row.connection_status ? { status: row.connection_status, statusReason: row.connection_status_reason } : null,
    status: row.status,
    boundBy: row.bound_by,
    flags: row.flags,
    boundAt: row.bound_at.toISOString(),
    unboundAt: row.unbound_at ? row.unbound_at.toISOString() : null,
    caption: row.caption,
    permalink: row.media_permalink ?? row.permalink,
    mediaType: row.media_type,
    publishedAt: row.published_at ? row.published_at.toISOString() : null,
    mediaUrl: archived?.mediaUrl ?? row.media_url,
    thumbnailUrl: archived?.thumbnailUrl ?? row.thumbnail_url,
    archive: archived?.view ?? null,
    metrics: metricsView(latest),
  };
}

export type PostViewDeps = Pick<Deps, 'db' | 'clock' | 'keyRing' | 'settings'>;

/** Views of bound posts with each one's latest figures and archive (one query each for the page). */
async function withMetrics(deps: PostViewDeps, rows: readonly CampaignPostListRow[]): Promise<CampaignPostView[]> {
  const mediaIds = rows.flatMap((row) => (row.media_id ? [row.media_id] : []));
  const [latest, archives] = await Promise.all([latestMetricsFor(deps.db, mediaIds), archiveViews(deps, mediaIds)]);
  return rows.map((row) => toCampaignPostView(row, row.media_id ? latest.get(row.media_id) : undefined, row.media_id ? archives.get(row.media_id) : undefined));
}

const cursorOf = (row: CampaignPostRow) => encodeCursor(row.bound_at, row.id);

export async function listCampaignPosts(
  deps: PostViewDeps,
  workspaceId: string,
  campaignId: string,
  query: { limit: number; cursor?: string },
): Promise<Result<{ data: CampaignPostView[]; nextCursor: string | null }>> {
  const decoded = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !decoded) return fail('invalid_request', 'Invalid request: cursor: not a cursor from a previous page.');
  const before = decoded && { boundAt: decoded.at, id: decoded.id };
  if (!(await findCampaign(deps.db, workspaceId, campaignId))) return notFound();
  const rows = await listCampaignPostPage(deps.db, campaignId, { limit: query.limit + 1, before });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return ok({ data: await withMetrics(deps, page), nextCursor: rows.length > query.limit && last ? cursorOf(last) : null });
}

async function postView(deps: PostViewDeps, campaignId: string, id: string): Promise<CampaignPostView> {
  const rows = await listCampaignPostPage(deps.db, campaignId, { limit: 1, before: undefined, id });
  return (await withMetrics(deps, rows))[0]!;
}

type Bound = Result<{ post: CampaignPostView; created: boolean }>;

function parseUrl(url: string): Result<NormalPermalink> {
  const normal = normalizePermalink(url);
  if (!normal || !networkOfHost(normal.host)) return fail('post_url_unsupported', undefined, { url });
  return ok(normal);
}

/** A brand binds a post by its URL: a synced post of one of the campaign's participants. */
export async function bindPostByUrl(deps: Deps, workspaceId: string, campaignId: string, url: string): Promise<Bound> {
  const campaign = await findCampaign(deps.db, workspaceId, campaignId);
  if (!campaign) return notFound();
  const parsed = parseUrl(url);
  if (!parsed.ok) return parsed;
  const media = await findMediaByPermalink(deps.db, { workspaceId, permalinks: permalinkVariants(parsed.value) });
  if (!media) {
    return fail(
      'post_not_synced',
      'This post has not been seen yet: it may be newer than the creator’s last media sync. Ask for one (POST /v1/connections/:id/media-sync) and try again.',
      { url },
    );
  }
  if (!(await findParticipant(deps.db, campaignId, media.creator_id))) return fail('post_not_participant', undefined, { creatorId: media.creator_id });
  const bound = await bindOne(deps, campaign, 'manual', {
    creatorId: media.creator_id,
    network: media.network,
    permalink: parsed.value.url,
    media: { id: media.id, connectionId: media.connection_id, caption: media.caption },
  });
  // Its first figures at once, as for a post bound automatically (only if it was never read).
  if (bound.ok && bound.value.created) await planFirstReads(deps, campaign, [media.id]);
  return bound;
}

/**
 * A creator reports a post of theirs. A post we synced is bound with its media; one we have not is
 * bound by its URL (network from the host) and gains its media when a later sync finds it.
 */
export async function selfReportPost(deps: Deps, workspaceId: string, campaignId: string, creatorId: string, url: string): Promise<Bound> {
  const campaign = await findCampaign(deps.db, workspaceId, campaignId);
  if (!campaign) return notFound();
  if (!(await findParticipant(deps.db, campaignId, creatorId))) return fail('not_found', 'This creator does not take part in this campaign.');
  const parsed = parseUrl(url);
  if (!parsed.ok) return parsed;
  const media = await findMediaByPermalink(deps.db, { workspaceId, permalinks: permalinkVariants(parsed.value), creatorId });
  const network = media?.network ?? networkOfHost(parsed.value.host)!;
  return bindOne(deps, campaign, 'self_reported', {
    creatorId,
    network,
    permalink: parsed.value.url,
    media: media && { id: media.id, connectionId: media.connection_id, caption: media.caption },
  });
}

interface PostToBind {
  creatorId: string;
  network: string;
  permalink: string;
  media: { id: string; connectionId: string; caption: string | null } | undefined;
}

/** Inserts the row unless it exists (by media or by permalink); an unbound one is bound again. */
async function bindOne(deps: Deps, campaign: CampaignRow, boundBy: BoundBy, post: PostToBind): Promise<Bound> {
  const flags: string[] = [...(post.media ? postFlags({ caption: post.media.caption }) : []), ...(boundBy === 'self_reported' ? [NO_AUTO_REFRESH] : [])];
  const now = deps.clock.now();
  const [inserted] = await insertCampaignPosts(
    deps.db,
    [
      {
        id: newId('cpo', deps.clock),
        campaign_id: campaign.id,
        workspace_id: campaign.workspace_id,
        creator_id: post.creatorId,
        media_id: post.media?.id ?? null,
        connection_id: post.media?.connectionId ?? null,
        network: post.network,
        permalink: post.permalink,
        bound_by: boundBy,
        flags,
        bound_at: now,
      },
    ],
    () => newId('evt', deps.clock),
  );
  if (inserted?.media_id) await queueMediaArchives(deps, [{ mediaId: inserted.media_id, workspaceId: inserted.workspace_id, network: inserted.network }]);
  if (inserted) return ok({ post: await postView(deps, campaign.id, inserted.id), created: true });
  const existing =
    (post.media && (await findCampaignPost(deps.db, campaign.id, { mediaId: post.media.id }))) || (await findCampaignPost(deps.db, campaign.id, { permalink: post.permalink }));
  if (!existing) return fail('internal_error', 'The post was bound and unbound at once; try again.');
  if (existing.status === 'unbound') await rebindCampaignPost(deps.db, { id: existing.id, boundBy, flags, now, eventId: newId('evt', deps.clock) });
  // Bound again (or bound before this release): its copy is made if it has none.
  if (existing.media_id) await queueMediaArchives(deps, [{ mediaId: existing.media_id, workspaceId: existing.workspace_id, network: existing.network }]);
  return ok({ post: await postView(deps, campaign.id, existing.id), created: false });
}

/** Unbinds a post: the row stays (status unbound), so automatic binding leaves it alone. Idempotent. */
export async function unbindPost(deps: Deps, workspaceId: string, campaignId: string, postId: string): Promise<Result<CampaignPostView>> {
  if (!(await findCampaign(deps.db, workspaceId, campaignId))) return notFound();
  const row = await unbindCampaignPost(deps.db, { campaignId, id: postId, now: deps.clock.now(), eventId: newId('evt', deps.clock) });
  if (!row) return fail('not_found', 'There is no post with this id in this campaign.');
  if (row.media_id && row.status === 'unbound') await dropUnboundTasks(deps.db, row.media_id);
  return ok(await postView(deps, campaignId, postId));
}
