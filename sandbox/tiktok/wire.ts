/**
 * TikTok's two error shapes, and the shared faults answered in them.
 *
 * - OAuth endpoints (/v2/oauth/token/, /v2/oauth/revoke/): `{"error","error_description","log_id"}`
 *   (https://developers.tiktok.com/doc/oauth-error-handling). The HTTP status is not documented: `oauthErrorStatus`.
 * - Display API: `{"data":{},"error":{"code","message","log_id"}}`, success has `code:"ok"`
 *   (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling), statuses as that page lists them.
 *
 * Throttles carry `x-ratelimit-reset` as Unix seconds (when the window frees a slot). TikTok does not document
 * its rate-limit headers; Nango retries TikTok on this header, so the sandbox sends it [unverified].
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { type Fault, sendTransportFault } from '../core/faults.ts';
import type { TikTokWorld } from './world.ts';

export const apiErrorStatus: Record<string, number> = {
  access_token_invalid: 401,
  scope_not_authorized: 401,
  scope_permission_missed: 401,
  rate_limit_exceeded: 429,
  invalid_params: 400,
  invalid_file_upload: 400,
  internal_error: 500,
};

const apiErrorMessage: Record<string, string> = {
  access_token_invalid: 'The access token is invalid or not found in the request.',
  scope_not_authorized: 'The user did not authorize the scope required for completing this request.',
  scope_permission_missed: 'The request requires additional scopes.',
  rate_limit_exceeded: 'API rate limit was exceeded, please try again later.',
  invalid_params: 'The request parameters are invalid.',
  internal_error: 'There was an internal error when processing your request, please try again later.',
};

/** Like TikTok's: the request's UTC time to the second, then hex. */
export function logId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${randomBytes(10).toString('hex').toUpperCase()}`;
}

export function sendOAuthError(world: TikTokWorld, reply: FastifyReply, error: string, description: string, status?: number): FastifyReply {
  const log_id = logId(world.context.clock.now().getTime());
  return reply.code(status ?? world.config.oauthErrorStatus).send({ error, error_description: description, log_id });
}

export function sendApiError(world: TikTokWorld, reply: FastifyReply, code: string, message?: string, status?: number): FastifyReply {
  const log_id = logId(world.context.clock.now().getTime());
  return reply.code(status ?? apiErrorStatus[code] ?? 400).send({ data: {}, error: { code, message: message ?? apiErrorMessage[code] ?? code, log_id } });
}

export function sendApiOk(world: TikTokWorld, reply: FastifyReply, data: unknown): FastifyReply {
  return reply.send({ data, error: { code: 'ok', message: '', log_id: logId(world.context.clock.now().getTime()) } });
}

/** A 429 in the endpoint's shape, with the instant the window frees a slot. */
export function sendThrottle(world: TikTokWorld, reply: FastifyReply, shape: 'oauth' | 'api', resetAtMs: number): FastifyReply {
  reply.header('x-ratelimit-reset', String(Math.ceil(resetAtMs / 1000)));
  const message = apiErrorMessage.rate_limit_exceeded!;
  return shape === 'api' ? sendApiError(world, reply, 'rate_limit_exceeded', message, 429) : sendOAuthError(world, reply, 'rate_limit_exceeded', message, 429);
}

/**
 * Records the call and takes the armed fault, if any. A `lost_answer` fault is returned for the caller to
 * play after doing the work; every other fault is answered here (and `true` returned: the call is over).
 */
export async function faulted(world: TikTokWorld, reply: FastifyReply, endpoint: string, shape: 'oauth' | 'api', openId?: string): Promise<Fault | true | undefined> {
  const { calls, faults, clock } = world.context;
  calls.record(endpoint, openId);
  const fault = faults.take(endpoint, openId);
  if (!fault || fault.fault === 'lost_answer') return fault;
  const nowMs = clock.now().getTime();
  switch (fault.fault) {
    case 'throttle':
      sendThrottle(world, reply, shape, nowMs + (fault.regainMinutes ?? 1) * 60_000);
      return true;
    case 'provider_error':
    case 'meta_error': {
      const code = typeof fault.errorCode === 'string' ? fault.errorCode : 'internal_error';
      const message = fault.detail ?? apiErrorMessage[code] ?? code;
      if (shape === 'api') sendApiError(world, reply, code, message, fault.status);
      // On the OAuth endpoints only a server error or a throttle changes the configured status.
      else sendOAuthError(world, reply, code, message, fault.status ?? (code === 'internal_error' || code === 'rate_limit_exceeded' ? apiErrorStatus[code] : undefined));
      return true;
    }
    default:
      await sendTransportFault(reply, fault, faults);
      return true;
  }
}

/** Plays a lost answer: the work is done, the caller never hears of it. */
export async function loseAnswer(world: TikTokWorld, reply: FastifyReply, fault: Fault): Promise<FastifyReply> {
  await world.context.faults.hang(fault.delayMs ?? 30_000);
  return reply.code(504).type('text/html; charset=utf-8').send('<html><body><h1>504 Gateway Time-out</h1></body></html>');
}
