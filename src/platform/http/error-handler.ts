/**
 * One place that turns errors into responses: `{"error": {"code", "message", "details"?, "requestId"}}`
 * with the catalog's status.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, errorCatalog, type Failure, statusOf } from '../../kernel/errors.ts';
import { isConnectionFailure } from '../db/connection-failure.ts';
import { REQUEST_ID_HEADER } from './request-id.ts';

/** What a client is told to wait before trying again while the database is unreachable (Retry-After, seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503 `database_unavailable` with Retry-After: the request may succeed once the database answers again. */
export function sendDatabaseUnavailable(reply: FastifyReply): FastifyReply {
  return sendFailure(reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)), { code: 'database_unavailable' });
}

export function errorBody(code: ErrorCode, message?: string, details?: Record<string, unknown>, requestId?: string) {
  return { error: { code, message: message ?? errorCatalog[code].message, ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) } };
}

/** The failure as the API answers it, naming the request (also on answers made before the onRequest hooks ran). */
export function sendFailure(reply: FastifyReply, failure: Failure): FastifyReply {
  const requestId = reply.request.id;
  return reply
    .code(statusOf(failure.code))
    .header(REQUEST_ID_HEADER, requestId)
    .send(errorBody(failure.code, failure.message, failure.details, requestId));
}

/** Fastify's and its plugins' own 4xx errors that have a code of their own (the rest are `invalid_request`). */
const statusCodes: Partial<Record<number, ErrorCode>> = {
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
};

export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    void sendFailure(reply, { code: error.code, message: error.message, details: error.details });
    return;
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation || fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    void sendFailure(reply, { code: 'invalid_request', message: 'The request body is not valid JSON.' });
    return;
  }
  const byStatus = fastifyError.statusCode ? statusCodes[fastifyError.statusCode] : undefined;
  if (byStatus) {
    void sendFailure(reply, { code: byStatus });
    return;
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    void sendFailure(reply, { code: 'invalid_request', message: fastifyError.message });
    return;
  }
  if (isConnectionFailure(error)) {
    // Not a fault of ours or the caller's, and one per request during an outage: the workers log the outage once.
    request.log.debug({ err: error }, 'database unreachable');
    void sendDatabaseUnavailable(reply);
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void sendFailure(reply, { code: 'internal_error' });
}
