/**
 * Google's error answers, in its two shapes, and the shared faults answered in them.
 * - oauth2.googleapis.com: RFC 6749 `{"error":"invalid_grant","error_description":"…"}`.
 * - the APIs: `{"error":{"code","message","errors":[{"message","domain","reason"}],"status"}}`
 *   (https://developers.google.com/youtube/v3/docs/errors; observed payloads in docs/networks.md#youtube).
 */
import type { FastifyReply } from 'fastify';
import type { Fault, FaultBook } from '../core/faults.ts';

export interface ApiError {
  status: number;
  reason: string;
  domain: string;
  message: string;
  headers?: Record<string, string>;
  details?: object[];
}

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const QUOTA_MESSAGE = 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.';

/** The API errors a fault can name by reason, with Google's status, domain and wording. */
export const apiErrors: Record<string, Omit<ApiError, 'reason'>> = {
  authError: {
    status: 401,
    domain: 'global',
    message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  },
  insufficientPermissions: { status: 403, domain: 'global', message: 'Request had insufficient authentication scopes.' },
  quotaExceeded: { status: 403, domain: 'youtube.quota', message: QUOTA_MESSAGE },
  rateLimitExceeded: { status: 403, domain: 'usageLimits', message: 'Rate Limit Exceeded' },
  userRateLimitExceeded: { status: 403, domain: 'usageLimits', message: 'Rate Limit Exceeded' },
  backendError: { status: 500, domain: 'global', message: 'Backend Error' },
  youtubeSignupRequired: { status: 401, domain: 'youtube.header', message: 'Unauthorized' },
  forbidden: { status: 403, domain: 'global', message: 'Forbidden' },
};

export function sendApiError(reply: FastifyReply, e: ApiError): FastifyReply {
  if (e.headers) reply.headers(e.headers);
  const error = {
    code: e.status,
    message: e.message,
    errors: [{ message: e.message, domain: e.domain, reason: e.reason }],
    status: statusNames[e.status] ?? 'UNKNOWN',
    ...(e.details ? { details: e.details } : {}),
  };
  return reply.code(e.status).type('application/json; charset=UTF-8').send({ error });
}

export function apiError(reason: string, overrides: Partial<ApiError> = {}): ApiError {
  const known = apiErrors[reason] ?? { status: 400, domain: 'global', message: reason };
  return { reason, ...known, ...overrides };
}

/** 403 for a token whose scopes do not cover the call; WWW-Authenticate lists the scopes that would. */
export function insufficientScope(accepted: readonly string[], service: string): ApiError {
  return apiError('insufficientPermissions', {
    headers: { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${accepted.join(' ')}"` },
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service } }],
  });
}

export function parameterError(status: number, reason: string, message: string, domain = 'youtube.parameter'): ApiError {
  return { status, reason, domain, message };
}

export function sendOAuthError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error, error_description: description });
}

const serverErrorPage = (status: number, title: string) =>
  `<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error ${status} (${title})!!1</title><p><b>${status}.</b> <ins>That’s an error.</ins><p>The server encountered an error. Please try again later. <ins>That’s all we know.</ins>`;

/**
 * Answers an armed fault. `shape` is the endpoint's own error shape; a provider_error naming an API reason
 * (e.g. userRateLimitExceeded) is sent in the API envelope even on the token endpoint, which Google's front
 * end does for quota and rate errors.
 *   throttle: 403 userRateLimitExceeded (no Retry-After); with code 429: 429 RESOURCE_EXHAUSTED and
 *   Retry-After of `regainMinutes`.
 */
export async function sendGoogleFault(reply: FastifyReply, fault: Fault, shape: 'oauth' | 'api', book: FaultBook): Promise<FastifyReply> {
  switch (fault.fault) {
    case 'http_500':
      return reply.code(500).type('text/html; charset=UTF-8').send(serverErrorPage(500, 'Server Error'));
    case 'timeout':
    case 'lost_answer':
      // lost_answer: the caller did the work first; only the answer is lost.
      await book.hang(fault.delayMs ?? 30_000);
      return reply.code(504).type('text/html; charset=UTF-8').send(serverErrorPage(504, 'Gateway Timeout'));
    case 'malformed':
      return reply.code(200).type('application/json; charset=utf-8').send('<!DOCTYPE html><html><body>Sorry, something went wrong.');
    case 'throttle':
      if (fault.code === 429) {
        const seconds = Math.round((fault.regainMinutes ?? 1) * 60);
        return sendApiError(reply, apiError('rateLimitExceeded', { status: 429, headers: { 'retry-after': String(seconds) } }));
      }
      return sendApiError(reply, apiError('userRateLimitExceeded'));
    case 'meta_error':
    case 'provider_error': {
      const code = String(fault.errorCode ?? (shape === 'oauth' ? 'invalid_grant' : 'backendError'));
      if (shape === 'oauth' && !(code in apiErrors)) {
        return sendOAuthError(reply, fault.status ?? 400, code, fault.detail ?? (code === 'invalid_grant' ? 'Token has been expired or revoked.' : 'Bad Request'));
      }
      const e = code === 'insufficientPermissions' ? insufficientScope(['https://www.googleapis.com/auth/youtube.readonly'], 'youtube.googleapis.com') : apiError(code);
      return sendApiError(reply, { ...e, ...(fault.status ? { status: fault.status } : {}), ...(fault.detail ? { message: fault.detail } : {}) });
    }
  }
}
