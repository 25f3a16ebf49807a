/** One place that turns errors into responses: `{"error": {"code", "message"}}` with the catalog's status. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, errorCatalog, type Failure, statusOf } from '../../kernel/errors.ts';

export function errorBody(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
  return { error: { code, message: message ?? errorCatalog[code].message, ...(details ? { details } : {}) } };
}

export function sendFailure(reply: FastifyReply, failure: Failure): FastifyReply {
  return reply.code(statusOf(failure.code)).send(errorBody(failure.code, failure.message, failure.details));
}

export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    void sendFailure(reply, { code: error.code, message: error.message, details: error.details });
    return;
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation || fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    void reply.code(400).send(errorBody('invalid_request', 'The request body is not valid JSON.'));
    return;
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    void reply.code(413).send(errorBody('payload_too_large'));
    return;
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    void reply.code(400).send(errorBody('invalid_request', 'Send the body as application/json.'));
    return;
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    void reply.code(400).send(errorBody('invalid_request', fastifyError.message));
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.code(500).send(errorBody('internal_error'));
}
