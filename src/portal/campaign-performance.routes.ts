/**
 * The brands' Campaign Performance pages, behind a brand's portal session (POST /v1/portal-sessions
 * with a brand): the brand's campaigns, one campaign's performance, and its Refresh Insights button (a
 * form with the session's CSRF token; the cooldown is decided by the same use case as the API's). The
 * brand's new notices show on top and are then marked read; the Partnership Ads forms are in brand-partnerships.ts.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listCampaigns } from '../campaigns/index.ts';
import { refreshInsights } from '../insights/index.ts';
import { sendHtml } from '../platform/http/html-reply.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { showBrandNotices } from './brand-notices.ts';
import { bannerFor, brandViewer } from './brand-page-reader.ts';
import { type CampaignPageOptions, campaignListPage, campaignPage } from './campaign-performance.page.ts';
import { loadCampaignPerformance } from './campaign-performance.ts';
import { portalGuard } from './portal-guard.ts';
import { csrfToken, findBrandPortalSession } from './portal-session.ts';

const MAX_LISTED = 200;

export function brandPortalRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;
  const { showFailure, session, formSession } = portalGuard(deps, findBrandPortalSession, 'brand');

  app.get('/portal/campaigns', async (request, reply) => {
    const found = await session(request, reply);
    if (!found) return reply;
    const listed = await listCampaigns(deps, found.workspaceId, { limit: MAX_LISTED, brandId: found.brandId });
    if (!listed.ok) return showFailure(reply, listed.error);
    const counts = await postCounts(
      ctx,
      listed.value.data.map((c) => c.id),
    );
    const viewer = await brandViewer(ctx, request, found);
    const brandName =
      listed.value.data[0]?.brand.name ??
      (await deps.db.selectFrom('brands').select('name').where('workspace_id', '=', found.workspaceId).where('id', '=', found.brandId).executeTakeFirst())?.name ??
      found.brandId;
    const campaigns = listed.value.data
      .filter((c) => c.state !== 'archived')
      .map((c) => ({ id: c.id, name: c.name, state: c.state, hashtag: c.hashtag, posts: counts.get(c.id) ?? 0, createdAt: new Date(c.createdAt) }));
    const notices = await showBrandNotices(deps, found, { unreadOnly: false });
    return sendHtml(reply, 200, campaignListPage({ viewer, brandName, campaigns, returnUrl: found.returnUrl, notices }));
  });

  app.get('/portal/campaigns/:id', async (request, reply) => {
    const found = await session(request, reply);
    if (!found) return reply;
    const id = campaignIdOf(request.params);
    if (!id) return showFailure(reply, { code: 'not_found' }, '/portal/campaigns');
    const query = request.query as Record<string, string | undefined>;
    const loaded = await loadCampaignPerformance(deps, found, id, query.cursor);
    if (!loaded.ok) return showFailure(reply, loaded.error, '/portal/campaigns');
    // Only the notices not seen yet: the campaigns list keeps the rest.
    const notices = await showBrandNotices(deps, found, { unreadOnly: true });
    const viewer = await brandViewer(ctx, request, found);
    const options: CampaignPageOptions = {
      csrf: csrfToken(deps, found),
      viewer,
      live: query.live !== '0',
      backUrl: '/portal/campaigns',
      banner: bannerFor(query, viewer),
      notices,
    };
    return sendHtml(reply, 200, campaignPage(loaded.value.view, { ...options, nextCursor: loaded.value.nextCursor }));
  });

  app.post('/portal/campaigns/:id/refresh-insights', async (request, reply) => {
    const found = await formSession(request, reply);
    if (!found) return reply;
    const id = campaignIdOf(request.params);
    if (!id) return showFailure(reply, { code: 'not_found' }, '/portal/campaigns');
    // The brand's own campaign only: the use case checks the workspace, this the brand.
    const campaign = await deps.db.selectFrom('campaigns').select('brand_id').where('workspace_id', '=', found.workspaceId).where('id', '=', id).executeTakeFirst();
    if (!campaign || campaign.brand_id !== found.brandId) return showFailure(reply, { code: 'not_found' }, '/portal/campaigns');
    const result = await refreshInsights(deps, found.workspaceId, id);
    const outcome = result.ok ? 'queued' : result.error.code === 'insights_refresh_cooldown' ? 'cooldown' : undefined;
    if (!outcome) return showFailure(reply, result.ok ? { code: 'internal_error' } : result.error, `/portal/campaigns/${encodeURIComponent(id)}`);
    return reply.redirect(`/portal/campaigns/${encodeURIComponent(id)}?refresh=${outcome}`, 303);
  });
}

// No campaign id holds a NUL (PostgreSQL cannot even compare one): such an address names nothing.
const idParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .refine((id) => !id.includes('\u0000')),
});

function campaignIdOf(params: unknown): string | undefined {
  const parsed = idParams.safeParse(params);
  return parsed.success ? parsed.data.id : undefined;
}

async function postCounts(ctx: RouteContext, campaignIds: string[]): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await ctx.deps.db
    .selectFrom('campaign_posts')
    .select(['campaign_id', (eb) => eb.fn.countAll<number>().as('posts')])
    .where('campaign_id', 'in', campaignIds)
    .where('status', '=', 'bound')
    .groupBy('campaign_id')
    .execute();
  return new Map(rows.map((r) => [r.campaign_id, Number(r.posts)]));
}
