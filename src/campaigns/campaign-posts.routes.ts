/** Posts bound to a campaign: the list, binding by URL, unbinding, and a creator's self-report. */
import type { FastifyInstance } from 'fastify';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { campaignPageQuery, idParams, participantParams, postParams, urlBody } from './campaign.schemas.ts';
import { bindPostByUrl, listCampaignPosts, selfReportPost, unbindPost } from './campaign-posts.ts';

export function campaignPostRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/v1/campaigns/:id/posts', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await listCampaignPosts(ctx.deps, workspace.id, id, parseOrThrow(campaignPageQuery, request.query));
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.post('/v1/campaigns/:id/posts', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const { url } = parseOrThrow(urlBody, request.body);
    const result = await bindPostByUrl(ctx.deps, workspace.id, id, url);
    if (!result.ok) return sendFailure(reply, result.error);
    return reply.code(result.value.created ? 201 : 200).send(result.value.post);
  });

  app.delete('/v1/campaigns/:id/posts/:postId', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id, postId } = parseOrThrow(postParams, request.params);
    const result = await unbindPost(ctx.deps, workspace.id, id, postId);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.post('/v1/campaigns/:id/participants/:creatorId/posts', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id, creatorId } = parseOrThrow(participantParams, request.params);
    const { url } = parseOrThrow(urlBody, request.body);
    const result = await selfReportPost(ctx.deps, workspace.id, id, creatorId, url);
    if (!result.ok) return sendFailure(reply, result.error);
    return reply.code(result.value.created ? 201 : 200).send(result.value.post);
  });
}
