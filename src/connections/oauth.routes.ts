/** The creator-facing connect flow: open a connect link, come back from the provider, or follow a reconnect email. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type Failure, statusOf } from '../kernel/errors.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { choiceKey, completeChoice, loadChoice } from './choose-accounts.ts';
import { completeAuthorization } from './complete-oauth.ts';
import { choosePage, connectedPage, failurePage } from './connect.page.ts';
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

export function oauthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const productName = ctx.deps.settings.productName;
  const showFailure = (reply: FastifyReply, failure: Failure, backUrl?: string | null) =>
    reply.code(statusOf(failure.code)).type('text/html; charset=utf-8').send(failurePage(failure, { productName, backUrl }));

  app.get('/connect/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const result = await startAuthorization(ctx.deps, token);
    return result.ok ? reply.redirect(result.value.redirectUrl, 302) : showFailure(reply, result.error);
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
      return showFailure(reply, result.error, backUrl);
    }
    // Committed: the connected (or reconnected) webhook, the reconnected email and the media sync can go now.
    ctx.deps.onWebhookQueued?.();
    ctx.deps.onEmailQueued?.();
    ctx.deps.onMediaSyncQueued?.();
    const { connectionId, chooseUrl, returnUrl, reconnected, username, network } = result.value;
    if (chooseUrl) return reply.redirect(chooseUrl, 302);
    if (returnUrl && connectionId) return reply.redirect(withParams(returnUrl, { connection: connectionId, status: 'connected' }), 302);
    return reply.type('text/html; charset=utf-8').send(connectedPage({ network, username, reconnected, productName }));
  });

  app.get('/connect/choose/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const result = await loadChoice(ctx.deps, token);
    if (!result.ok) return showFailure(reply, result.error);
    const choices = result.value.choices.map((choice) => ({ ...choice, key: choiceKey(choice) }));
    return reply.type('text/html; charset=utf-8').send(choosePage({ network: result.value.network, choices, action: `/connect/choose/${encodeURIComponent(token)}`, productName }));
  });

  app.post('/connect/choose/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const body = (request.body ?? {}) as { account?: string | string[] };
    const selected = Array.isArray(body.account) ? body.account : body.account ? [body.account] : [];
    const result = await completeChoice(ctx.deps, token, selected.slice(0, 100).map(String));
    if (!result.ok) {
      if (result.error.code !== 'choice_invalid') return showFailure(reply, result.error);
      const pending = await loadChoice(ctx.deps, token);
      if (!pending.ok) return showFailure(reply, pending.error);
      const choices = pending.value.choices.map((choice) => ({ ...choice, key: choiceKey(choice) }));
      const form = choosePage({
        network: pending.value.network,
        choices,
        action: `/connect/choose/${encodeURIComponent(token)}`,
        productName,
        error: 'Choose at least one account.',
      });
      return reply.code(400).type('text/html; charset=utf-8').send(form);
    }
    ctx.deps.onWebhookQueued?.();
    ctx.deps.onEmailQueued?.();
    ctx.deps.onMediaSyncQueued?.();
    const { connectionIds, returnUrl, network, names } = result.value;
    if (returnUrl) return reply.redirect(withParams(returnUrl, { connection: connectionIds[0]!, connections: connectionIds.join(','), status: 'connected' }), 302);
    return reply.type('text/html; charset=utf-8').send(connectedPage({ network, username: names.join(', '), reconnected: false, productName }));
  });

  app.get('/reconnect', async (request, reply) => {
    const { token } = request.query as { token?: string };
    const result = await startReconnect(ctx.deps, typeof token === 'string' ? token : '');
    return result.ok ? reply.redirect(result.value.redirectUrl, 302) : showFailure(reply, result.error);
  });
}
