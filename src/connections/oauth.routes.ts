/** The creator-facing connect flow: open a connect link, come back from the provider, or follow a reconnect email. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Failure, statusOf } from '../kernel/errors.ts';
import { sendHtml } from '../platform/http/html-reply.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { anonymousViewer, type Viewer, viewerFor } from '../platform/web/viewer.ts';
import { choiceKey, completeChoice, loadChoice } from './choose-accounts.ts';
import { completeAuthorization } from './complete-oauth.ts';
import { alreadyConnectedPage, type ConnectedView, choosePage, connectedPage, failurePage, type PopupPost, popupScripts } from './connect.page.ts';
import type { FlowTarget } from './connect-flow.ts';
import { type ConnectResultMessage, connectedMessage, failedMessage } from './connect-popup.rules.ts';
import { retryAuthorization, startAuthorization, startReconnect } from './connect-session.ts';

const callbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

function withParams(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}

/** The post of a flow's last page, when its session named allowed origins. */
const popupOf = (origins: string[] | null | undefined, message: ConnectResultMessage, next?: string | null): PopupPost | undefined =>
  origins?.length ? { origins, message, next } : undefined;

const paramOf = (request: FastifyRequest, name: string): string => {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
};

export function oauthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, settings } = ctx.deps;
  // The session's creator's language first, then the browser's; the workspace's brand. Without a session: the browser's, ours.
  const viewerOf = (request: FastifyRequest, target: FlowTarget): Promise<Viewer> => {
    const acceptLanguage = request.headers['accept-language'];
    return target.reader ? viewerFor(db, settings, { ...target.reader, acceptLanguage }) : Promise.resolve(anonymousViewer(settings, acceptLanguage));
  };
  const showFailure = async (request: FastifyRequest, reply: FastifyReply, failure: Failure, target: FlowTarget, backUrl?: string | null) => {
    const popup = popupOf(target.allowedOrigins, failedMessage(failure.code));
    const page = failurePage(failure, { viewer: await viewerOf(request, target), backUrl, retryUrl: target.retryUrl, provider: target.provider, popup });
    return sendHtml(reply, statusOf(failure.code), page, { scripts: popupScripts(popup) });
  };
  const showConnected = async (request: FastifyRequest, reply: FastifyReply, target: FlowTarget, view: Omit<ConnectedView, 'viewer' | 'provider'>) =>
    sendHtml(reply, 200, connectedPage({ ...view, viewer: await viewerOf(request, target), provider: target.provider ?? '' }), { scripts: popupScripts(view.popup) });
  const showChoice = async (request: FastifyRequest, reply: FastifyReply, token: string, error = false) => {
    const pending = await loadChoice(ctx.deps, token);
    if (!pending.ok) return showFailure(request, reply, pending.error, pending);
    const choices = pending.value.choices.map((choice) => ({ ...choice, key: choiceKey(choice) }));
    const action = `/connect/choose/${encodeURIComponent(token)}`;
    return sendHtml(reply, error ? 400 : 200, choosePage({ viewer: await viewerOf(request, pending), provider: pending.provider ?? '', choices, action, error }));
  };

  app.get('/connect/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const result = await startAuthorization(ctx.deps, token);
    return result.ok ? reply.redirect(result.value.redirectUrl, 302) : showFailure(request, reply, result.error, result);
  });

  // "Try again" on a failure page: the same connect link's consent once more, while it is valid.
  app.get('/connect/again', async (request, reply) => {
    const result = await retryAuthorization(ctx.deps, paramOf(request, 'link'));
    return result.ok ? reply.redirect(result.value.redirectUrl, 302) : showFailure(request, reply, result.error, result);
  });

  app.get('/oauth/callback/:provider', async (request, reply) => {
    const { provider } = request.params as { provider: string };
    const parsed = callbackQuery.safeParse(request.query);
    const query = parsed.success ? parsed.data : {};
    const input = { provider, state: query.state, code: query.code, error: query.error, errorDescription: query.error_description };
    const result = await completeAuthorization(ctx.deps, input);
    if (!result.ok) {
      const backUrl = result.returnUrl ? withParams(result.returnUrl, { status: 'error', error: result.error.code }) : null;
      return showFailure(request, reply, result.error, result, backUrl);
    }
    // Committed: the connected (or reconnected) webhook, the reconnected email and the media sync can go now.
    ctx.deps.onWebhookQueued?.();
    ctx.deps.onEmailQueued?.();
    ctx.deps.onMediaSyncQueued?.();
    const { connectionId, chooseUrl, returnUrl, reconnected, account, allowedOrigins } = result.value;
    if (chooseUrl) return reply.redirect(chooseUrl, 302);
    const next = returnUrl && connectionId ? withParams(returnUrl, { connection: connectionId, status: 'connected' }) : null;
    const popup = popupOf(allowedOrigins, connectedMessage(connectionId ? [connectionId] : []), next);
    // A popup's page posts the result; without allowed origins the flow goes straight back to the platform.
    if (next && !popup) return reply.redirect(next, 302);
    return showConnected(request, reply, result, { account, reconnected, popup });
  });

  app.get('/connect/choose/:token', async (request, reply) => showChoice(request, reply, (request.params as { token: string }).token));

  app.post('/connect/choose/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const body = (request.body ?? {}) as { account?: string | string[] };
    const selected = Array.isArray(body.account) ? body.account : body.account ? [body.account] : [];
    const result = await completeChoice(ctx.deps, token, selected.slice(0, 100).map(String));
    if (!result.ok) return result.error.code === 'choice_invalid' ? showChoice(request, reply, token, true) : showFailure(request, reply, result.error, result);
    ctx.deps.onWebhookQueued?.();
    ctx.deps.onEmailQueued?.();
    ctx.deps.onMediaSyncQueued?.();
    const { connectionIds, returnUrl, names, allowedOrigins } = result.value;
    const next = returnUrl ? withParams(returnUrl, { connection: connectionIds[0]!, connections: connectionIds.join(','), status: 'connected' }) : null;
    const popup = popupOf(allowedOrigins, connectedMessage(connectionIds), next);
    if (next && !popup) return reply.redirect(next, 302);
    return showConnected(request, reply, result, { account: names, reconnected: false, popup });
  });

  app.get('/reconnect', async (request, reply) => {
    const result = await startReconnect(ctx.deps, paramOf(request, 'token'));
    if (!result.ok) return showFailure(request, reply, result.error, result);
    if ('redirectUrl' in result.value) return reply.redirect(result.value.redirectUrl, 302);
    const { provider, account } = result.value.alreadyConnected;
    return sendHtml(reply, 200, alreadyConnectedPage({ viewer: await viewerOf(request, result), provider, account, channelsUrl: '/portal' }));
  });
}
