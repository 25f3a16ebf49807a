/**
 * Partnership Ads from the brands' Campaign Performance page: request them for a post (a form with the
 * session's CSRF token, checked as the API's body is, then the same use case), or withdraw an open
 * request. Both go back to the campaign page with a banner; a refusal is the banner's sentence, not an
 * error page. Only the brand's own campaigns, posts and requests.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findPartnership, partnershipBody, requestPartnershipAds, withdrawPartnership } from '../partnership-ads/index.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { portalGuard } from './portal-guard.ts';
import { findBrandPortalSession } from './portal-session.ts';

// No id holds a NUL (PostgreSQL cannot even compare one): such an address names nothing.
const safeId = z
  .string()
  .min(1)
  .max(100)
  .refine((id) => !id.includes('\u0000'));
const params = z.object({ id: safeId, postId: safeId, requestId: safeId.optional() });

/** Which form field a refusal of the body is about: the banner names it. */
const fieldCodes: Record<string, string> = { durationDays: 'duration', brandInstagramAccountId: 'account_id', message: 'message' };

/** The form's strings in the API body's shape (an empty field is an absent one), checked by the same schema. */
function parseForm(body: Record<string, unknown>): { ok: true; value: z.infer<typeof partnershipBody> } | { ok: false; code: string } {
  const text = (key: string) => (typeof body[key] === 'string' && body[key].trim() !== '' ? body[key].trim() : undefined);
  const days = text('durationDays');
  const parsed = partnershipBody.safeParse({
    durationDays: days === undefined ? undefined : Number(days),
    brandInstagramAccountId: text('brandInstagramAccountId'),
    message: text('message'),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, code: fieldCodes[String(parsed.error.issues[0]?.path[0])] ?? 'invalid_request' };
}

export function brandPartnershipRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;
  const { showFailure, formSession } = portalGuard(deps, findBrandPortalSession, 'brand');
  const back = (campaignId: string, query: Record<string, string>) => `/portal/campaigns/${encodeURIComponent(campaignId)}?${new URLSearchParams(query)}`;
  const ownCampaign = async (workspaceId: string, brandId: string, id: string) =>
    (await deps.db.selectFrom('campaigns').select('brand_id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst())?.brand_id === brandId;

  app.post('/portal/campaigns/:id/posts/:postId/partnership-ads', async (request, reply) => {
    const found = await formSession(request, reply);
    if (!found) return reply;
    const ids = params.safeParse(request.params).data;
    if (!ids || !(await ownCampaign(found.workspaceId, found.brandId, ids.id))) return showFailure(reply, { code: 'not_found' }, '/portal/campaigns');
    const form = parseForm((request.body ?? {}) as Record<string, unknown>);
    if (!form.ok) return reply.redirect(back(ids.id, { partnership: 'error', error: form.code }), 303);
    const result = await requestPartnershipAds(deps, {
      workspaceId: found.workspaceId,
      campaignId: ids.id,
      postId: ids.postId,
      ...form.value,
      message: form.value.message ?? null,
    });
    if (!result.ok) return reply.redirect(back(ids.id, { partnership: 'error', error: result.error.code }), 303);
    return reply.redirect(back(ids.id, { partnership: result.value.created ? 'requested' : 'open' }), 303);
  });

  app.post('/portal/campaigns/:id/posts/:postId/partnership-ads/:requestId/withdraw', async (request, reply) => {
    const found = await formSession(request, reply);
    if (!found) return reply;
    const ids = params.safeParse(request.params).data;
    const row = ids?.requestId ? await findPartnership(deps.db, found.workspaceId, ids.requestId) : undefined;
    const post =
      ids && (await ownCampaign(found.workspaceId, found.brandId, ids.id))
        ? await deps.db.selectFrom('campaign_posts').select('media_id').where('campaign_id', '=', ids.id).where('id', '=', ids.postId).executeTakeFirst()
        : undefined;
    // The brand's own request, for the post the address names: the one request per post and brand may
    // have been made from another of the brand's campaigns the post is bound to.
    if (!ids || !row || !post || row.brand_id !== found.brandId || row.media_id !== post.media_id) {
      return showFailure(reply, { code: 'not_found' }, '/portal/campaigns');
    }
    const result = await withdrawPartnership(deps, { workspaceId: found.workspaceId, id: row.id });
    if (!result.ok) return reply.redirect(back(ids.id, { partnership: 'withdraw_error', error: result.error.code }), 303);
    return reply.redirect(back(ids.id, { partnership: 'withdrawn' }), 303);
  });
}
