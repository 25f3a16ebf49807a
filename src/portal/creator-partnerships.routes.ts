/**
 * Revoke, on the creators' Channels page: a Partnership Ads approval is revoked after a confirmation
 * page (GET shows it, POST with the session's CSRF token does it), then back to the page with a
 * banner. Only the creator's own requests: another's is not found, whatever its id.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findCreatorPartnership, revokePartnership } from '../partnership-ads/index.ts';
import { sendHtml } from '../platform/http/html-reply.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { pageStyles } from './channels.page.ts';
import { confirmRevokePage } from './channels-partnerships.page.ts';
import { portalGuard } from './portal-guard.ts';
import { csrfToken, findPortalSession } from './portal-session.ts';

// No request id holds a NUL (PostgreSQL cannot even compare one): such an address names nothing.
const idParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .refine((id) => !id.includes('\u0000')),
});

export function portalPartnershipRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;
  const { showFailure, session, formSession, viewer } = portalGuard(deps, findPortalSession, 'creator');
  const idOf = (params: unknown) => idParams.safeParse(params).data?.id;

  app.get('/portal/partnership-ads/:id/revoke', async (request, reply) => {
    const found = await session(request, reply);
    if (!found) return reply;
    const id = idOf(request.params);
    const partnership = id ? await findCreatorPartnership(deps, found, id) : undefined;
    if (!partnership) return showFailure(reply, { code: 'not_found' }, '/portal');
    if (!partnership.canRevoke) return showFailure(reply, { code: 'partnership_request_closed' }, '/portal');
    return sendHtml(reply, 200, confirmRevokePage({ partnership, csrf: csrfToken(deps, found), viewer: await viewer(request, found), extraStyles: pageStyles }));
  });

  app.post('/portal/partnership-ads/:id/revoke', async (request, reply) => {
    const found = await formSession(request, reply);
    if (!found) return reply;
    const id = idOf(request.params);
    if (!id) return showFailure(reply, { code: 'not_found' }, '/portal');
    // The use case refuses another creator's request as not found, as it does an unknown id.
    const result = await revokePartnership(deps, { workspaceId: found.workspaceId, creatorId: found.creatorId, id });
    if (!result.ok) return showFailure(reply, result.error, '/portal');
    return reply.redirect(`/portal?status=partnership_revoked&partnership=${encodeURIComponent(id)}`, 303);
  });
}
