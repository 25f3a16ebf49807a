/** Posts bound to a campaign: the list, binding by URL, unbinding, and a creator's self-report. */
import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { campaignPageQuery, idParams, participantParams, postParams, urlBody } from './campaign.schemas.ts';
import { bindPostByUrl, listCampaignPosts, selfReportPost, unbindPost } from './campaign-posts.ts';
import { campaignPostPageSchema, campaignPostSchema } from './campaign-views.schemas.ts';

export function campaignPostRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/campaigns/:id/posts',
    operationId: 'listCampaignPosts',
    summary: 'The posts bound to a campaign, most recently bound first',
    description: 'Bound posts only, each with its latest figures (`metrics`) and its channel’s status; `limit` 1–100 (default 25), cursor paging.',
    tag: 'Campaigns',
    params: idParams,
    query: campaignPageQuery,
    responses: { 200: { description: 'A page of the campaign’s posts.', schema: campaignPostPageSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params, query }) => {
      const result = await listCampaignPosts(ctx.deps, workspace.id, params.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/campaigns/:id/posts',
    operationId: 'bindCampaignPost',
    summary: 'Bind a post to a campaign by its URL',
    description:
      'Binds a synced post of one of the campaign’s participants (the address is compared without scheme or host case, `www.`, trailing slash, query or fragment); binding an unbound post again binds it. 201 when bound now, 200 with the same post when it already was. 404 `post_not_synced`: the post has not been seen yet; ask for a media sync of the creator’s channel and try again.',
    tag: 'Campaigns',
    params: idParams,
    body: urlBody,
    responses: {
      200: { description: 'The post, already bound.', schema: campaignPostSchema },
      201: { description: 'The post, bound now.', schema: campaignPostSchema },
    },
    errors: ['not_found', 'post_not_synced', 'post_not_participant', 'post_url_unsupported'],
    handler: async ({ reply, workspace, params, body }) => {
      const result = await bindPostByUrl(ctx.deps, workspace.id, params.id, body.url);
      if (!result.ok) return sendFailure(reply, result.error);
      return reply.code(result.value.created ? 201 : 200).send(result.value.post);
    },
  });

  apiRoute(app, ctx, {
    method: 'DELETE',
    url: '/v1/campaigns/:id/posts/:postId',
    operationId: 'unbindCampaignPost',
    summary: 'Unbind a post from a campaign',
    description: 'The post’s row stays (`status: "unbound"`), so automatic binding never binds it again; binding it by its URL does. It leaves the list of posts. Idempotent.',
    tag: 'Campaigns',
    params: postParams,
    responses: { 200: { description: 'The post, unbound.', schema: campaignPostSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const result = await unbindPost(ctx.deps, workspace.id, params.id, params.postId);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/campaigns/:id/participants/:creatorId/posts',
    operationId: 'selfReportCampaignPost',
    summary: 'A creator reports a post of theirs for a campaign',
    description:
      'Binds a post we have synced with its media, and one we have not by its URL (the network from the host); a later sync that finds it attaches the media. Self-reported posts carry the flag `no_auto_refresh`: their insights are refreshed only on request. 201 when bound now, 200 with the same post when it already was. 404 `not_found` also when the creator does not take part in the campaign.',
    tag: 'Campaigns',
    params: participantParams,
    body: urlBody,
    responses: {
      200: { description: 'The post, already bound.', schema: campaignPostSchema },
      201: { description: 'The post, bound now.', schema: campaignPostSchema },
    },
    errors: ['not_found', 'post_url_unsupported'],
    handler: async ({ reply, workspace, params, body }) => {
      const result = await selfReportPost(ctx.deps, workspace.id, params.id, params.creatorId, body.url);
      if (!result.ok) return sendFailure(reply, result.error);
      return reply.code(result.value.created ? 201 : 200).send(result.value.post);
    },
  });
}
