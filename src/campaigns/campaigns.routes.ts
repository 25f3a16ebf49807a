/** Campaigns and their participants, for the platform's backend (API key). */
import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { campaignPageQuery, createBody, idParams, listQuery, participantBody, participantParams, patchBody } from './campaign.schemas.ts';
import { campaignDetailSchema, campaignPageSchema, campaignSchema, participantPageSchema, participantSchema } from './campaign-views.schemas.ts';
import { createCampaign, getCampaign, listCampaigns, patchCampaign } from './campaigns.ts';
import { getParticipants, putParticipant } from './participants.ts';

/** A PATCH without a body changes nothing, as `{}` does. */
const patchRequest = bodyOrEmpty(patchBody);

export function campaignRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/campaigns',
    operationId: 'createCampaign',
    summary: 'Create a campaign',
    description:
      'A brand’s campaign, `draft` unless created `live`. The brand is created, or its name updated. A campaign moved from another system gives `startedAt`, its real start, so the 90-day automatic insights refresh counts from it; a start in the future (or after `dueDate`) is 400 `invalid_request`.',
    tag: 'Campaigns',
    body: createBody,
    responses: { 201: { description: 'The campaign.', schema: campaignSchema } },
    handler: async ({ reply, workspace, body }) => {
      const created = await createCampaign(ctx.deps, workspace.id, body);
      return created.ok ? reply.code(201).send(created.value) : sendFailure(reply, created.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/campaigns',
    operationId: 'listCampaigns',
    summary: 'The workspace’s campaigns, newest first',
    description: 'Filtered by `state` and `brandId`; a `cursor` that is not a previous page’s `nextCursor` is 400 `invalid_request`.',
    tag: 'Campaigns',
    query: listQuery,
    responses: { 200: { description: 'A page of campaigns.', schema: campaignPageSchema } },
    handler: async ({ reply, workspace, query }) => {
      const result = await listCampaigns(ctx.deps, workspace.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/campaigns/:id',
    operationId: 'getCampaign',
    summary: 'A campaign, with its insights refresh state',
    description:
      'The campaign with `insightsRefresh` (the Refresh Insights button’s state and the last refresh’s progress) and `refreshPaused`: the disconnected channels whose posts’ refresh is paused, one entry per channel however many posts.',
    tag: 'Campaigns',
    params: idParams,
    responses: { 200: { description: 'The campaign.', schema: campaignDetailSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const result = await getCampaign(ctx.deps, workspace.id, params.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'PATCH',
    url: '/v1/campaigns/:id',
    operationId: 'updateCampaign',
    summary: 'Change a campaign: name, hashtag, networks, due date, state',
    description:
      'States: `draft → live → completed`, `completed → live` (a brand reopens a campaign), and `archived` from any state; nothing leaves `archived`, a live campaign does not go back to `draft`, and a draft does not complete without running (409 `campaign_transition_invalid`, with `details.from` and `details.to`). Each change is one conditional update on `version`; a campaign that is live after the change binds what its new rules allow. A body without fields changes nothing.',
    tag: 'Campaigns',
    params: idParams,
    body: patchRequest,
    responses: { 200: { description: 'The campaign, changed.', schema: campaignSchema } },
    errors: ['not_found', 'campaign_transition_invalid', 'conflict'],
    handler: async ({ reply, workspace, params, body }) => {
      const result = await patchCampaign(ctx.deps, workspace.id, params.id, body);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'PUT',
    url: '/v1/campaigns/:id/participants/:creatorId',
    operationId: 'putParticipant',
    summary: 'Put a creator in a campaign at a workflow stage',
    description:
      'Stages: `invited`, `applied`, `confirmed`, `content_creation`, `complete`, `declined`; the three in the middle are past `applied`, and a creator past `applied` has their synced posts bound. The creator is created if new. `joinedAt` defaults to now for a new participant and is kept on later stage changes unless sent. 201 for a new participant, 200 when already one.',
    tag: 'Campaigns',
    params: participantParams,
    body: participantBody,
    responses: {
      200: { description: 'The participant, changed.', schema: participantSchema },
      201: { description: 'The participant, added.', schema: participantSchema },
    },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params, body }) => {
      const result = await putParticipant(ctx.deps, workspace.id, params.id, params.creatorId, { stage: body.stage, joinedAt: body.joinedAt, ...body.creator });
      if (!result.ok) return sendFailure(reply, result.error);
      return reply.code(result.value.created ? 201 : 200).send(result.value.participant);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/campaigns/:id/participants',
    operationId: 'listParticipants',
    summary: 'A campaign’s participants, in the order they were added',
    description: 'A campaign can have tens of thousands: `limit` 1–100 (default 50); a `cursor` that is not a previous page’s `nextCursor` is 400 `invalid_request`.',
    tag: 'Campaigns',
    params: idParams,
    query: campaignPageQuery,
    responses: { 200: { description: 'A page of participants.', schema: participantPageSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params, query }) => {
      const result = await getParticipants(ctx.deps, workspace.id, params.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });
}
