/** A connection's media, newest first, and asking for a sync now. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findConnection } from '../connections/index.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import { pageQuery } from '../platform/http/page-query.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { listConnectionMedia, requestMediaSync } from './media.ts';

const idParams = z.object({ id: z.string().min(1).max(100) });

export function mediaRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/v1/connections/:id/media', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const query = parseOrThrow(pageQuery(), request.query);
    const result = await listConnectionMedia(ctx.deps, await findConnection(ctx.deps.db, workspace.id, id), query);
    return result.ok ? result.value : sendFailure(reply, result.error);
  });

  app.post('/v1/connections/:id/media-sync', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await requestMediaSync(ctx.deps, await findConnection(ctx.deps.db, workspace.id, id));
    return result.ok ? reply.code(202).send(result.value) : sendFailure(reply, result.error);
  });
}
