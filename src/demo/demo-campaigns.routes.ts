/**
 * The demo page's campaign half (demo mode only): create a live campaign with the current creator in
 * it, add the creator to one, open the brand's Campaign Performance page, and publish a sandbox post
 * carrying the hashtag, then queue the channel's media sync so the post binds within seconds. The
 * same use cases the API calls; the post goes through the sandbox's control API over HTTP, as a
 * creator posting on the network would.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { campaignNetworks, createCampaign, findCampaign, hashtag, idParams, listCampaigns, putParticipant } from '../campaigns/index.ts';
import { findConnection } from '../connections/index.ts';
import { requestMediaSync } from '../media/index.ts';
import type { Deps } from '../platform/deps.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { createBrandPortalSession } from '../portal/index.ts';
import type { DemoCampaignsInput, PublishableChannel } from './demo-campaigns.page.ts';
import { publishOnSandbox } from './demo-sandbox.ts';

const creatorField = z.object({ creatorId: z.string().trim().min(1).max(200) });
const campaignForm = creatorField.extend({ brandName: z.string().trim().min(1).max(200), name: z.string().trim().min(1).max(200), hashtag });
const publishForm = creatorField.extend({ connectionId: z.string().min(1).max(100) });

/** A brand id from its name ("Acme Corp" → "acme-corp"): the demo names brands, a platform would send its own ids. */
const brandIdOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'brand';

/** Joined "now", to the second: networks give publish times in whole seconds, and a post made the same second must bind. */
const joinedNow = (deps: Deps) => ({ stage: 'content_creation' as const, joinedAt: new Date(Math.floor(deps.clock.now().getTime() / 1000) * 1000) });

export function demoCampaignRoutes(app: FastifyInstance, deps: Deps, workspaceId: string, sandboxUrl: string | undefined): void {
  const back = (creatorId: string, banner: Record<string, string>) => `/demo?${new URLSearchParams({ creator: creatorId, ...banner })}#banner`;

  app.post('/demo/campaigns', async (request, reply) => {
    const form = parseOrThrow(campaignForm, request.body);
    const created = await createCampaign(deps, workspaceId, {
      brand: { id: brandIdOf(form.brandName), name: form.brandName },
      name: form.name,
      hashtag: form.hashtag,
      networks: [...campaignNetworks],
      state: 'live',
    });
    if (!created.ok) return reply.redirect(back(form.creatorId, { status: 'campaign_error', error: created.error.code }), 303);
    const campaign = created.value;
    const joined = await putParticipant(deps, workspaceId, campaign.id, form.creatorId, joinedNow(deps));
    if (!joined.ok) return reply.redirect(back(form.creatorId, { status: 'campaign_error', error: joined.error.code }), 303);
    return reply.redirect(back(form.creatorId, { status: 'campaign_created', campaign: campaign.name }), 303);
  });

  app.post('/demo/campaigns/:id/participants', async (request, reply) => {
    const { id } = parseOrThrow(idParams, request.params);
    const { creatorId } = parseOrThrow(creatorField, request.body);
    const joined = await putParticipant(deps, workspaceId, id, creatorId, joinedNow(deps));
    return reply.redirect(back(creatorId, joined.ok ? { status: 'creator_added' } : { status: 'campaign_error', error: joined.error.code }), 303);
  });

  app.post('/demo/campaigns/:id/performance', async (request, reply) => {
    const { id } = parseOrThrow(idParams, request.params);
    const campaign = await findCampaign(deps.db, workspaceId, id);
    if (!campaign) return reply.redirect(`/demo?${new URLSearchParams({ status: 'campaign_error', error: 'not_found' })}`, 303);
    const session = await createBrandPortalSession(deps, { workspaceId, brand: { id: campaign.brand_id }, campaignId: id, returnUrl: `${deps.settings.publicUrl}/demo` });
    return session.ok ? reply.redirect(session.value.url, 303) : reply.code(404).send(session.error);
  });

  app.post('/demo/campaigns/:id/publish', async (request, reply) => {
    const { id } = parseOrThrow(idParams, request.params);
    const form = parseOrThrow(publishForm, request.body);
    const [campaign, connection] = await Promise.all([findCampaign(deps.db, workspaceId, id), findConnection(deps.db, workspaceId, form.connectionId)]);
    if (!campaign || !connection || connection.creatorId !== form.creatorId) return reply.redirect(back(form.creatorId, { status: 'campaign_error', error: 'not_found' }), 303);
    if (!isPublishable(connection) || !sandboxUrl) return reply.redirect(back(form.creatorId, { status: 'publish_unsupported' }), 303);
    const caption = `Demo post for ${campaign.name} ${campaign.binding_hashtag} #ad`;
    const published = await publishOnSandbox(sandboxUrl, connection.username, caption);
    if (!published.ok) return reply.redirect(back(form.creatorId, { status: 'publish_failed', error: published.problem }), 303);
    const sync = await requestMediaSync(deps, connection);
    // A sync already queued picks the new post up too; one already running may be past it: the next one binds it.
    const open = sync.ok ? undefined : (sync.error.details?.sync as { status?: string } | null | undefined)?.status;
    const syncState = sync.ok || open === 'queued' ? 'queued' : sync.error.code === 'media_sync_in_progress' ? 'running' : sync.error.code;
    return reply.redirect(back(form.creatorId, { status: 'published', account: connection.username, hashtag: campaign.binding_hashtag, sync: syncState }), 303);
  });
}

/** Only Instagram Login accounts: the sandbox's publish control lives in its Instagram world. */
function isPublishable<T extends Omit<PublishableConnection, 'id'>>(connection: T): connection is T & { username: string } {
  return connection.network === 'instagram' && connection.login === 'instagram_login' && connection.status !== 'disconnected' && connection.username !== null;
}

/** The Campaigns section's data for one creator: the workspace's newest campaigns, and where the creator can publish. */
export async function demoCampaigns(deps: Deps, workspaceId: string, creatorId: string, connections: PublishableConnection[]): Promise<DemoCampaignsInput> {
  const listed = await listCampaigns(deps, workspaceId, { limit: 20 });
  const campaigns = listed.ok ? listed.value.data : [];
  const ids = campaigns.map((c) => c.id);
  const [joined, bound] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          deps.db.selectFrom('campaign_participants').select('campaign_id').where('campaign_id', 'in', ids).where('creator_id', '=', creatorId).execute(),
          deps.db
            .selectFrom('campaign_posts')
            .select(['campaign_id', (eb) => eb.fn.countAll<string>().as('n')])
            .where('campaign_id', 'in', ids)
            .where('status', '=', 'bound')
            .groupBy('campaign_id')
            .execute(),
        ]);
  const joinedIds = new Set(joined.map((row) => row.campaign_id));
  const counts = new Map(bound.map((row) => [row.campaign_id, Number(row.n)]));
  return {
    creatorId,
    campaigns: campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      brandName: c.brand.name,
      hashtag: c.hashtag,
      state: c.state,
      boundPosts: counts.get(c.id) ?? 0,
      joined: joinedIds.has(c.id),
    })),
    publishable: connections.filter(isPublishable).map((c): PublishableChannel => ({ connectionId: c.id, username: c.username })),
  };
}

export type PublishableConnection = { id: string; network: string; login: string; status: string; username: string | null };
