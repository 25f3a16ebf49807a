/** The creator-facing connect flow: open a connect link, come back from the provider, or follow a reconnect email. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type Failure, statusOf } from '../kernel/errors.ts';
import { sendHtml } from '../platform/http/html-reply.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { choiceKey, completeChoice, loadChoice } from './choose-accounts.ts';
import { completeAuthorization } from './complete-oauth.ts';
import { choosePage, connectedPage, failurePage, type PopupPost, popupScripts } from './connect.page.ts';
import { type ConnectResultMessage, connectedMessage, failedMessage } from './connect-popup.rules.ts';
import { startAuthorization, startReconnect } from './connect-session.ts';

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

export function oauthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const productName = ctx.deps.settings.productName;
  const showFailure = (reply: FastifyReply, failure: Failure, backUrl?: string | null, allowedOrigins?: string[] | null) => {
    const popup = popupOf(allowedOrigins, failedMessage(failure.code));
    return sendHtml(reply, statusOf(failure.code), failurePage(failure, { productName, backUrl, popup }), { scripts: popupScripts(popup) });
  };
  const showConnected = (reply: FastifyReply, view: Omit<Parameters<typeof connectedPage>[0], 'productName'>) =>
    sendHtml(reply, 200, connectedPage({ ...view, productName }), { scripts: popupScripts(view.popup) });

  app.get('/connect/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const result = await startAuthorization(ctx.deps, token);
    return result.ok ? reply.redirect(result.value.redirectUrl, 302) : showFailure(reply, result.error, null, result.allowedOrigins);
  });

  app.get('/oauth/callback/:provider', async (request, reply) => {
    const { provider } = request.params as { provider: string };
    const parsed = callbackQuery.safeParse(request.query);
    const query = parsed.success ? parsed.data : {};
    const result = await completeAuthorization(ctx.deps, {
      provider,
      state: query.state,
      code: query.code,
      error: query.error,
      errorDescription: query.error_description,
    });
    if (!result.ok) {
      const backUrl = result.returnUrl ? withParams(result.returnUrl, { status: 'error', error: result.error.code }) : null;
      return showFailure(reply, result.error, backUrl, result.allowedOrigins);
    }
    // Committed: the connected (or reconnected) webhook, the reconnected email and the media sync can go now.
    ctx.deps.onWebhookQueued?.();
    ctx.deps.onEmailQueued?.();
    ctx.deps.onMediaSyncQueued?.();
    const { connectionId, chooseUrl, returnUrl, reconnected, account, network, allowedOrigins } = result.value;
    if (chooseUrl) return reply.redirect(chooseUrl, 302);
    const next = returnUrl && connectionId ? withParams(returnUrl, { connection: connectionId, status: 'connected' }) : null;
    const popup = popupOf(allowedOrigins, connectedMessage(connectionId ? [connectionId] : []), next);
    // A popup's page posts the result; without allowed origins the flow goes straight back to the platform.
    if (next && !popup) return reply.redirect(next, 302);
    return showConnected(reply, { network, account, reconnected, popup });
  });

  app.get('/connect/choose/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const result = await loadChoice(ctx.deps, token);
    if (!result.ok) return showFailure(reply, result.error, null, result.allowedOrigins);
    const choices = result.value.choices.map((choice) => ({ ...choice, key: choiceKey(choice) }));
    return sendHtml(reply, 200, choosePage({ network: result.value.network, choices, action: `/connect/choose/${encodeURIComponent(token)}`, productName }));
  });

  app.post('/connect/choose/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const body = (request.body ?? {}) as { account?: string | string[] };
    const selected = Array.isArray(body.account) ? body.account : body.account ? [body.account] : [];
    const result = await completeChoice(ctx.deps, token, selected.slice(0, 100).map(String));
    if (!result.ok) {
      if (result.error.code !== 'choice_invalid') return showFailure(reply, result.error, null, result.allowedOrigins);
      const pending = await loadChoice(ctx.deps, token);
      if (!pending.ok) return showFailure(reply, pending.error, null, pending.allowedOrigins);
      const choices = pending.value.choices.map((choice) => ({ ...choice, key: choiceKey(choice) }));
      const form = choosePage({
        network: pending.value.network,
        choices,
        action: `/connect/choose/${encodeURIComponent(token)}`,
        productName,
        error: 'Choose at least one account.',
      });
      return sendHtml(reply, 400, form);
    }
    ctx.deps.onWebhookQueued?.();
    ctx.deps.onEmailQueued?.();
    ctx.deps.onMediaSyncQueued?.();
    const { connectionIds, returnUrl, network, names, allowedOrigins } = result.value;
    const next = returnUrl ? withParams(returnUrl, { connection: connectionIds[0]!, connections: connectionIds.join(','), status: 'connected' }) : null;
    const popup = popupOf(allowedOrigins, connectedMessage(connectionIds), next);
    if (next && !popup) return reply.redirect(next, 302);
    return showConnected(reply, { network, account: names.join(', '), reconnected: false, popup });
  });

  app.get('/reconnect', async (request, reply) => {
    const { token } = request.query as { token?: string };
    const result = await startReconnect(ctx.deps, typeof token === 'string' ? token : '');
    return result.ok ? reply.redirect(result.value.redirectUrl, 302) : showFailure(reply, result.error);
  });
}
