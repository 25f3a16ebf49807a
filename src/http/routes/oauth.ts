/** The creator-facing connect flow: open a connect link, come back from the provider, or follow a reconnect email. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { completeAuthorization } from '../../app/complete-oauth.ts';
import { startAuthorization, startReconnect } from '../../app/connect-session.ts';
import { statusOf, type Failure } from '../../domain/errors.ts';
import { connectedPage, failurePage } from '../pages/connect-pages.ts';
import type { RouteContext } from '../app.ts';

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
    // Committed: the connected (or reconnected) webhook can go now.
    ctx.deps.onWebhookQueued?.();
    const { connectionId, returnUrl, reconnected, username, network } = result.value;
    if (returnUrl) return reply.redirect(withParams(returnUrl, { connection: connectionId, status: 'connected' }), 302);
    return reply.type('text/html; charset=utf-8').send(connectedPage({ network, username, reconnected, productName }));
  });

  app.get('/reconnect', async (request, reply) => {
    const { token } = request.query as { token?: string };
    const result = await startReconnect(ctx.deps, typeof token === 'string' ? token : '');
    return result.ok ? reply.redirect(result.value.redirectUrl, 302) : showFailure(reply, result.error);
  });
}
