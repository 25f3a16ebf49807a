/** GET /healthz: 200 when the database answers, 503 otherwise. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';

export function healthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.deps.db);
      return { status: 'ok', database: ctx.databaseKind };
    } catch {
      return sendFailure(reply, { code: 'database_unavailable' });
    }
  });
}
