/**
 * Classifies Google's errors (YouTube Data API, YouTube Analytics, the OAuth 2.0 token endpoint) into our
 * closed `kind` union, from the HTTP status and Google's own codes, never from message text.
 *
 * Two shapes (docs/networks.md#youtube):
 * - the token and revoke endpoints answer RFC 6749 errors: `{"error":"invalid_grant","error_description":"…"}`;
 * - the APIs answer `{"error":{"code":403,"message","errors":[{"message","domain","reason"}],"status","details"?}}`.
 * Docs: https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code and
 * https://developers.google.com/youtube/v3/docs/errors
 */
import { ProviderError } from '../provider.ts';

/** Which call answered: the code exchange, a refresh, a revoke, or an API call. */
export type GoogleCall = 'code' | 'refresh' | 'revoke' | 'api';

interface ApiError {
  code?: number;
  status?: string;
  errors?: { reason?: string; domain?: string }[];
  details?: { reason?: string }[];
}

/** The YouTube quota resets at midnight Pacific time (https://developers.google.com/youtube/v3/getting-started#quota). */
const QUOTA_TIME_ZONE = 'America/Los_Angeles';

// 'required' is not here: it also names a missing query parameter (400).
const authReasons = new Set(['authError', 'invalidCredentials']);
const scopeReasons = new Set(['insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);
const quotaReasons = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const throttleReasons = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED', 'RESOURCE_EXHAUSTED']);
const transientReasons = new Set(['backendError', 'internalError', 'serviceUnavailable']);

export function classifyGoogleError(status: number, body: unknown, headers: Headers, context: { host: string; call: GoogleCall; now: Date }): ProviderError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'string') return classifyOAuthError(status, error, headers, context);
  return classifyApiError(status, typeof error === 'object' && error !== null ? (error as ApiError) : {}, headers, context);
}

function classifyOAuthError(status: number, code: string, headers: Headers, context: { host: string; call: GoogleCall; now: Date }): ProviderError {
  const what = `${context.host} error ${code}`;
  // Google says only "Token has been expired or revoked." whichever death it was (revoked, idle six
  // months, over 100 live tokens, Testing's 7 days, a password change on Gmail scopes).
  if (code === 'invalid_grant' && context.call === 'refresh') return new ProviderError('reauth_required', what, { reason: 'revoked', providerCode: code });
  if (status === 429 || code === 'rate_limit_exceeded') {
    return new ProviderError('rate_limited', what, { providerCode: code, retryAfterSeconds: retryAfter(headers, context.now) });
  }
  if (status >= 500 || code === 'internal_failure' || code === 'temporarily_unavailable') return new ProviderError('transient', what, { providerCode: code });
  // A used, expired or foreign code, a wrong verifier, a wrong client or redirect URI: our request is wrong.
  return new ProviderError('unexpected_response', what, { providerCode: code });
}

function classifyApiError(status: number, error: ApiError, headers: Headers, context: { host: string; now: Date }): ProviderError {
  const reasons = [...(error.errors ?? []).map((e) => e.reason), ...(error.details ?? []).map((d) => d.reason), error.status].filter((r): r is string => typeof r === 'string');
  const first = reasons[0];
  const providerCode = first ?? `http_${status}`;
  const what = `${context.host} error ${status} ${providerCode}`;
  const has = (set: Set<string>) => reasons.find((r) => set.has(r));
  // A Google account with no YouTube channel: the person has to create one, then connect again.
  if (reasons.includes('youtubeSignupRequired')) return new ProviderError('reauth_required', what, { reason: 'no_channel', providerCode: 'youtubeSignupRequired' });
  if (has(scopeReasons)) {
    return new ProviderError('insufficient_scope', what, { reason: 'insufficient_scope', providerCode: has(scopeReasons), missingScopes: scopesFrom(headers) });
  }
  if (status === 401 || error.status === 'UNAUTHENTICATED' || has(authReasons)) {
    // The access token is refused (expired, revoked, malformed): a refresh tells whether the grant lives.
    return new ProviderError('reauth_required', what, { reason: 'invalid_token', providerCode, refreshMayHelp: true });
  }
  if (has(quotaReasons)) {
    // The project's daily quota is spent for every creator: nothing works until midnight Pacific.
    return new ProviderError('rate_limited', what, { providerCode: has(quotaReasons), appWide: true, retryAfterSeconds: secondsUntilPacificMidnight(context.now) });
  }
  if (status === 429 || has(throttleReasons)) {
    return new ProviderError('rate_limited', what, { providerCode: has(throttleReasons) ?? providerCode, retryAfterSeconds: retryAfter(headers, context.now) });
  }
  if (status >= 500 || has(transientReasons)) return new ProviderError('transient', what, { providerCode });
  return new ProviderError('unexpected_response', what, { providerCode });
}

/** The scopes a refused call would have needed, from `WWW-Authenticate: Bearer …, error="insufficient_scope", scope="…"`. */
export function scopesFrom(headers: Headers): string[] | undefined {
  const match = /\bscope="([^"]*)"/.exec(headers.get('www-authenticate') ?? '');
  const scopes = match?.[1]?.split(/\s+/).filter(Boolean);
  return scopes && scopes.length > 0 ? scopes : undefined;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfter(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: QUOTA_TIME_ZONE, timeZoneName: 'longOffset' });
const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: QUOTA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Minutes Pacific time is ahead of UTC at `instant` (-480 in winter, -420 in summer). */
function pacificOffsetMinutes(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Seconds from `now` to the next midnight in America/Los_Angeles, DST included (a day there lasts 23, 24 or 25 hours). */
export function secondsUntilPacificMidnight(now: Date): number {
  const [year, month, day] = dateFormat.format(now).split('-').map(Number) as [number, number, number];
  const wallMidnight = Date.UTC(year, month - 1, day + 1);
  // US clocks change at 2 a.m., so midnight is never skipped or repeated; the second pass settles the offset.
  let instant = wallMidnight - pacificOffsetMinutes(new Date(wallMidnight)) * 60_000;
  instant = wallMidnight - pacificOffsetMinutes(new Date(instant)) * 60_000;
  return Math.ceil((instant - now.getTime()) / 1000);
}
