/**
 * GET /metrics: the service's figures for Prometheus, summed over every workspace. No workspace label:
 * workspace ids are unbounded and each would multiply every series; a platform reads its own
 * workspace at `GET /v1/stats`. What this process counted (requests, provider calls, jobs…) comes from
 * `deps.metrics`; the gauges (metrics-gauges.ts) are read from the database at each scrape, so every
 * process answers the same. Opened by `Authorization: Bearer $METRICS_TOKEN`; without a token configured,
 * open in demo mode only and absent otherwise.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/errors.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { readQueueDepths } from '../platform/queue-depth.ts';
import { metricFamilies, queueFamilies } from './metrics-gauges.ts';
import { computeServiceMetrics } from './stats.ts';

export interface MetricsAccess {
  token: string | undefined;
  /** Serve without a token (demo mode). */
  openWithoutToken: boolean;
}

export function metricsRoutes(app: FastifyInstance, ctx: RouteContext, access: MetricsAccess): void {
  app.get('/metrics', async (request, reply) => {
    checkAccess(request, access);
    const [service, queues] = await Promise.all([computeServiceMetrics(ctx.deps), readQueueDepths(ctx.deps.db)]);
    const providers = ctx.deps.providers.all().map((p) => p.id);
    const text = await ctx.deps.metrics.exposition([...metricFamilies(service, providers), ...queueFamilies(queues)]);
    return reply.type(ctx.deps.metrics.contentType).header('cache-control', 'no-store').send(text);
  });
}

function checkAccess(request: FastifyRequest, access: MetricsAccess): void {
  if (!access.token) {
    if (access.openWithoutToken) return;
    throw new AppError('not_found', 'Metrics are off: set METRICS_TOKEN to serve them.');
  }
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  // Compare digests: equal lengths for timingSafeEqual, and no timing hint about the token.
  const digest = (text: string) => crypto.createHash('sha256').update(text).digest();
  if (!crypto.timingSafeEqual(digest(given), digest(access.token))) throw new AppError('unauthorized', 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".');
}
