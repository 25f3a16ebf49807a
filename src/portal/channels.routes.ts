/**
 * The creators' Channels page: opened from a portal link (once), then a cookie session for one
 * creator. Forms post back here with a CSRF token (and, when the browser sends one, a matching Origin);
 * the cookie is SameSite=Lax so it comes along when the network's sign-in redirects back.
 */
import type { FastifyInstance } from 'fastify';
import { createConnectSession, findConnection, revokeConnection } from '../connections/index.ts';
import { sendHtml } from '../platform/http/html-reply.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { nulFailure } from '../platform/http/validate.ts';
import { channelsPage, confirmDisconnectPage } from './channels.page.ts';
import { bannerFor } from './channels-banner.ts';
import { loadChannelsView, toCard } from './channels-view.ts';
import { portalMessages } from './messages/index.ts';
import { portalGuard, visitCookie } from './portal-guard.ts';
import { csrfToken, findPortalSession, openPortalLink } from './portal-session.ts';

export function portalRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;
  const { showFailure, session, formSession, viewer } = portalGuard(deps, findPortalSession, 'creator');

  app.get('/portal/open/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const opened = await openPortalLink(deps, token);
    if (!opened.ok) return showFailure(reply, opened.error, undefined, opened.reader);
    // Each kind of visit in its own cookie: a browser holding a brand's visit can open a creator's, and the other way round.
    reply.header('set-cookie', visitCookie(deps, opened.value.kind, opened.value));
    // Off the token's URL at once, so it stays in no history, bookmark or Referer.
    return reply.header('referrer-policy', 'no-referrer').redirect(opened.value.landing, 303);
  });

  app.get('/portal', async (request, reply) => {
    const found = await session(request, reply);
    if (!found) return reply;
    const reader = await viewer(request, found);
    const view = await loadChannelsView(deps, found, reader.locale);
    const query = request.query as Record<string, string | undefined>;
    const banner = bannerFor(portalMessages.for(reader.locale), reader.brand.productName, query, view.channels, view.partnerships);
    return sendHtml(reply, 200, channelsPage(view, reader, { csrf: csrfToken(deps, found), banner, live: query.live === '1' }));
  });

  app.post('/portal/connect', async (request, reply) => {
    const found = await formSession(request, reply);
    if (!found) return reply;
    // PostgreSQL cannot compare text with a NUL character: the lookup below would fail.
    const refused = nulFailure(request.body);
    if (refused) return showFailure(reply, refused, '/portal');
    const body = request.body as { provider?: unknown; connection?: unknown };
    const existing = typeof body.connection === 'string' ? await findConnection(deps.db, found.workspaceId, body.connection) : undefined;
    if (existing && existing.creatorId !== found.creatorId) return showFailure(reply, { code: 'not_found' });
    const provider = existing?.provider ?? (typeof body.provider === 'string' ? body.provider : '');
    const result = await createConnectSession(deps, {
      workspaceId: found.workspaceId,
      creator: { id: found.creatorId },
      provider,
      // Ours on the way back, so the banner can say "connected again" rather than "connected".
      returnUrl: `${deps.settings.publicUrl}/portal${existing ? '?action=reconnect' : ''}`,
      purpose: existing ? 'reconnect' : 'connect',
    });
    return result.ok ? reply.redirect(result.value.url, 303) : showFailure(reply, result.error);
  });

  app.get('/portal/channels/:id/disconnect', async (request, reply) => {
    const found = await session(request, reply);
    if (!found) return reply;
    const refused = nulFailure(request.params);
    if (refused) return showFailure(reply, refused, '/portal');
    const connection = await findConnection(deps.db, found.workspaceId, (request.params as { id: string }).id);
    if (!connection || connection.creatorId !== found.creatorId) return showFailure(reply, { code: 'not_found' });
    const reader = await viewer(request, found);
    return sendHtml(reply, 200, confirmDisconnectPage({ card: toCard(deps, connection, null, reader.locale), csrf: csrfToken(deps, found), viewer: reader }));
  });

  app.post('/portal/channels/:id/disconnect', async (request, reply) => {
    const found = await formSession(request, reply);
    if (!found) return reply;
    const refused = nulFailure(request.params);
    if (refused) return showFailure(reply, refused, '/portal');
    const id = (request.params as { id: string }).id;
    const connection = await findConnection(deps.db, found.workspaceId, id);
    if (!connection || connection.creatorId !== found.creatorId) return showFailure(reply, { code: 'not_found' });
    const result = await revokeConnection(deps, found.workspaceId, id);
    if (!result.ok) return showFailure(reply, result.error, '/portal');
    deps.onWebhookQueued?.();
    return reply.redirect(`/portal?status=disconnected&connection=${encodeURIComponent(id)}`, 303);
  });
}
