/**
 * Errors raised before any route runs, answered in the documented shape with a catalogued code like
 * every other: the router's (a path segment over 100 characters, a malformed percent-encoding) reach
 * `frameworkErrors`; Node's HTTP parser's (headers over its 16 KB limit, a request that never
 * finished arriving) reach `clientErrorHandler` with no request at all, so the answer is written on
 * the socket, with an id generated for it.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, statusOf } from '../../kernel/errors.ts';
import { errorBody, sendFailure } from './error-handler.ts';
import { requestIdOf } from './request-id.ts';

const routerErrors: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri_too_long' },
  FST_ERR_BAD_URL: { code: 'invalid_request', message: 'The URL is not valid: it holds a malformed percent-encoding.' },
};

const parserErrors: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
};

export function frameworkErrorOptions(logger: FastifyBaseLogger) {
  return {
    frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
      const known = routerErrors[error.code];
      if (!known) reply.log.error({ err: error }, 'unexpected framework error');
      void sendFailure(reply, known ?? { code: 'internal_error' });
    },

    clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
      // A reset connection is gone; there is nobody to answer.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const code = parserErrors[error.code ?? ''] ?? 'invalid_request';
      const requestId = requestIdOf({ headers: {} });
      const status = statusOf(code);
      const body = JSON.stringify(errorBody(code, code === 'invalid_request' ? 'The request is not valid HTTP.' : undefined, undefined, requestId));
      logger.info({ reqId: requestId, code: error.code, status }, 'refused a request the HTTP parser could not read');
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      // As Node does by default: the rest of what the client sends cannot be read either.
      socket.destroy(error);
    },
  };
}
