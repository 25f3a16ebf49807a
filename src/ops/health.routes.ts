/**
 * Alive and ready, apart, for orchestrators: `GET /healthz` answers while the process and its
 * database answer (restart it when not); `GET /readyz` answers 200 only when it can do its work
 * (send it traffic only then): migrations applied, the key ring opens the data, the queue running.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendDatabaseUnavailable, sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import type { Readiness } from '../platform/readiness.ts';
import { healthSchema, readySchema } from './health.schemas.ts';

export function healthRoutes(app: FastifyInstance, ctx: RouteContext, readiness: Readiness): void {
  apiRoute(app, ctx, {
    method: 'GET',
    url: '/healthz',
    operationId: 'getHealth',
    summary: 'Alive: the process and its database answer',
    description: 'No API key. 503 `database_unavailable` (with `Retry-After`) while the database does not answer. For readiness to take traffic, ask `GET /readyz`.',
    tag: 'Operations',
    auth: false,
    responses: { 200: { description: 'The process and its database answer.', schema: healthSchema } },
    errors: ['database_unavailable'],
    handler: async ({ reply }) => {
      try {
        await sql`select 1`.execute(ctx.deps.db);
        return { status: 'ok' as const, database: ctx.databaseKind };
      } catch {
        return sendDatabaseUnavailable(reply);
      }
    },
  });

  apiRoute(app, ctx, {
    method: 'GET',
    url: '/readyz',
    operationId: 'getReadiness',
    summary: 'Ready: this process can do its work',
    description:
      'No API key. 200 when every check passes; 503 `not_ready` otherwise, with every check and its sentence in `details.checks`. A process that stays not ready needs an operator (a key missing from ENCRYPTION_KEYS, a migration that failed); one that loses its database recovers by itself when the database answers again.',
    tag: 'Operations',
    auth: false,
    responses: { 200: { description: 'Every check passes.', schema: readySchema } },
    errors: ['not_ready'],
    handler: async ({ reply }) => {
      const report = await readiness.report();
      if (report.ready) return { status: 'ready' as const, checks: report.checks };
      const failed = Object.entries(report.checks).filter(([, check]) => !check.ok);
      return sendFailure(reply, {
        code: 'not_ready',
        message: `Not ready: ${failed.map(([name, check]) => `${name}: ${check.message}`).join(' ')}`,
        details: { checks: report.checks },
      });
    },
  });
}
