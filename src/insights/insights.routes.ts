/** The Refresh Insights button, its progress, and a connection's audience. */
import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { idParams } from '../platform/http/schemas.ts';
import { displayNamesWith } from '../providers/profiles.ts';
import { connectionAudience } from './audience.ts';
import { audienceSchema, insightsRefreshQueuedSchema, insightsRefreshSchema } from './insights.schemas.ts';
import { insightsRefreshFor, refreshInsights } from './refresh-insights-button.ts';

export function insightsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/campaigns/:id/refresh-insights',
    operationId: 'refreshCampaignInsights',
    summary: 'Press the Refresh Insights button of a campaign',
    description: `Queues a reading of every ${displayNamesWith('refreshInsights')} post **auto-bound** to the campaign, whatever the campaign’s state or the recency rules, and disables the button for 12 hours for that campaign: two concurrent presses queue exactly one refresh. The readings are spread under the networks’ rate budgets and finish within 24 hours.\n\nPressed again within the 12 hours: 429 \`insights_refresh_cooldown\` with a \`Retry-After\` header (seconds) and \`details.retryAt\` and \`details.lastRequestedAt\`.`,
    tag: 'Insights',
    params: idParams,
    responses: { 202: { description: 'The refresh, queued, and the button’s new state.', schema: insightsRefreshQueuedSchema } },
    errors: ['not_found', 'insights_refresh_cooldown'],
    handler: async ({ reply, workspace, params }) => {
      const result = await refreshInsights(ctx.deps, workspace.id, params.id);
      if (result.ok) return reply.code(202).send(result.value);
      const retryAt = result.error.details?.retryAt;
      if (typeof retryAt === 'string') {
        const seconds = Math.max(1, Math.ceil((new Date(retryAt).getTime() - ctx.deps.clock.now().getTime()) / 1000));
        void reply.header('retry-after', String(seconds));
      }
      return sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/campaigns/:id/insights-refresh',
    operationId: 'getInsightsRefresh',
    summary: 'The Refresh Insights button’s state and the last refresh’s progress',
    description: 'The same `insightsRefresh` as `GET /v1/campaigns/{id}` carries. `progress.paused` counts posts waiting for their channel to be reconnected.',
    tag: 'Insights',
    params: idParams,
    responses: { 200: { description: 'The button’s state.', schema: insightsRefreshSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const view = await insightsRefreshFor(ctx.deps.db, workspace.id, params.id, ctx.deps.clock.now());
      return view ?? sendFailure(reply, { code: 'not_found', message: 'There is no campaign with this id in this workspace.' });
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/connections/:id/audience',
    operationId: 'getConnectionAudience',
    summary: 'A connection’s audience: age, gender, country and city',
    description:
      'Read once a week for every usable channel of a creator taking part in a campaign (any stage but `declined`). `status` is `unavailable` when the network withholds demographics (below its threshold, or not offered: `reason` says which) and `never_read` before the first reading; the breakdowns are then empty, never zeros.',
    tag: 'Insights',
    params: idParams,
    responses: { 200: { description: 'The latest audience reading.', schema: audienceSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const result = await connectionAudience(ctx.deps, workspace.id, params.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });
}
