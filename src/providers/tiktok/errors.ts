/**
 * Classifies TikTok errors into our closed `kind` union, from the HTTP status and TikTok's error code.
 * TikTok has two shapes (docs/networks.md#tiktok):
 * - OAuth (/v2/oauth/token/, /v2/oauth/revoke/): `{"error":"invalid_grant","error_description","log_id"}`
 *   (https://developers.tiktok.com/doc/oauth-error-handling). Their HTTP status is not documented, and
 *   reports of HTTP 200 exist, so the `error` field decides, whatever the status.
 * - Display API: `{"data":{},"error":{"code":"access_token_invalid","message","log_id"}}`, `code:"ok"` on
 *   success (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling).
 */
import { ProviderError } from '../provider.ts';

/** What the failed call was: the same OAuth code means different things on a code exchange and a refresh. */
export type TikTokCall = 'code' | 'refresh' | 'revoke' | 'api';

export interface TikTokErrorContext {
  call: TikTokCall;
  /** The scopes the request's fields needed, reported as missing on a scope error. */
  requiredScopes?: string[];
  nowMs: number;
}

// Without a reset header, one window of TikTok's per-minute limit (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit).
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** TikTok's error code from either shape; undefined when the body is neither (or is a success). */
export function tiktokErrorCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ok') return code;
  }
  return undefined;
}

export function classifyTikTokError(status: number, body: unknown, headers: Headers, context: TikTokErrorContext): ProviderError {
  const code = tiktokErrorCode(body);
  const providerCode = code ?? `http_${status}`;
  const what = `TikTok ${context.call === 'api' ? 'API' : context.call} error ${providerCode}`;
  if (status === 429 || code === 'rate_limit_exceeded') {
    return new ProviderError('rate_limited', what, { providerCode, retryAfterSeconds: retryAfterSeconds(headers, context.nowMs) });
  }
  if (status >= 500 || code === 'internal_error') return new ProviderError('transient', what, { providerCode });
  if (code === 'access_token_invalid') {
    // "Refresh the token and retry": the grant may well be alive.
    return new ProviderError('reauth_required', what, { providerCode, reason: 'invalid_token', refreshMayHelp: true });
  }
  if (code === 'scope_not_authorized' || code === 'scope_permission_missed') {
    return new ProviderError('insufficient_scope', what, { providerCode, reason: 'insufficient_scope', missingScopes: context.requiredScopes });
  }
  if (code === 'invalid_grant' && context.call === 'refresh') {
    // TikTok does not say whether the refresh token expired, was rotated away or revoked (the service knows
    // the expiry from refresh_expires_in itself).
    return new ProviderError('reauth_required', what, { providerCode, reason: 'revoked' });
  }
  return new ProviderError('unexpected_response', what, { providerCode });
}

/**
 * Seconds to wait, from `x-ratelimit-reset` when TikTok sends it (undocumented: read as Unix seconds when it
 * looks like an instant, else as seconds to wait), else one minute.
 */
export function retryAfterSeconds(headers: Headers, nowMs: number): number {
  const value = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  if (!Number.isFinite(value) || value <= 0) return DEFAULT_RETRY_AFTER_SECONDS;
  const seconds = value > 1_000_000_000 ? Math.ceil(value - nowMs / 1000) : Math.ceil(value);
  return Math.max(1, seconds);
}
