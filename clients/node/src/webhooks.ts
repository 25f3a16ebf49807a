/**
 * Verifying a webhook from Channelkeeper, as the Standard Webhooks specification defines it
 * (https://www.standardwebhooks.com/): the body is signed with HMAC-SHA256 over
 * "<webhook-id>.<webhook-timestamp>.<body>", keyed with the base64-decoded part of the `whsec_…` secret;
 * `webhook-signature` holds one or more space-separated `v1,<base64>` signatures (two while a secret
 * rotation overlaps). Verify the raw body, before parsing it.
 */
import crypto from 'node:crypto';

export type VerificationFailure = 'missing_headers' | 'bad_timestamp' | 'too_old' | 'too_new' | 'no_matching_signature';

export class WebhookVerificationError extends Error {
  readonly reason: VerificationFailure;
  constructor(reason: VerificationFailure, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.reason = reason;
  }
}

export interface VerifyOptions {
  /** How far the timestamp may be from now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** The current time (tests). */
  now?: Date;
}

type Headers = Record<string, string | string[] | undefined> | { get(name: string): string | null };

function header(headers: Headers, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? record[name.toLowerCase()] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/**
 * Checks a delivery's signature and timestamp and returns the parsed body; throws
 * WebhookVerificationError otherwise. `body` is the raw request body (string or bytes).
 */
export function verifyWebhook<T = unknown>(body: string | Uint8Array, headers: Headers, secret: string, options: VerifyOptions = {}): T {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing_headers', 'The webhook-id, webhook-timestamp and webhook-signature headers are required.');
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) throw new WebhookVerificationError('bad_timestamp', 'webhook-timestamp is not a number of seconds.');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (seconds < now - tolerance) throw new WebhookVerificationError('too_old', 'The webhook is older than the tolerance: a replay, or a clock far off.');
  if (seconds > now + tolerance) throw new WebhookVerificationError('too_new', 'The webhook is dated in the future beyond the tolerance.');
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const expected = crypto.createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${text}`).digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    // Constant time: how much of a guess was right must not show in the timing.
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('no_matching_signature', 'No signature matches this secret.');
  return JSON.parse(text) as T;
}
