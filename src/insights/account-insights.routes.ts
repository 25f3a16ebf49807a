/** Account insights: a channel's daily readings, and a creator's verified profile. */
import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { idParams } from '../platform/http/schemas.ts';
import { connectionInsightsQuery, connectionInsightsSchema, creatorProfileSchema } from './account-insights.schemas.ts';
import { connectionInsights } from './connection-insights.ts';
import { creatorProfile } from './creator-profile.ts';

export function accountInsightsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/connections/:id/insights',
    operationId: 'getConnectionInsights',
    summary: 'A connection’s own figures, day by day',
    description:
      'Followers and posts, and the views, reach and engagements of the 28 days before, as read from the network once a day for every usable channel. A figure the network does not report is null, never 0; a reading the network withheld has `status` `unavailable` and a `reason`. `from` and `to` are UTC days (YYYY-MM-DD), by default the last 30 days, at most 366 days apart.',
    tag: 'Insights',
    params: idParams,
    query: connectionInsightsQuery,
    responses: { 200: { description: 'The readings between the two days.', schema: connectionInsightsSchema } },
    errors: ['invalid_request', 'not_found'],
    handler: async ({ reply, workspace, params, query }) => {
      const result = await connectionInsights(ctx.deps, workspace.id, params.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/creators/:id/profile',
    operationId: 'getCreatorProfile',
    summary: 'A creator’s verified profile: every channel with its latest figures and audience',
    description:
      'Every channel the creator connected in this workspace, with its latest account reading, the followers of the last 30 days, its latest audience, and `verifiedAt`: when the figures were read from the network. What a platform’s media kit or discovery page shows; `POST /v1/creators/{id}/profile-links` makes a signed link to the same profile as a page.',
    tag: 'Insights',
    params: idParams,
    responses: { 200: { description: 'The creator’s profile.', schema: creatorProfileSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const result = await creatorProfile(ctx.deps, workspace.id, params.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });
}
