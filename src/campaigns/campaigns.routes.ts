/** Campaigns and their participants, for the platform's backend (API key). */
import type { FastifyInstance } from 'fastify';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { campaignPageQuery, createBody, idParams, listQuery, participantBody, participantParams, patchBody } from './campaign.schemas.ts';
import { createCampaign, getCampaign, listCampaigns, patchCampaign } from './campaigns.ts';
import { getParticipants, putParticipant } from './participants.ts';

export function campaignRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/v1/campaigns', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const body = parseOrThrow(createBody, request.body);
    return reply.code(201).send(await createCampaign(ctx.deps, workspace.id, body));
  });

  app.get('/v1/campaigns', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const result = await listCampaigns(ctx.deps, workspace.id, parseOrThrow(listQuery, request.query));
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.get('/v1/campaigns/:id', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await getCampaign(ctx.deps, workspace.id, id);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.patch('/v1/campaigns/:id', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await patchCampaign(ctx.deps, workspace.id, id, parseOrThrow(patchBody, request.body ?? {}));
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.put('/v1/campaigns/:id/participants/:creatorId', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id, creatorId } = parseOrThrow(participantParams, request.params);
    const body = parseOrThrow(participantBody, request.body);
    const result = await putParticipant(ctx.deps, workspace.id, id, creatorId, { stage: body.stage, joinedAt: body.joinedAt, ...body.creator });
    if (!result.ok) return sendFailure(reply, result.error);
    return reply.code(result.value.created ? 201 : 200).send(result.value.participant);
  });

  app.get('/v1/campaigns/:id/participants', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await getParticipants(ctx.deps, workspace.id, id, parseOrThrow(campaignPageQuery, request.query));
    return result.ok ? result.value : sendFailure(reply, result.error);
  });
}
