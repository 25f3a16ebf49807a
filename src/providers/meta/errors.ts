/**
 * Classifies Meta Graph API errors (Instagram Login, and later Facebook Login) into our closed
 * `kind` union, from the HTTP status, the error code/subcode and the usage headers.
 * Source: https://developers.facebook.com/docs/graph-api/guides/error-handling and
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting; our record:
 * docs/networks.md#meta-shared-by-instagram-and-facebook.
 */
import { ProviderError } from '../provider.ts';

interface GraphError {
  code?: number;
  error_subcode?: number;
  message?: string;
  type?: string;
  is_transient?: boolean;
}

/** Subcodes of 190 (and 102): each is a different thing to tell the creator. */
const reauthReasons: Record<number, string> = {
  458: 'app_removed',
  459: 'checkpoint',
  460: 'password_changed',
  463: 'expired',
  464: 'unconfirmed_user',
  467: 'invalid_token',
  492: 'revoked',
  // Facebook Login: "the user hasn't engaged the app in longer than 90 days" (data access expiration,
  // observed rather than documented: docs/networks.md#facebook): the same fix as an expired token, a new login.
  493: 'expired',
};

// 4 is the app-wide limit (X-App-Usage); the rest are per user, Page or business use case.
const APP_THROTTLE = 4;
const throttleCodes = new Set([4, 17, 32, 341, 368, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014]);

/** Why a token is dead, from the subcode of its 190 (or 102): the reasons a connection's disconnect carries. */
export function reauthReason(subcode: number | undefined): string {
  return reauthReasons[subcode ?? -1] ?? 'revoked';
}

export function graphErrorOf(body: unknown): GraphError | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null ? (error as GraphError) : undefined;
}

export function classifyMetaError(status: number, body: unknown, headers: Headers, host: string): ProviderError {
  const error = graphErrorOf(body);
  const code = error?.code;
  const subcode = error?.error_subcode;
  const providerCode = code === undefined ? `http_${status}` : subcode === undefined ? String(code) : `${code}/${subcode}`;
  const what = `${host} error ${providerCode}`;
  if (code === 190 || code === 102) {
    return new ProviderError('reauth_required', what, { reason: reauthReason(subcode), providerCode });
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return new ProviderError('insufficient_scope', what, { reason: 'insufficient_scope', providerCode });
  }
  if (code !== undefined && throttleCodes.has(code)) {
    return new ProviderError('rate_limited', what, { retryAfterSeconds: retryAfterFromUsage(headers, code), providerCode, appWide: code === APP_THROTTLE });
  }
  if (code === 1 || code === 2 || error?.is_transient === true || status >= 500) {
    return new ProviderError('transient', what, { providerCode });
  }
  return new ProviderError('unexpected_response', what, { providerCode });
}

/**
 * Seconds until access returns, from X-Business-Use-Case-Usage (`estimated_time_to_regain_access`
 * is in minutes) or, for app-level throttling, one hour as Meta suggests when no estimate is given.
 */
export function retryAfterFromUsage(headers: Headers, code: number): number {
  const buc = parseJsonHeader(headers.get('x-business-use-case-usage'));
  let minutes = 0;
  if (buc && typeof buc === 'object') {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        const value = Number((entry as { estimated_time_to_regain_access?: unknown }).estimated_time_to_regain_access);
        if (Number.isFinite(value)) minutes = Math.max(minutes, value);
      }
    }
  }
  if (minutes > 0) return minutes * 60;
  return code === APP_THROTTLE ? 3600 : 15 * 60;
}

function parseJsonHeader(value: string | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The app's share of its platform rate limit, from X-App-Usage (percentages; throttled at 100). */
export function appUsagePercent(headers: Headers): number | undefined {
  const usage = parseJsonHeader(headers.get('x-app-usage'));
  if (!usage || typeof usage !== 'object') return undefined;
  const values = Object.values(usage as Record<string, unknown>)
    .map(Number)
    .filter(Number.isFinite);
  return values.length ? Math.max(...values) : undefined;
}

/**
 * The highest share (percent) of any Meta limit the answer reports: X-App-Usage (the app's hourly limit)
 * and every entry of X-Business-Use-Case-Usage (per account), each the max of call_count, total_time and
 * total_cputime. Undefined when neither header came.
 */
export function usagePercent(headers: Headers): number | undefined {
  const values: number[] = [];
  const app = appUsagePercent(headers);
  if (app !== undefined) values.push(app);
  const buc = parseJsonHeader(headers.get('x-business-use-case-usage'));
  if (buc && typeof buc === 'object') {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      for (const entry of Array.isArray(entries) ? (entries as Record<string, unknown>[]) : []) {
        for (const key of ['call_count', 'total_time', 'total_cputime']) if (Number.isFinite(Number(entry[key]))) values.push(Number(entry[key]));
      }
    }
  }
  return values.length ? Math.max(...values) : undefined;
}
