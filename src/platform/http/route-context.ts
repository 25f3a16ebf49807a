/** What every route file receives: the use cases' dependencies and the API-key check. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import type { Workspace } from '../workspaces.repo.ts';

export interface RouteContext {
  deps: Deps;
  /** The workspace the request's `Authorization: Bearer` key belongs to; throws `unauthorized`. */
  authenticate(request: FastifyRequest): Promise<Workspace>;
  databaseKind: string;
  /** Tests: every answer of a declared operation is checked against its schema (a mismatch fails the request). */
  checkResponses: boolean;
  /** The routes that honour Idempotency-Key, as "METHOD /url" (src/routes.ts). */
  idempotentRoutes: ReadonlySet<string>;
}

/** One feature's routes, registered on the app by the composition root (src/routes.ts). */
export type RegisterRoutes = (app: FastifyInstance, ctx: RouteContext) => void;
