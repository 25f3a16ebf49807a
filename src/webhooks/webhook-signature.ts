/**
 * Webhook signatures, as the Standard Webhooks specification defines them
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * `webhook-id` (the delivery's id, the same on every attempt), `webhook-timestamp` (Unix seconds of
 * this attempt) and `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one
 * signature per secret in force, space-separated (both secrets sign during a rotation's overlap).
 *
 * A secret is `whsec_<base64 of the key bytes>`, and the HMAC key is those bytes. Secrets issued
 * before this scheme are `whsec_` + 43 URL-safe base64 characters without padding, which the
 * Standard Webhooks libraries refuse or read differently from one another, and WEBHOOK_SECRET may
 * be any text. Re-issuing them silently would break every receiver, so the key is read the way the
 * specification defines it when the secret has its form, and from the old key otherwise:
 * - the text after `whsec_` (the prefix is optional, as in the libraries) is canonical padded base64
 *   (RFC 4648 §4): the key is the decoded bytes, and the secret works as it is in any library;
 * - anything else (every secret issued before): the key is the secret's own UTF-8 bytes, the key the
 *   old `Channelkeeper-Signature` used. Such a secret's Standard Webhooks form is
 *   `whsec_` + base64(the secret), which gives a library the same key; rotating gives a new-style one.
 *
 * `Channelkeeper-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the
 * whole secret string, is the scheme receivers were built on before. It is still sent to endpoints
 * that were set through `PUT /v1/webhook` (the single-endpoint routes, whose documented contract it
 * is) so they keep working while they move to the standard headers; `verifyWebhookSignature` is the
 * check docs/api.md#webhooks gave those receivers.
 */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'channelkeeper-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;
const PREFIX = 'whsec_';
const KEY_BYTES = 32;
// Canonical, padded base64: what the reference libraries (@stablelib/base64, Go's StdEncoding) decode.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A new secret: 32 random bytes, `whsec_` + base64 (the specification asks for 24 to 64). */
export function newWebhookSecret(): string {
  return `${PREFIX}${crypto.randomBytes(KEY_BYTES).toString('base64')}`;
}

/** Enough of a secret to tell two apart in a settings page, and nothing more. */
export function secretHint(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}

/** The HMAC key of a secret (see the header: decoded base64, else the secret's own bytes). */
export function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (encoded.length > 0 && STANDARD_BASE64.test(encoded)) return Buffer.from(encoded, 'base64');
  return Buffer.from(secret, 'utf8');
}

/** One Standard Webhooks signature: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`. */
export function standardSignature(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  return `v1,${crypto.createHmac('sha256', signingKey(secret)).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export interface SignedDelivery {
  webhookId: string;
  timestampSeconds: number;
  body: string;
  /** The secrets in force, newest first: the current one, then the one it replaced during the overlap. */
  secrets: readonly string[];
  /** Also send the old `Channelkeeper-Signature` (endpoints set through `PUT /v1/webhook`), with the current secret. */
  legacyHeader: boolean;
}

/** The signature headers of one attempt. */
export function signatureHeaders(delivery: SignedDelivery): Record<string, string> {
  const { webhookId, timestampSeconds, body, secrets } = delivery;
  const headers: Record<string, string> = {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((secret) => standardSignature(secret, webhookId, timestampSeconds, body)).join(' '),
  };
  const current = secrets[0];
  if (delivery.legacyHeader && current !== undefined) headers[SIGNATURE_HEADER] = legacySignatureHeader(current, timestampSeconds, body);
  return headers;
}

/** The old header, unchanged: `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` keyed with the whole secret string. */
export function legacySignatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'too_old' };

/** Checks an old `Channelkeeper-Signature` header against the raw body, refusing timestamps outside the tolerance. */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, nowSeconds: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): VerifyResult {
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: 'malformed' };
  const expected = crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  // Constant-time comparison: a timing difference must not reveal how much of a guess was right.
  if (!crypto.timingSafeEqual(expected, Buffer.from(given, 'hex'))) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'too_old' };
  return { ok: true, timestamp };
}
