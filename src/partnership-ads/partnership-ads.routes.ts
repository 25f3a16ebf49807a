/**
 * Partnership Ads for brands (API key): ask for one bound post, list a campaign's requests, read one,
 * withdraw one. The creator answers on the pages in partnership-consent.ts.
 */
import type { FastifyInstance } from 'fastify';
import { findCampaign, idParams, postParams } from '../campaigns/index.ts';
import { cursorPosition, encodeCursor, keysetPage } from '../kernel/keyset-cursor.ts';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import { pageQuery } from '../platform/http/page-query.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { findPartnership, listEvents, listForCampaign } from './partnership-ads.repo.ts';
import { partnershipBody, partnershipListSchema, partnershipSchema, partnershipWithEventsSchema } from './partnership-ads.schemas.ts';
import { withdrawPartnership } from './partnership-end.ts';
import { requestPartnershipAds } from './partnership-request.ts';
import { toPartnershipView } from './partnership-view.ts';

/** Every field is optional, so the body may be left out. */
const partnershipRequest = bodyOrEmpty(partnershipBody);

export function partnershipAdRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/campaigns/:id/posts/:postId/partnership-ads',
    operationId: 'requestPartnershipAds',
    summary: 'Ask the creator to let the brand run a bound post as a Partnership Ad',
    description:
      'The post is an Instagram post bound to the campaign (a campaign post id from `GET /v1/campaigns/{id}/posts`). The creator gets an in-app notification and an email with a signed link to a page where they approve with Facebook or deny.\n\nOne open request per post and brand: asking again while one is `requested` or `approved` answers 200 with that one (also from another of the brand’s campaigns the post is bound to); after a denial or an end, a new ask makes a new request (201). Refused with 422 `partnership_post_not_bound` (unbound), `partnership_post_not_instagram`, `partnership_post_not_live` (Instagram no longer has it, or a story past its 24 hours) and `partnership_sponsor_required` (no `brandInstagramAccountId` given and none remembered for the brand); 404 `post_not_synced` for a post whose media has not been synced.',
    tag: 'Partnership Ads',
    params: postParams,
    body: partnershipRequest,
    responses: {
      200: { description: 'The open request for this post and brand, already made.', schema: partnershipSchema },
      201: { description: 'The request, made now.', schema: partnershipSchema },
    },
    errors: ['not_found', 'post_not_synced', 'partnership_post_not_bound', 'partnership_post_not_instagram', 'partnership_post_not_live', 'partnership_sponsor_required'],
    handler: async ({ reply, workspace, params, body }) => {
      const result = await requestPartnershipAds(ctx.deps, { workspaceId: workspace.id, campaignId: params.id, postId: params.postId, ...body, message: body.message || null });
      if (!result.ok) return sendFailure(reply, result.error);
      return reply.code(result.value.created ? 201 : 200).send(result.value.request);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/campaigns/:id/partnership-ads',
    operationId: 'listCampaignPartnershipAds',
    summary: 'A campaign’s Partnership Ads requests, newest first',
    description: 'The requests made from this campaign, newest first, a page at a time.',
    tag: 'Partnership Ads',
    params: idParams,
    query: pageQuery(),
    responses: { 200: { description: 'The campaign’s requests.', schema: partnershipListSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params, query }) => {
      if (!(await findCampaign(ctx.deps.db, workspace.id, params.id))) return sendFailure(reply, { code: 'not_found', message: `No campaign ${params.id} in this workspace.` });
      const position = cursorPosition(query.cursor);
      if (!position.ok) return sendFailure(reply, position.error);
      const before = position.value && { requestedAt: position.value.at, id: position.value.id };
      const rows = await listForCampaign(ctx.deps.db, workspace.id, params.id, { limit: query.limit + 1, before });
      const page = keysetPage(rows, query.limit, (row) => encodeCursor(row.requested_at, row.id));
      return { data: page.rows.map(toPartnershipView), nextCursor: page.nextCursor };
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/partnership-ads/:id',
    operationId: 'getPartnershipAds',
    summary: 'A Partnership Ads request, with its audit trail',
    tag: 'Partnership Ads',
    params: idParams,
    responses: { 200: { description: 'The request and its `events`.', schema: partnershipWithEventsSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const row = await findPartnership(ctx.deps.db, workspace.id, params.id);
      if (!row) return sendFailure(reply, { code: 'not_found' });
      const events = await listEvents(ctx.deps.db, row.id);
      return { ...toPartnershipView(row), events: events.map((e) => ({ type: e.type, detail: e.detail, createdAt: e.createdAt.toISOString() })) };
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/partnership-ads/:id/withdraw',
    operationId: 'withdrawPartnershipAds',
    summary: 'Withdraw a Partnership Ads request, answered or not',
    description:
      'Ends a `requested` or `approved` request as `withdrawn`: an approval’s boosting is turned off first and its token deleted; the creator gets a notice. 409 `partnership_request_closed` when it has already been answered with a denial or has ended.',
    tag: 'Partnership Ads',
    params: idParams,
    responses: { 200: { description: 'The request, withdrawn.', schema: partnershipSchema } },
    errors: ['not_found', 'partnership_request_closed', 'conflict'],
    handler: async ({ reply, workspace, params }) => {
      const result = await withdrawPartnership(ctx.deps, { workspaceId: workspace.id, id: params.id });
      return result.ok ? toPartnershipView(result.value) : sendFailure(reply, result.error);
    },
  });
}
