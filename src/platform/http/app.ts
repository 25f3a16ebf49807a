/**
 * buildApp(deps): the HTTP surface, separate from listen() so tests drive it with inject(). It knows
 * no feature: the routes come in as a list (src/routes.ts says which).
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';
import { createAuthenticator } from './auth.ts';
import { configureBodyParsers } from './body-parsers.ts';
import { errorHandler, sendFailure } from './error-handler.ts';
import { frameworkErrorOptions } from './framework-errors.ts';
import { idempotency } from './idempotency.ts';
import { observeRequests } from './observe-requests.ts';
import { registerOpenApi, serveOpenApi } from './openapi.ts';
import { limitApiRate } from './rate-limit.ts';
import { echoRequestId, requestIdOptions } from './request-id.ts';
import type { RegisterRoutes, RouteContext } from './route-context.ts';

export interface AppOptions {
  databaseKind: string;
  /** Tests: check every answer of a declared operation against its schema. */
  checkResponses?: boolean;
  /** Every feature's routes, in registration order. */
  routes: readonly RegisterRoutes[];
  /** The routes that honour Idempotency-Key, as "METHOD /url" (src/routes.ts). */
  idempotentRoutes?: readonly string[];
  /** Requests a minute per API key on /v1 (API_RATE_LIMIT); 0 or absent: no limit. */
  rateLimitPerMinute?: number;
}

export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    trustProxy: true,
    ...requestIdOptions,
    ...frameworkErrorOptions(deps.logger as FastifyBaseLogger),
  }) as unknown as FastifyInstance;
  app.addHook('onRequest', echoRequestId);
  observeRequests(app, deps.metrics);
  await app.register(formbody);
  configureBodyParsers(app);
  await registerOpenApi(app);
  await limitApiRate(app, options.rateLimitPerMinute ?? 0);
  const auth = createAuthenticator(deps);
  // Last-use stamps under way finish before the database closes.
  app.addHook('onClose', () => auth.settled());
  idempotency(app, deps, options.idempotentRoutes ?? [], auth.authenticate);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendFailure(reply, { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }));
  const ctx: RouteContext = {
    deps,
    authenticate: auth.authenticate,
    databaseKind: options.databaseKind,
    checkResponses: options.checkResponses === true,
    idempotentRoutes: new Set(options.idempotentRoutes ?? []),
  };
  for (const register of options.routes) register(app, ctx);
  await serveOpenApi(app);
  return app;
}
