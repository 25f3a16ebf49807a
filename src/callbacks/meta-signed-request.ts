/**
 * Meta's `signed_request`, posted to the deauthorize and data-deletion callbacks:
 * `<base64url(signature)>.<base64url(payload)>`, signature = HMAC-SHA256(app secret, payload segment
 * as sent), unpadded base64url. The payload is read only after a signature matched, so nothing an
 * attacker writes is parsed.
 * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/
 *
 * Time window (our decision; Meta documents none): `issued_at` older than one hour is refused as a
 * replay, one more than five minutes in the future as forged (clock skew allowance), and a payload
 * whose `expires` has passed as expired.
 */
import crypto from 'node:crypto';
import { HOUR, MINUTE } from '../kernel/clock.ts';

export const SIGNED_REQUEST_MAX_AGE_MS = HOUR;
export const SIGNED_REQUEST_MAX_SKEW_MS = 5 * MINUTE;
const MAX_LENGTH = 8192;
const SEGMENT = /^[A-Za-z0-9_-]+={0,2}$/;

export interface SignedRequest {
  userId: string;
  issuedAt: Date;
  expiresAt: Date | null;
  /** sha256 of the signature segment: names this exact request (for replays) and reveals nothing. */
  fingerprint: string;
}

export type SignedRequestCheck<K extends string> =
  | { ok: true; request: SignedRequest; verifiedBy: K[] }
  | { ok: false; code: 'signed_request_invalid' | 'signed_request_expired'; problem: string };

const invalid = (problem: string) => ({ ok: false, code: 'signed_request_invalid', problem }) as const;
const expired = (problem: string) => ({ ok: false, code: 'signed_request_expired', problem }) as const;

/**
 * Checks `value` against every candidate secret (Instagram Login and Facebook Login apps sign with
 * different secrets) and returns which ones it verified with.
 */
export function verifySignedRequest<K extends string>(value: unknown, secrets: ReadonlyArray<readonly [K, string]>, now: Date): SignedRequestCheck<K> {
  if (typeof value !== 'string' || value.length === 0) return invalid('signed_request is missing.');
  if (value.length > MAX_LENGTH) return invalid('signed_request is too long.');
  const parts = value.split('.');
  const [signatureSegment, payloadSegment] = parts;
  if (parts.length !== 2 || !signatureSegment || !payloadSegment) return invalid('signed_request must be two base64url segments joined by a dot.');
  // Node's base64 decoder skips characters outside the alphabet, so check the alphabet first.
  if (!SEGMENT.test(signatureSegment) || !SEGMENT.test(payloadSegment)) return invalid('signed_request is not base64url.');
  const signature = Buffer.from(signatureSegment, 'base64url');
  if (signature.length !== 32) return invalid('The signature is not an HMAC-SHA256.');
  const verifiedBy = secrets
    .filter(([, secret]) => secret.length > 0 && crypto.timingSafeEqual(signature, crypto.createHmac('sha256', secret).update(payloadSegment).digest()))
    .map(([key]) => key);
  if (verifiedBy.length === 0) return invalid('The signature does not match.');
  const payload = parsePayload(Buffer.from(payloadSegment, 'base64url').toString('utf8'));
  if (!payload.ok) return payload;
  const { userId, issuedAt, expiresAt } = payload.value;
  if (issuedAt.getTime() > now.getTime() + SIGNED_REQUEST_MAX_SKEW_MS) return invalid('issued_at is in the future.');
  if (issuedAt.getTime() < now.getTime() - SIGNED_REQUEST_MAX_AGE_MS) return expired('issued_at is more than an hour old.');
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return expired('The request has expired.');
  const fingerprint = crypto.createHash('sha256').update(signatureSegment.replace(/=+$/, '')).digest('base64url');
  return { ok: true, request: { userId, issuedAt, expiresAt, fingerprint }, verifiedBy };
}

type Parsed = { ok: true; value: { userId: string; issuedAt: Date; expiresAt: Date | null } } | ReturnType<typeof invalid>;

function parsePayload(text: string): Parsed {
  let payload: unknown;
  try {
    // user_id may come as a JSON number above 2^53: keep its digits as written.
    payload = JSON.parse(text, (key, value: unknown, context?: { source?: string }) =>
      key === 'user_id' && typeof value === 'number' && context?.source ? context.source : value,
    );
  } catch {
    return invalid('The payload is not JSON.');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return invalid('The payload is not a JSON object.');
  const { user_id: userId, algorithm, issued_at: issuedAt, expires } = payload as Record<string, unknown>;
  // Meta's own SDKs compare the algorithm case-insensitively.
  if (typeof algorithm !== 'string' || algorithm.toUpperCase() !== 'HMAC-SHA256') return invalid('The algorithm is not HMAC-SHA256.');
  if ((typeof userId !== 'string' && typeof userId !== 'number') || String(userId).length === 0 || String(userId).length > 200) return invalid('user_id is missing.');
  if (!isEpochSeconds(issuedAt)) return invalid('issued_at is missing or not a time.');
  if (expires !== undefined && expires !== null && !isEpochSeconds(expires)) return invalid('expires is not a time.');
  return {
    ok: true,
    value: {
      userId: String(userId),
      issuedAt: new Date(issuedAt * 1000), // `expires: 0` means no expiry in Meta's signed requests.
      expiresAt: isEpochSeconds(expires) && expires > 0 ? new Date(expires * 1000) : null,
    },
  };
}

function isEpochSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1e11;
}
