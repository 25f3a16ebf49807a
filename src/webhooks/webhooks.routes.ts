/** The workspace's webhook endpoints and its delivery log, for the platform's backend. */
import type { FastifyInstance } from 'fastify';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { redeliverWebhook } from './redeliver-webhook.ts';
import { createEndpointBody, deliveriesQuery, deliveryParams, endpointParams, endpointsQuery, patchEndpointBody, putBody } from './webhook.schemas.ts';
import { listWebhookDeliveries } from './webhook-deliveries.ts';
import { createWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints, patchWebhookEndpoint, removeWebhookEndpoint, rotateEndpointSecret } from './webhook-endpoints.ts';
import { getDefaultWebhookEndpoint, removeDefaultWebhookEndpoint, rotateDefaultWebhookSecret, setWebhookEndpoint } from './webhook-settings.ts';
import { webhookDeliveryPageSchema, webhookDeliverySchema, webhookEndpointPageSchema, webhookEndpointSchema, webhookEndpointWithSecretSchema } from './webhook-views.schemas.ts';

const tag = 'Webhooks';

const signing =
  'Requests are signed as [Standard Webhooks](https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md) defines (`webhook-id`, `webhook-timestamp`, `webhook-signature`), so any of its libraries verifies them with the endpoint’s secret.';

const urlRules =
  'The URL must be absolute `http(s)` without a user name or password, `https` in production, and not at a special-purpose address (this machine’s own, loopback, private, link-local, unique-local, documentation, reserved, multicast, in any spelling; the operator may allow the private ones): else 400 `invalid_request` naming the problem.';

const eventTypeRules =
  '`eventTypes` names types of the closed list; an unknown one is a 400 `invalid_request` naming it, and an empty list is refused (leave it out for every type).';

const rotation =
  'The new `secret` is shown once (`Cache-Control: no-store`). It signs every later attempt at once, and for **24 hours** the secret it replaces signs too: `webhook-signature` then holds both (`v1,<new> v1,<old>`), so a receiver holding either verifies the request; `previousSecretExpiresAt` says until when. Rotating again within the 24 hours keeps only the secret just replaced beside the new one. The deprecated `Channelkeeper-Signature` carries one signature, with the current secret.';

export function webhookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // The single-endpoint routes: they address the workspace's default (oldest) endpoint.
  apiRoute(app, ctx, {
    method: 'PUT',
    url: '/v1/webhook',
    operationId: 'putWebhook',
    summary: 'Set the URL of the default webhook endpoint',
    description: `The single-endpoint route from before a workspace could have several: it addresses the workspace’s **default endpoint, its oldest**. The first \`PUT\` creates it (every event type) and answers 201 with its \`secret\`, shown **once** (\`Cache-Control: no-store\`); \`PUT\` again changes its URL and keeps the secret (200, no \`secret\`). An endpoint created this way also gets the deprecated \`Channelkeeper-Signature\` header beside the standard ones. ${signing}

${urlRules}`,
    tag,
    body: bodyOrEmpty(putBody),
    responses: {
      200: { description: 'The default endpoint, its URL changed; the secret is kept and not shown.', schema: webhookEndpointSchema },
      201: { description: 'The default endpoint, created now, with its secret (shown once).', schema: webhookEndpointWithSecretSchema },
    },
    // not_found: the default endpoint was deleted while its URL was being changed.
    errors: ['invalid_request', 'not_found'],
    handler: async ({ reply, workspace, body }) => {
      const result = await setWebhookEndpoint(ctx.deps, workspace.id, body.url);
      if (!result.ok) return sendFailure(reply, result.error);
      // The one answer carrying the secret (first set): never cache it.
      if (result.value.secret) reply.code(201).header('cache-control', 'no-store');
      return result.value;
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/webhook',
    operationId: 'getWebhook',
    summary: 'Get the default webhook endpoint',
    description: 'The workspace’s default endpoint, its oldest, without its secret. 404 `not_found` when the workspace has no endpoint.',
    tag,
    responses: { 200: { description: 'The default endpoint.', schema: webhookEndpointSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace }) => {
      const result = await getDefaultWebhookEndpoint(ctx.deps, workspace.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/webhook/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: 'Rotate the default webhook endpoint’s secret',
    description: `Rotates the signing secret of the workspace’s default endpoint, its oldest (404 \`not_found\` when it has none). ${rotation}`,
    tag,
    responses: { 200: { description: 'The default endpoint with its new secret (shown once).', schema: webhookEndpointWithSecretSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace }) => {
      const result = await rotateDefaultWebhookSecret(ctx.deps, workspace.id);
      if (!result.ok) return sendFailure(reply, result.error);
      reply.header('cache-control', 'no-store');
      return result.value;
    },
  });

  apiRoute(app, ctx, {
    method: 'DELETE',
    url: '/v1/webhook',
    operationId: 'deleteWebhook',
    summary: 'Delete the default webhook endpoint',
    description:
      'Deletes the workspace’s default endpoint, its oldest, and cancels its pending deliveries; the next oldest endpoint, if any, becomes the default. 204 also when there is none.',
    tag,
    responses: { 204: { description: 'Deleted, or there was none.' } },
    handler: async ({ reply, workspace }) => {
      await removeDefaultWebhookEndpoint(ctx.deps, workspace.id);
      return reply.code(204).send();
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/webhook-endpoints',
    operationId: 'createWebhookEndpoint',
    summary: 'Create a webhook endpoint',
    description: `A new endpoint with its URL, optional description and event-type filter, and its own signing secret, shown **once** in this answer (\`Cache-Control: no-store\`); it is sealed at rest and never shown again (\`secretHint\` tells secrets apart). \`eventTypes\` left out means every type, those added later included. ${signing} Endpoints created here get only the standard headers.

${eventTypeRules} ${urlRules} A workspace holds at most 20 endpoints (409 \`webhook_endpoint_limit\`).`,
    tag,
    body: bodyOrEmpty(createEndpointBody),
    responses: { 201: { description: 'The endpoint, with its secret (shown once).', schema: webhookEndpointWithSecretSchema } },
    errors: ['invalid_request', 'webhook_endpoint_limit'],
    handler: async ({ reply, workspace, body }) => {
      const result = await createWebhookEndpoint(ctx.deps, workspace.id, body);
      if (!result.ok) return sendFailure(reply, result.error);
      return reply.code(201).header('cache-control', 'no-store').send(result.value);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    summary: 'List the workspace’s webhook endpoints, oldest first',
    description:
      'Oldest first, so the default endpoint (the one the `/v1/webhook` routes address) leads; no secrets. `limit` 1–200 (default 50); pass `nextCursor` as `cursor` for the next page.',
    tag,
    query: endpointsQuery,
    responses: { 200: { description: 'A page of the endpoints.', schema: webhookEndpointPageSchema } },
    // invalid_request: also a cursor that is not from a previous page.
    errors: ['invalid_request'],
    handler: async ({ reply, workspace, query }) => {
      const result = await listWebhookEndpoints(ctx.deps, workspace.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/webhook-endpoints/:id',
    operationId: 'getWebhookEndpoint',
    summary: 'Get a webhook endpoint',
    description: 'The endpoint, without its secret. 404 `not_found` for an unknown id or another workspace’s.',
    tag,
    params: endpointParams,
    responses: { 200: { description: 'The endpoint.', schema: webhookEndpointSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const result = await getWebhookEndpoint(ctx.deps, workspace.id, params.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'PATCH',
    url: '/v1/webhook-endpoints/:id',
    operationId: 'updateWebhookEndpoint',
    summary: 'Change a webhook endpoint',
    description: `Changes what is given: \`url\`, \`eventTypes\` (\`null\`: every type again), \`description\` (\`null\` clears it), \`legacySignatureHeader: false\` (stops the deprecated \`Channelkeeper-Signature\` header once the receiver verifies the standard ones). The secret is unchanged: rotate it with \`POST /v1/webhook-endpoints/{id}/rotate-secret\`.

${eventTypeRules} ${urlRules}`,
    tag,
    params: endpointParams,
    body: bodyOrEmpty(patchEndpointBody),
    responses: { 200: { description: 'The endpoint, changed.', schema: webhookEndpointSchema } },
    errors: ['invalid_request', 'not_found'],
    handler: async ({ reply, workspace, params, body }) => {
      const result = await patchWebhookEndpoint(ctx.deps, workspace.id, params.id, body);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'DELETE',
    url: '/v1/webhook-endpoints/:id',
    operationId: 'deleteWebhookEndpoint',
    summary: 'Delete a webhook endpoint',
    description:
      'Deletes the endpoint; its pending deliveries become `cancelled`, and later changes queue none for it. 404 `not_found` when there is no such endpoint in this workspace.',
    tag,
    params: endpointParams,
    responses: { 204: { description: 'Deleted.' } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const { removed } = await removeWebhookEndpoint(ctx.deps, workspace.id, params.id);
      return removed ? reply.code(204).send() : sendFailure(reply, { code: 'not_found', message: 'No webhook endpoint with this id in this workspace.' });
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/webhook-endpoints/:id/rotate-secret',
    operationId: 'rotateWebhookEndpointSecret',
    summary: 'Rotate a webhook endpoint’s secret',
    description: `${rotation} 404 \`not_found\` for an unknown id or another workspace’s.`,
    tag,
    params: endpointParams,
    responses: { 200: { description: 'The endpoint with its new secret (shown once).', schema: webhookEndpointWithSecretSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const result = await rotateEndpointSecret(ctx.deps, workspace.id, params.id);
      if (!result.ok) return sendFailure(reply, result.error);
      reply.header('cache-control', 'no-store');
      return result.value;
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/webhook-deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log, newest first',
    description:
      'What was sent, when, and how each attempt went: one delivery per event and endpoint, its `id` the `webhook-id` its requests carry. Deliveries are retried after 1, 2, 4, 8, 16, 32 minutes, then hourly, until 24 hours after the event, when they are marked `failed`; delivery is at least once and order is not guaranteed, so deduplicate on `webhook-id`. Filter by `status`; `limit` 1–200 (default 50); pass `nextCursor` as `cursor` for the next (older) page. An attempt’s `error` is a short reason (`HTTP 503`, `timeout`, `ECONNREFUSED`), never the receiver’s answer.',
    tag,
    query: deliveriesQuery,
    responses: { 200: { description: 'A page of the deliveries, newest first.', schema: webhookDeliveryPageSchema } },
    // invalid_request: also a cursor that is not from a previous page.
    errors: ['invalid_request'],
    handler: async ({ reply, workspace, query }) => {
      const result = await listWebhookDeliveries(ctx.deps, workspace.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/webhook-deliveries/:id/redeliver',
    operationId: 'redeliverWebhook',
    summary: 'Send a delivery again',
    description:
      'Whatever its status, the delivery becomes `pending`, due now, and the worker sends it to its own endpoint with the **same `webhook-id`** and body, a new `webhook-timestamp` and signature (a receiver that already handled it recognises it by its `webhook-id`). It is one more attempt of that delivery, so its retries still end 24 hours after the event: a redelivery of an older event that fails is `failed` again at once. 404 `not_found` for an unknown id or another workspace’s; 409 `webhook_endpoint_removed` when its endpoint has been deleted.',
    tag,
    params: deliveryParams,
    responses: { 202: { description: 'The delivery, pending and due now.', schema: webhookDeliverySchema } },
    errors: ['not_found', 'webhook_endpoint_removed'],
    handler: async ({ reply, workspace, params }) => {
      const result = await redeliverWebhook(ctx.deps, workspace.id, params.id);
      return result.ok ? reply.code(202).send(result.value) : sendFailure(reply, result.error);
    },
  });
}
