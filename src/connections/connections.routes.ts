/** Reading connections and handing out access tokens, for the platform's backend. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendFailure } from '../platform/http/error-handler.ts';
import { pageQuery } from '../platform/http/page-query.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { connectionStatuses } from './connection.rules.ts';
import { connectionView, getConnectionView, handOutAccessToken, listConnectionEvents, listConnectionViewPage } from './connections.ts';
import { revokeConnection } from './revoke-connection.ts';
import { verifyConnectionNow } from './verify-connections.ts';

const listQuery = pageQuery().extend({
  creatorId: z.string().min(1).max(200).optional(),
  status: z.enum(connectionStatuses).optional(),
});
const idParams = z.object({ id: z.string().min(1).max(100) });
// The history listed up to 500 events, 100 by default, before lists took cursors: it still does.
const eventsQuery = pageQuery({ default: 100, max: 500 });

export function connectionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/v1/connections', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const result = await listConnectionViewPage(ctx.deps, workspace.id, parseOrThrow(listQuery, request.query));
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.get('/v1/connections/:id', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await getConnectionView(ctx.deps, workspace.id, id);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.get('/v1/connections/:id/events', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await listConnectionEvents(ctx.deps, workspace.id, id, parseOrThrow(eventsQuery, request.query));
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.post('/v1/connections/:id/verify', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const connection = await verifyConnectionNow(ctx.deps, workspace.id, id);
    return connection ? connectionView(ctx.deps, connection) : sendFailure(reply, { code: 'not_found', message: 'There is no connection with this id in this workspace.' });
  });

  app.delete('/v1/connections/:id', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await revokeConnection(ctx.deps, workspace.id, id);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.post('/v1/connections/:id/access-token', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await handOutAccessToken(ctx.deps, workspace.id, id);
    // The one response that carries a secret: never cache it anywhere.
    reply.header('cache-control', 'no-store');
    return result.ok ? result.value : sendFailure(reply, result.error);
  });
}
