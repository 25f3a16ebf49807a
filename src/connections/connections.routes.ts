/** Reading connections and handing out access tokens, for the platform's backend. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import { pageQuery } from '../platform/http/page-query.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { idParams } from '../platform/http/schemas.ts';
import { connectionStatuses } from './connection.rules.ts';
import { accessTokenSchema, connectionEventListSchema, connectionListSchema, connectionSchema, revokedConnectionSchema } from './connections.schemas.ts';
import { connectionView, getConnectionView, handOutAccessToken, listConnectionEvents, listConnectionViewPage } from './connections.ts';
import { revokeConnection } from './revoke-connection.ts';
import { verifyConnectionNow } from './verify-connections.ts';

const listQuery = pageQuery().extend({
  creatorId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Only this creator’s connections.', examples: ['c1'] }),
  status: z.enum(connectionStatuses).optional().meta({ description: 'Only connections in this status.' }),
});
// The history listed up to 500 events, 100 by default, before lists took cursors: it still does.
const eventsQuery = pageQuery({ default: 100, max: 500 });

export function connectionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/connections',
    operationId: 'listConnections',
    summary: 'List the workspace’s connections, oldest first',
    tag: 'Connections',
    query: listQuery,
    responses: { 200: { description: 'The connections.', schema: connectionListSchema } },
    errors: ['invalid_request'],
    handler: async ({ reply, workspace, query }) => {
      const result = await listConnectionViewPage(ctx.deps, workspace.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/connections/:id',
    operationId: 'getConnection',
    summary: 'Get a connection',
    tag: 'Connections',
    params: idParams,
    responses: { 200: { description: 'The connection.', schema: connectionSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const result = await getConnectionView(ctx.deps, workspace.id, params.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/connections/:id/events',
    operationId: 'listConnectionEvents',
    summary: 'A connection’s history, newest first',
    description:
      '`connected`, `reconnected`, `refreshed`, `refresh_failed` (with the provider’s code and the next attempt), `expiring`, `disconnected` (with the reason), `data_erased` (the network asked for the person’s data to be deleted). Never a token.',
    tag: 'Connections',
    params: idParams,
    query: eventsQuery,
    responses: { 200: { description: 'The latest events, newest first.', schema: connectionEventListSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params, query }) => {
      const result = await listConnectionEvents(ctx.deps, workspace.id, params.id, query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/connections/:id/verify',
    operationId: 'verifyConnection',
    summary: 'Verify a connection with its network now',
    description:
      'When your own call to the network fails with an auth error, call this: Channelkeeper asks the network itself (it does not take the report on trust), and if the token is dead the connection is disconnected with its reason and the creator gets the reconnect email. An inconclusive check (the network not answering) changes nothing, and a connection already disconnected is not checked again. Answers the connection as it stands after the check.',
    tag: 'Connections',
    params: idParams,
    responses: { 200: { description: 'The connection after the check.', schema: connectionSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params }) => {
      const connection = await verifyConnectionNow(ctx.deps, workspace.id, params.id);
      return connection ? connectionView(ctx.deps, connection) : sendFailure(reply, { code: 'not_found', message: 'There is no connection with this id in this workspace.' });
    },
  });

  apiRoute(app, ctx, {
    method: 'DELETE',
    url: '/v1/connections/:id',
    operationId: 'deleteConnection',
    summary: 'Disconnect a connection and revoke its grant',
    description:
      'Revokes the grant at the network where it offers a way (TikTok, Google, Facebook; Instagram Login and Pinterest have none for user tokens, so `revokedAtProvider` is `false` and the creator removes the app in the network’s settings), deletes the sealed tokens and keeps the connection and its history, `disconnected` with reason `disconnected_on_request`. A Facebook login shared by several connections is revoked at Facebook with the last of them. Calling it again answers the same and changes nothing. If the network does not answer, nothing changes and the answer is 503 `provider_unavailable`.',
    tag: 'Connections',
    params: idParams,
    responses: { 200: { description: 'The connection, disconnected.', schema: revokedConnectionSchema } },
    errors: ['not_found', 'provider_unavailable'],
    handler: async ({ reply, workspace, params }) => {
      const result = await revokeConnection(ctx.deps, workspace.id, params.id);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/connections/:id/access-token',
    operationId: 'getAccessToken',
    summary: 'Hand out the connection’s access token',
    description:
      'The one answer that carries a secret, sent with `Cache-Control: no-store`. The token is decrypted at call time. For TikTok, YouTube and Pinterest, an access token with less than five minutes left is refreshed first (one refresh across all processes, however many ask at once), so the token is always usable; if the network does not renew it just then, 503 `provider_unavailable`. For Facebook connections it is the Page token. A disconnected connection, or one whose grant has ended, answers 409 `reconnect_required` with `details.reason`. Every hand-out is counted per connection and day for audit. Ask for the token right before using it: it changes at every refresh.',
    tag: 'Connections',
    params: idParams,
    responses: { 200: { description: 'The access token.', schema: accessTokenSchema } },
    errors: ['not_found', 'reconnect_required', 'provider_unavailable'],
    handler: async ({ reply, workspace, params }) => {
      const result = await handOutAccessToken(ctx.deps, workspace.id, params.id);
      // The one response that carries a secret: never cache it anywhere.
      reply.header('cache-control', 'no-store');
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });
}
