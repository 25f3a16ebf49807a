/** The workspace's webhook endpoint and its delivery log, for the platform's backend. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { listWebhookDeliveries } from './webhook-deliveries.ts';
import { getWebhookEndpoint, removeWebhookEndpoint, rotateWebhookSecret, setWebhookEndpoint } from './webhook-settings.ts';

const putBody = z.object({ url: z.string({ error: 'required: an absolute http(s) URL' }).min(1).max(2000) }).strict();
const deliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export function webhookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.put('/v1/webhook', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { url } = parseOrThrow(putBody, request.body ?? {});
    const result = await setWebhookEndpoint(ctx.deps, workspace.id, url);
    if (!result.ok) return sendFailure(reply, result.error);
    // The one answer carrying the secret (first set): never cache it.
    if (result.value.secret) reply.code(201).header('cache-control', 'no-store');
    return result.value;
  });

  app.get('/v1/webhook', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const result = await getWebhookEndpoint(ctx.deps, workspace.id);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.post('/v1/webhook/rotate-secret', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const result = await rotateWebhookSecret(ctx.deps, workspace.id);
    if (!result.ok) return sendFailure(reply, result.error);
    reply.header('cache-control', 'no-store');
    return result.value;
  });

  app.delete('/v1/webhook', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    await removeWebhookEndpoint(ctx.deps, workspace.id);
    return reply.code(204).send();
  });

  app.get('/v1/webhook-deliveries', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const query = parseOrThrow(deliveriesQuery, request.query);
    const result = await listWebhookDeliveries(ctx.deps, workspace.id, query);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });
}
