/**
 * The dashboard page behind its signed link (`GET /dashboard?token=…`) and its "Check every channel
 * now" (`POST /dashboard/check`, the token in the form): the check answers with a redirect back to the
 * page, whose banner says what it found, so a reload repeats nothing. The page speaks the browser's
 * language under the workspace's brand.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorCatalog } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { anonymousViewer, viewerFor } from '../platform/web/viewer.ts';
import type { Workspace } from '../platform/workspaces.repo.ts';
import { checkEveryChannel, outcomeOf, outcomeQuery } from './check-channels.ts';
import { type DashboardOptions, dashboardPage, dashboardRefusedPage } from './dashboard.page.ts';
import { openDashboardLink } from './dashboard-session.ts';
import { computeStats } from './stats.ts';

const tokenField = z.object({ token: z.string({ error: 'required: the token of a dashboard link' }).min(1).max(2000) });

export function dashboardRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;

  app.get('/dashboard', async (request, reply) => {
    const { token } = parseOrThrow(tokenField, request.query);
    const opened = await openDashboardLink(deps, token);
    if (!opened.ok) return refused(deps, request, reply, opened.error.code);
    const page = await renderDashboard(deps, opened.value.workspace, {
      acceptLanguage: request.headers['accept-language'],
      selfUrl: `/dashboard?token=${encodeURIComponent(token)}`,
      back: opened.value.returnUrl ? { href: opened.value.returnUrl, to: 'platform' } : null,
      check: { action: '/dashboard/check', fields: { token } },
      banner: outcomeOf(request.query as Record<string, unknown>),
    });
    return privatePage(reply, 200, page);
  });

  app.post('/dashboard/check', async (request, reply) => {
    const { token } = parseOrThrow(tokenField, request.body ?? {});
    const opened = await openDashboardLink(deps, token);
    if (!opened.ok) return refused(deps, request, reply, opened.error.code);
    const outcome = await checkEveryChannel(deps, opened.value.workspace.id);
    return reply.header('cache-control', 'no-store').redirect(`/dashboard?token=${encodeURIComponent(token)}&${outcomeQuery(outcome)}#banner`, 303);
  });
}

export type RenderOptions = Omit<DashboardOptions, 'viewer' | 'workspaceName'> & { acceptLanguage: string | undefined };

/** The dashboard of one workspace as HTML (also served by the demo pages for the demo workspace). */
export async function renderDashboard(deps: Deps, workspace: Workspace, options: RenderOptions): Promise<string> {
  const { acceptLanguage, ...rest } = options;
  const [stats, viewer] = await Promise.all([computeStats(deps, { workspaceId: workspace.id }), viewerFor(deps.db, deps.settings, { workspaceId: workspace.id, acceptLanguage })]);
  return dashboardPage(stats, { ...rest, viewer, workspaceName: workspace.name });
}

function refused(deps: Deps, request: FastifyRequest, reply: FastifyReply, code: 'dashboard_link_invalid' | 'dashboard_link_expired'): FastifyReply {
  const viewer = anonymousViewer(deps.settings, request.headers['accept-language']);
  const { status } = errorCatalog[code];
  return privatePage(reply, status, dashboardRefusedPage(viewer, code === 'dashboard_link_expired' ? 'expired' : 'invalid'));
}

// The URL carries the credential: keep it out of caches, every Referer header (its own form posts carry the
// token in the body and need no Origin) and search engines; no script, no framing.
function privatePage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
    .send(body);
}
