/**
 * Webhook signatures: `Channelkeeper-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * "<t>.<raw body>", keyed with the workspace's secret (the whole `whsec_…` string, UTF-8). Binding
 * the timestamp lets a receiver refuse replays older than its tolerance. `verifyWebhookSignature`
 * is what docs/api.md#webhooks tells receivers to do; tests use it as a receiver would.
 */
import crypto from 'node:crypto';
import { randomToken } from '../platform/crypto/hash.ts';

export const SIGNATURE_HEADER = 'channelkeeper-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newWebhookSecret(): string {
  return `whsec_${randomToken(32)}`;
}

/** Enough of a secret to tell two apart in a settings page, and nothing more. */
export function secretHint(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}

export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const mac = crypto.createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'too_old' };

/** Checks a signature header against the raw body, refusing timestamps outside the tolerance. */
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
