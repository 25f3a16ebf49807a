/** A connection's media, newest first, and asking for a sync now. */
import type { FastifyInstance } from 'fastify';
import { findConnection } from '../connections/index.ts';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import { pageQuery } from '../platform/http/page-query.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { idParams } from '../platform/http/schemas.ts';
import { mediaPageSchema, mediaSyncSchema } from './media.schemas.ts';
import { listConnectionMedia, requestMediaSync } from './media.ts';

export function mediaRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'GET',
    url: '/v1/connections/:id/media',
    operationId: 'listConnectionMedia',
    summary: "A connection's media, newest first",
    tag: 'Media',
    params: idParams,
    query: pageQuery(),
    responses: { 200: { description: 'A page of media.', schema: mediaPageSchema } },
    errors: ['not_found'],
    handler: async ({ reply, workspace, params, query }) => {
      const result = await listConnectionMedia(ctx.deps, await findConnection(ctx.deps.db, workspace.id, params.id), query);
      return result.ok ? result.value : sendFailure(reply, result.error);
    },
  });

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/connections/:id/media-sync',
    operationId: 'requestMediaSync',
    summary: 'Sync a connection’s media now',
    description: 'Queues a sync unless one is already queued or running (409 `media_sync_in_progress`, naming it in `details.sync`).',
    tag: 'Media',
    params: idParams,
    responses: { 202: { description: 'The sync, queued.', schema: mediaSyncSchema } },
    errors: ['not_found', 'reconnect_required', 'media_sync_in_progress'],
    handler: async ({ reply, workspace, params }) => {
      const result = await requestMediaSync(ctx.deps, await findConnection(ctx.deps.db, workspace.id, params.id));
      return result.ok ? reply.code(202).send(result.value) : sendFailure(reply, result.error);
    },
  });
}
