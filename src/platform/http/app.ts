/**
 * buildApp(deps): the HTTP surface, separate from listen() so tests drive it with inject(). It knows
 * no feature: the routes come in as a list (src/routes.ts says which).
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';
import { createAuthenticator } from './auth.ts';
import { errorBody, errorHandler } from './error-handler.ts';
import { registerOpenApi, serveOpenApi } from './openapi.ts';
import type { RegisterRoutes, RouteContext } from './route-context.ts';

export interface AppOptions {
  databaseKind: string;
  /** Tests: check every answer of a declared operation against its schema. */
  checkResponses?: boolean;
  /** Every feature's routes, in registration order. */
  routes: readonly RegisterRoutes[];
}

export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger, bodyLimit: 64 * 1024, trustProxy: true }) as unknown as FastifyInstance;
  await app.register(formbody);
  await registerOpenApi(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`)));
  const ctx: RouteContext = { deps, authenticate: createAuthenticator(deps.db), databaseKind: options.databaseKind, checkResponses: options.checkResponses === true };
  for (const register of options.routes) register(app, ctx);
  await serveOpenApi(app);
  return app;
}
