/**
 * Classifies Pinterest API v5 errors into our closed `kind` union, from the HTTP status and the body's
 * `code` (`{"code":<int>,"message":"...","message_detail"?}`; https://github.com/pinterest/api-description, the Error
 * schema; our record: docs/networks.md#pinterest).
 *
 * | status / code                 | token endpoint (refresh)   | token endpoint (code)  | API call                                  |
 * |-------------------------------|----------------------------|------------------------|-------------------------------------------|
 * | 401 code 283 (grant invalid)  | reauth_required, revoked   | unexpected_response    | unexpected_response                        |
 * | 401 code 2 (auth failed)      | unexpected_response (our client credentials) | same | reauth_required, invalid_token, refreshMayHelp |
 * | 401 code 3 / 403 code 29      | insufficient_scope         | insufficient_scope     | insufficient_scope                         |
 * | 429, spam `message_detail`    | rate_limited 24 h, providerCode spam_block (a policy block: don't hammer) |||
 * | 429 other                     | rate_limited, Retry-After or 60 s (Pinterest documents no rate-limit headers) |||
 * | 5xx                           | transient                                                              |||
 *
 * Pinterest does not say why a refresh token was refused (expired, spent, app removed): 'revoked'.
 */
import { ProviderError } from '../provider.ts';

export type PinterestCall = 'refresh' | 'code' | 'api';

const GRANT_INVALID = 283;
const AUTHENTICATION_FAILED = 2;
const INSUFFICIENT_PERMISSIONS = 3;
const NOT_PERMITTED = 29;
/** Without a Retry-After header, wait a minute: the limits are per second and per minute. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;
/** A spam block is a policy decision, not a full bucket: back off for a day rather than retry in a loop. */
const SPAM_BLOCK_RETRY_AFTER_SECONDS = 24 * 3600;

interface PinterestErrorBody {
  code?: unknown;
  message?: unknown;
  message_detail?: unknown;
}

function errorBody(body: unknown): PinterestErrorBody {
  return typeof body === 'object' && body !== null ? (body as PinterestErrorBody) : {};
}

/**
 * Pinterest answers spam blocks with a 429 like a rate limit; only `message_detail` tells them apart
 * (docs/networks.md#pinterest). This is the one place that reads that text.
 */
export function isSpamBlock(body: unknown): boolean {
  const detail = errorBody(body).message_detail;
  return typeof detail === 'string' && /spam/i.test(detail);
}

function retryAfter(headers: Headers): number {
  const seconds = Number(headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_RETRY_AFTER_SECONDS;
}

export function classifyPinterestError(status: number, body: unknown, headers: Headers, call: PinterestCall, missingScopes?: string[]): ProviderError {
  const code = typeof errorBody(body).code === 'number' ? (errorBody(body).code as number) : undefined;
  const providerCode = code === undefined ? `http_${status}` : String(code);
  const what = `api.pinterest.com error ${providerCode} (HTTP ${status})`;
  if (status === 429) {
    if (isSpamBlock(body)) return new ProviderError('rate_limited', `${what}: spam block`, { retryAfterSeconds: SPAM_BLOCK_RETRY_AFTER_SECONDS, providerCode: 'spam_block' });
    return new ProviderError('rate_limited', what, { retryAfterSeconds: retryAfter(headers), providerCode });
  }
  if (status >= 500) return new ProviderError('transient', what, { providerCode });
  if (code === GRANT_INVALID && call === 'refresh') return new ProviderError('reauth_required', what, { reason: 'revoked', providerCode });
  if (code === AUTHENTICATION_FAILED && status === 401 && call === 'api') {
    return new ProviderError('reauth_required', what, { reason: 'invalid_token', providerCode, refreshMayHelp: true });
  }
  if (code === INSUFFICIENT_PERMISSIONS || code === NOT_PERMITTED) {
    return new ProviderError('insufficient_scope', what, {
      reason: 'insufficient_scope',
      providerCode,
      missingScopes: code === INSUFFICIENT_PERMISSIONS ? missingScopes : undefined,
    });
  }
  return new ProviderError('unexpected_response', what, { providerCode });
}
