/**
 * The ops view for a workspace: `GET /v1/stats` (API key), and the dashboard page reached through a
 * short-lived signed link from `POST /v1/dashboard-sessions` (see ops/dashboard-session.ts; the page's
 * routes are in dashboard.routes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiRoute } from '../platform/http/api-route.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { createDashboardLink } from './dashboard-session.ts';
import { dashboardSessionSchema, statsSchema } from './stats.schemas.ts';
import { computeStats } from './stats.ts';

const statsQuery = z.object({
  failures: z.coerce.number().int().min(0).max(200).default(20).meta({ description: 'How many of the latest failures to list (0: none).' }),
});
const statsDescription = `For the calling workspace, as of the service's clock. \`forecast\` covers today and the next 59 days (UTC): \`expirations\` are live connections whose grant ends that day with no refresh scheduled before the end (a Facebook user token; a TikTok refresh token whose end no longer moves; a scheduled refresh is assumed to extend the grant); \`reminders\` are the reconnect emails those grants will get 14, 3 and 1 days before their end; \`refreshes\` are what the sweeps will attempt that day (anything overdue counts today).

\`recentFailures\` lists, newest first, refreshes that failed and will be retried (\`refresh_failed\`), refreshes that failed near the end (\`expiring\`), and connections the network disconnected (\`disconnected\`), with the failure's class and the provider's code; never a token.`;
const sessionBody = z
  .object({
    returnUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2000)
      .optional()
      .meta({ description: 'Where the dashboard’s “Back to …” link leads (your own page).', examples: ['https://platform.example/admin'] }),
  })
  .strict();

export function statsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/stats',
    operationId: 'getStats',
    summary: 'The workspace’s connection figures, forecast and latest failures',
    description: statsDescription,
    tag: 'Operations',
    query: statsQuery,
    responses: { 200: { description: 'The figures, as of the service’s clock.', schema: statsSchema } },
    handler: async ({ workspace, query }) => computeStats(ctx.deps, { workspaceId: workspace.id, failureLimit: query.failures }),
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/dashboard-sessions',
    operationId: 'createDashboardSession',
    summary: 'A signed link to the workspace dashboard',
    description:
      'A link to `GET /dashboard?token=…`, valid 30 minutes, for the platform to hand to its operator (operators have no account here). The dashboard shows the same figures as `GET /v1/stats`. The link is not stored, so it cannot be revoked early (hence the short life). The answer is sent with `Cache-Control: no-store`.',
    tag: 'Operations',
    body: bodyOrEmpty(sessionBody),
    responses: { 201: { description: 'The dashboard link.', schema: dashboardSessionSchema } },
    errors: ['invalid_request'],
    handler: async ({ reply, workspace, body }) =>
      // The link is a bearer credential for half an hour: never cache the answer.
      reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(createDashboardLink(ctx.deps, workspace.id, body.returnUrl)),
  });

  dashboardRoutes(app, ctx);
}
