/**
 * TikTok webhook signatures: `TikTok-Signature: t=<unix seconds>,s=<hex HMAC-SHA256(client secret,
 * "<t>.<raw body>")>`. https://developers.tiktok.com/doc/webhooks-verification (the scheme is from
 * TikTok's docs as we know them; unverified against production). A signature older or newer than
 * five minutes is refused: TikTok signs each delivery afresh, so a stale one is a replay.
 */
import crypto from 'node:crypto';
import { MINUTE } from '../kernel/clock.ts';

export const TIKTOK_SIGNATURE_TOLERANCE_MS = 5 * MINUTE;

export type TikTokSignatureCheck = { ok: true; signedAt: Date } | { ok: false; code: 'webhook_signature_invalid' | 'webhook_signature_expired'; problem: string };

export function verifyTikTokSignature(header: unknown, rawBody: string, secret: string, now: Date): TikTokSignatureCheck {
  if (typeof header !== 'string' || header.length === 0 || header.length > 1000) {
    return { ok: false, code: 'webhook_signature_invalid', problem: 'The TikTok-Signature header is missing.' };
  }
  const fields = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = fields.get('t') ?? '';
  const s = fields.get('s') ?? '';
  if (!/^\d{1,11}$/.test(t) || !/^[0-9a-fA-F]{64}$/.test(s)) {
    return { ok: false, code: 'webhook_signature_invalid', problem: 'The TikTok-Signature header is not "t=<seconds>,s=<hex>".' };
  }
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  if (secret.length === 0 || !crypto.timingSafeEqual(expected, Buffer.from(s, 'hex'))) {
    return { ok: false, code: 'webhook_signature_invalid', problem: 'The signature does not match.' };
  }
  const signedAt = new Date(Number(t) * 1000);
  if (Math.abs(now.getTime() - signedAt.getTime()) > TIKTOK_SIGNATURE_TOLERANCE_MS) {
    return { ok: false, code: 'webhook_signature_expired', problem: 'The signature is more than five minutes away from now.' };
  }
  return { ok: true, signedAt };
}
