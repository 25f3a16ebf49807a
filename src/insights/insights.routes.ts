/** The Refresh Insights button, its progress, and a connection's audience. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { connectionAudience } from './audience.ts';
import { insightsRefreshFor, refreshInsights } from './refresh-insights-button.ts';

const idParams = z.object({ id: z.string().min(1).max(100) });

export function insightsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/v1/campaigns/:id/refresh-insights', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await refreshInsights(ctx.deps, workspace.id, id);
    if (result.ok) return reply.code(202).send(result.value);
    const retryAt = result.error.details?.retryAt;
    if (typeof retryAt === 'string') {
      const seconds = Math.max(1, Math.ceil((new Date(retryAt).getTime() - ctx.deps.clock.now().getTime()) / 1000));
      void reply.header('retry-after', String(seconds));
    }
    return sendFailure(reply, result.error);
  });

  app.get('/v1/campaigns/:id/insights-refresh', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const view = await insightsRefreshFor(ctx.deps.db, workspace.id, id, ctx.deps.clock.now());
    return view ?? sendFailure(reply, { code: 'not_found', message: 'There is no campaign with this id in this workspace.' });
  });

  app.get('/v1/connections/:id/audience', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await connectionAudience(ctx.deps, workspace.id, id);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });
}
