/**
 * Request ids: every answer carries `X-Request-Id`, every error body `error.requestId`, and every log
 * line of the request pino's `reqId`, so one id ties a platform's report to our logs. The caller's own
 * id is kept when it is sane (1–128 characters of `[A-Za-z0-9._:-]`); anything else is replaced, so a
 * forged value cannot break a log line or a header.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(request: { headers: IncomingHttpHeaders }): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE.test(given) ? given : randomUUID();
}

// Fastify's `requestIdHeader` takes the header whatever it holds and skips genReqId when it is
// present, so the header is read here instead, where it is checked.
export const requestIdOptions = { requestIdHeader: false, genReqId: requestIdOf } as const;

/** onRequest: the answer names its request, whatever route (or none) answers it. */
export function echoRequestId(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.header(REQUEST_ID_HEADER, request.id);
  done();
}
