/**
 * Pinterest's error shape and the errors the simulator answers with. Every answer carries an
 * `x-pinterest-rid` request id (added by the route scope in pinterest.ts).
 *
 * Body: `{"code": <int>, "message": "...", "message_detail"?: "..."}` (the `Error` schema of the API's OpenAPI
 * description). [doc]: documented; [obs]: observed in public client code and reports (docs/networks.md#pinterest).
 *   401 code 2    "Authentication failed." — expired/invalid/revoked access token, or bad client credentials [doc]
 *   401 code 3    missing scope [obs]
 *   403 code 29   "You are not permitted to access that resource." [doc]
 *   401 code 283  "The authorization grant is invalid" — refresh token or code refused [obs]
 *   429 code 8    "You have exceeded your rate limit. Try again later." [obs]
 *   400 code 1    invalid parameters, 404 code 50 pin not found [inferred: codes not documented]
 */
import type { FastifyReply } from 'fastify';
import type { Fault, FaultBook } from '../core/faults.ts';

export interface PinterestError {
  status: number;
  code: number;
  message: string;
  detail?: string;
  headers?: Record<string, string>;
}

const messages: Record<number, [number, string]> = {
  1: [400, 'Invalid parameters.'],
  2: [401, 'Authentication failed.'],
  3: [401, 'Your token does not have sufficient permissions to perform this operation. Please ensure your token is authorized with the correct set of scopes.'],
  8: [429, 'You have exceeded your rate limit. Try again later.'],
  29: [403, 'You are not permitted to access that resource.'],
  50: [404, 'Pin not found.'],
  283: [401, 'The authorization grant is invalid'],
};

/** An error from the catalog above, with an optional `message_detail`. */
export function pinterestError(code: number, detail?: string, status?: number): PinterestError {
  const [defaultStatus, message] = messages[code] ?? [400, 'Simulated Pinterest API error.'];
  return { status: status ?? defaultStatus, code, message, ...(detail === undefined ? {} : { detail }) };
}

export const invalidParameters = (detail: string): PinterestError => pinterestError(1, detail);

/** The detail Pinterest sends when a 429 is a spam block rather than a rate limit (docs/networks.md#pinterest). */
export const SPAM_DETAIL = 'Request blocked: this action was flagged as spam. Please try again later.';

export function rateLimited(retryAfterSeconds: number | null): PinterestError {
  const error = pinterestError(8);
  return retryAfterSeconds === null ? error : { ...error, headers: { 'retry-after': String(retryAfterSeconds) } };
}

export function sendPinterestError(reply: FastifyReply, e: PinterestError): FastifyReply {
  if (e.headers) reply.headers(e.headers);
  const body: Record<string, unknown> = { code: e.code, message: e.message };
  if (e.detail !== undefined) body.message_detail = e.detail;
  return reply.code(e.status).send(body);
}

const gatewayTimeout = '<html><body><h1>504 Gateway Time-out</h1></body></html>';

/**
 * Answers an armed fault in Pinterest's shape. `lost_answer` is not answered here: the handler does
 * the work first, then calls `loseAnswer`.
 */
export async function sendPinterestFault(reply: FastifyReply, fault: Fault, book: FaultBook, retryAfterSeconds: number | null): Promise<FastifyReply> {
  switch (fault.fault) {
    case 'http_500':
    case 'meta_error':
      return reply.code(500).type('text/html; charset=utf-8').send('<html><body><h1>500 Internal Server Error</h1></body></html>');
    case 'timeout':
    case 'lost_answer':
      await book.hang(fault.delayMs ?? 30_000);
      return reply.code(504).type('text/html; charset=utf-8').send(gatewayTimeout);
    case 'malformed':
      return reply.code(200).type('application/json; charset=utf-8').send('<!DOCTYPE html><html><body>Pinterest is down for maintenance');
    case 'throttle':
      // Pinterest gives no estimate of when access returns, so `regainMinutes` has nothing to map to.
      return sendPinterestError(reply, rateLimited(retryAfterSeconds));
    case 'provider_error': {
      const code = typeof fault.errorCode === 'number' ? fault.errorCode : Number(fault.errorCode ?? 1);
      return sendPinterestError(reply, pinterestError(Number.isFinite(code) ? code : 1, fault.detail, fault.status));
    }
  }
}

/** The `lost_answer` fault after the work is done: the answer never arrives. */
export async function loseAnswer(reply: FastifyReply, fault: Fault, book: FaultBook): Promise<FastifyReply> {
  await book.hang(fault.delayMs ?? 30_000);
  return reply.code(504).type('text/html; charset=utf-8').send(gatewayTimeout);
}
