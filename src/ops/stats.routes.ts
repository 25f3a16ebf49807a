/**
 * The ops view for a workspace: `GET /v1/stats` (API key), and the dashboard page reached through a
 * short-lived signed link from `POST /v1/dashboard-sessions` (see ops/dashboard-session.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { errorCatalog } from '../kernel/errors.ts';
import { html, page } from '../kernel/html.ts';
import type { Deps } from '../platform/deps.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import type { Workspace } from '../platform/workspaces.repo.ts';
import { dashboardPage } from './dashboard.page.ts';
import { createDashboardLink, openDashboardLink } from './dashboard-session.ts';
import { computeStats } from './stats.ts';

const statsQuery = z.object({ failures: z.coerce.number().int().min(0).max(200).default(20) });
const tokenQuery = z.object({ token: z.string({ error: 'required: the token of a dashboard link' }).min(1).max(2000) });

export function statsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/v1/stats', async (request) => {
    const workspace = await ctx.authenticate(request);
    const { failures } = parseOrThrow(statsQuery, request.query);
    return computeStats(ctx.deps, { workspaceId: workspace.id, failureLimit: failures });
  });

  app.post('/v1/dashboard-sessions', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    // The link is a bearer credential for half an hour: never cache the answer.
    return reply.code(201).header('cache-control', 'no-store').send(createDashboardLink(ctx.deps, workspace.id));
  });

  app.get('/dashboard', async (request, reply) => {
    const { token } = parseOrThrow(tokenQuery, request.query);
    const opened = await openDashboardLink(ctx.deps, token);
    if (!opened.ok) {
      const { status, message } = errorCatalog[opened.error.code];
      return privatePage(reply.code(status)).send(page('Dashboard', html`<h1>Dashboard</h1><div class="card bad" role="alert">${message}</div>`));
    }
    return privatePage(reply).send(await renderDashboard(ctx.deps, opened.value, request.url));
  });
}

/** The dashboard of one workspace as HTML (also served by the demo pages for the demo workspace). */
export async function renderDashboard(deps: Deps, workspace: Workspace, selfUrl: string): Promise<string> {
  const stats = await computeStats(deps, { workspaceId: workspace.id });
  return dashboardPage(stats, {
    workspaceName: workspace.name,
    productName: workspace.productName ?? deps.settings.productName,
    displayName: (id) => deps.providers.get(id)?.displayName ?? id,
    selfUrl,
  });
}

// The URL carries the credential: keep it out of caches, other sites' Referer headers and search engines.
function privatePage(reply: FastifyReply): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .header('x-frame-options', 'DENY');
}
