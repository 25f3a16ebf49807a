/**
 * One `/v1` operation, declared once: its params, query, body and every answer (each success and each
 * catalogued error) as zod schemas. The same schemas parse the request in the handler and describe the
 * operation in the OpenAPI document (@fastify/swagger reads `schema` from the route), so the contract and
 * the behaviour cannot drift apart.
 *
 * Why the request is parsed in the handler and not by Fastify's validator: the API key is checked first
 * (an unauthenticated caller learns nothing about the shape of a request, and gets 401 rather than 400),
 * and parsing goes through `parseOrThrow`, which also refuses NUL characters and names each bad field in
 * the catalogue's `invalid_request` shape. Fastify's validator and serializer are therefore set to pass
 * values through; tests check every answer against its declared schema.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ErrorCode, errorCatalog } from '../../kernel/errors.ts';
import type { Workspace } from '../workspaces.repo.ts';
import type { RouteContext } from './route-context.ts';
import { parseOrThrow } from './validate.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

/** A success answer: its description and body (none for 204). */
export interface SuccessResponse {
  description: string;
  schema?: z.ZodType;
}

export interface ApiOperation<P extends Schema, Q extends Schema, B extends Schema, Auth extends boolean> {
  method: Method;
  url: string;
  /** The name a generated client gives the call (camelCase, unique). */
  operationId: string;
  /** One line for the reference; `description` says the rest (Markdown). */
  summary: string;
  description?: string;
  /** The group in the reference (Connections, Campaigns, …). */
  tag: string;
  /** false: no API key (the few public routes); default true. */
  auth?: Auth;
  params?: P;
  query?: Q;
  body?: B;
  /** Each success status and its body. */
  responses: Record<number, SuccessResponse>;
  /** The catalogued errors this operation may answer with, besides invalid_request, unauthorized and internal_error. */
  errors?: readonly ErrorCode[];
  handler(input: OperationInput<P, Q, B, Auth>): Promise<unknown>;
}

export interface OperationInput<P extends Schema, Q extends Schema, B extends Schema, Auth extends boolean> {
  request: FastifyRequest;
  reply: FastifyReply;
  workspace: Auth extends false ? undefined : Workspace;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
}

/** The error shape every failure answers with, narrowed to the codes an answer may carry. */
export function errorResponseSchema(codes: readonly [ErrorCode, ...ErrorCode[]]) {
  return z.object({
    error: z.object({
      code: z.enum(codes),
      message: z.string().meta({ description: 'A sentence for a person; the code is what a program reads.' }),
      details: z.record(z.string(), z.unknown()).optional().meta({ description: 'Facts about this failure (for example the connection’s reason).' }),
      requestId: z.string().optional().meta({ description: 'The id of this request, also in the X-Request-Id header and the service’s log.' }),
    }),
  });
}

/** Every error an operation may answer with, grouped by status, as OpenAPI responses. */
function errorResponses(operation: { method: Method; auth?: boolean; params?: Schema; query?: Schema; body?: Schema; errors?: readonly ErrorCode[] }, idempotent: boolean) {
  const codes = new Set<ErrorCode>(operation.errors ?? []);
  // Every /v1 call counts against its API key's rate limit; an over-long path parameter is refused before routing.
  if (operation.auth !== false) codes.add('rate_limited');
  if (operation.params) codes.add('uri_too_long');
  if (idempotent) {
    codes.add('idempotency_key_reused');
    codes.add('conflict');
  }
  if (operation.params || operation.query || operation.body) codes.add('invalid_request');
  // Any request that may carry a body can carry one over the limit (64 KiB), and malformed JSON.
  if (operation.method === 'POST' || operation.method === 'PUT' || operation.method === 'PATCH') {
    codes.add('payload_too_large');
    codes.add('unsupported_media_type');
    codes.add('invalid_request');
  }
  if (operation.auth !== false) codes.add('unauthorized');
  codes.add('internal_error');
  // Every operation reaches the database; while it cannot, the answer is 503 with Retry-After.
  codes.add('database_unavailable');
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(errorCatalog[code].status, [...(byStatus.get(errorCatalog[code].status) ?? []), code]);
  const responses: Record<number, z.ZodType> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const sorted = list.sort() as [ErrorCode, ...ErrorCode[]];
    responses[status] = errorResponseSchema(sorted).meta({ description: sorted.map((code) => `\`${code}\`: ${errorCatalog[code].message}`).join('\n\n') });
  }
  return responses;
}

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: 'Any unique string (a UUID): the same key and body within 24 hours return the first answer without doing the work again.' }),
});

const passThroughValidator = () => (value: unknown) => ({ value });

/** Answers are written as they are; in tests (`checkResponses`) each is first checked against its declared schema. */
function serializerFor(ctx: RouteContext, operationId: string) {
  return ({ schema, httpStatus }: { schema: unknown; httpStatus?: string }) =>
    (data: unknown) => {
      if (ctx.checkResponses) {
        const result = (schema as z.ZodType).safeParse(data);
        if (!result.success) throw new Error(`${operationId} answered ${httpStatus} outside its declared schema: ${z.prettifyError(result.error)}`);
      }
      return JSON.stringify(data);
    };
}

/** Registers one operation on the app, with its schema for the OpenAPI document. */
export function apiRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined, Auth extends boolean = true>(
  app: FastifyInstance,
  ctx: RouteContext,
  operation: ApiOperation<P, Q, B, Auth>,
): void {
  const success: Record<number, z.ZodType> = {};
  for (const [status, answer] of Object.entries(operation.responses)) {
    success[Number(status)] = (answer.schema ?? z.null()).meta({ description: answer.description });
  }
  const idempotent = ctx.idempotentRoutes.has(`${operation.method} ${operation.url}`);
  const errors = errorResponses(operation, idempotent);
  app.route({
    method: operation.method,
    url: operation.url,
    schema: {
      operationId: operation.operationId,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: [operation.tag],
      ...(operation.auth === false ? {} : { security: [{ apiKey: [] }] }),
      ...(operation.params ? { params: operation.params } : {}),
      ...(operation.query ? { querystring: operation.query } : {}),
      ...(operation.body ? { body: operation.body } : {}),
      ...(idempotent ? { headers: idempotencyHeader } : {}),
      response: { ...success, ...errors },
    },
    validatorCompiler: passThroughValidator,
    serializerCompiler: serializerFor(ctx, operation.operationId),
    // A status the operation does not declare is a gap in the contract: tests fail on it. Only tests
    // check, so only they pay for the hook (one more async step in every answer).
    ...(ctx.checkResponses
      ? {
          onSend: async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
            if (!(reply.statusCode in success) && !(reply.statusCode in errors)) {
              throw new Error(`${operation.operationId} answered ${reply.statusCode}, which it does not declare`);
            }
            return payload;
          },
        }
      : {}),
    handler: async (request, reply) => {
      const workspace = operation.auth === false ? undefined : await ctx.authenticate(request);
      const params = operation.params ? parseOrThrow(operation.params, request.params) : undefined;
      const query = operation.query ? parseOrThrow(operation.query, request.query) : undefined;
      const body = operation.body ? parseOrThrow(operation.body, request.body) : undefined;
      // The conditional types of OperationInput are what the checks above established.
      return operation.handler({ request, reply, workspace, params, query, body } as unknown as OperationInput<P, Q, B, Auth>);
    },
  });
}
