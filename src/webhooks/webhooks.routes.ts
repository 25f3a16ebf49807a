/** The workspace's webhook endpoints and its delivery log, for the platform's backend. */
import type { FastifyInstance } from 'fastify';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { redeliverWebhook } from './redeliver-webhook.ts';
import { createEndpointBody, deliveriesQuery, endpointsQuery, idParams, patchEndpointBody, putBody } from './webhook.schemas.ts';
import { listWebhookDeliveries } from './webhook-deliveries.ts';
import { createWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints, patchWebhookEndpoint, removeWebhookEndpoint, rotateEndpointSecret } from './webhook-endpoints.ts';
import { getDefaultWebhookEndpoint, removeDefaultWebhookEndpoint, rotateDefaultWebhookSecret, setWebhookEndpoint } from './webhook-settings.ts';

export function webhookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // The single-endpoint routes: they address the workspace's default (oldest) endpoint.
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
    const result = await getDefaultWebhookEndpoint(ctx.deps, workspace.id);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.post('/v1/webhook/rotate-secret', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const result = await rotateDefaultWebhookSecret(ctx.deps, workspace.id);
    if (!result.ok) return sendFailure(reply, result.error);
    reply.header('cache-control', 'no-store');
    return result.value;
  });

  app.delete('/v1/webhook', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    await removeDefaultWebhookEndpoint(ctx.deps, workspace.id);
    return reply.code(204).send();
  });

  app.post('/v1/webhook-endpoints', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const result = await createWebhookEndpoint(ctx.deps, workspace.id, parseOrThrow(createEndpointBody, request.body ?? {}));
    if (!result.ok) return sendFailure(reply, result.error);
    return reply.code(201).header('cache-control', 'no-store').send(result.value);
  });

  app.get('/v1/webhook-endpoints', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const result = await listWebhookEndpoints(ctx.deps, workspace.id, parseOrThrow(endpointsQuery, request.query));
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.get('/v1/webhook-endpoints/:id', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await getWebhookEndpoint(ctx.deps, workspace.id, id);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.patch('/v1/webhook-endpoints/:id', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await patchWebhookEndpoint(ctx.deps, workspace.id, id, parseOrThrow(patchEndpointBody, request.body ?? {}));
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.delete('/v1/webhook-endpoints/:id', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const { removed } = await removeWebhookEndpoint(ctx.deps, workspace.id, id);
    return removed ? reply.code(204).send() : sendFailure(reply, { code: 'not_found', message: 'No webhook endpoint with this id in this workspace.' });
  });

  app.post('/v1/webhook-endpoints/:id/rotate-secret', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await rotateEndpointSecret(ctx.deps, workspace.id, id);
    if (!result.ok) return sendFailure(reply, result.error);
    reply.header('cache-control', 'no-store');
    return result.value;
  });

  app.get('/v1/webhook-deliveries', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const query = parseOrThrow(deliveriesQuery, request.query);
    const result = await listWebhookDeliveries(ctx.deps, workspace.id, query);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.post('/v1/webhook-deliveries/:id/redeliver', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await redeliverWebhook(ctx.deps, workspace.id, id);
    return result.ok ? reply.code(202).send(result.value) : sendFailure(reply, result.error);
  });
}
