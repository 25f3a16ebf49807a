/**
 * Signed, expiring tokens for links sent by email (reconnect links). The payload is readable but
 * cannot be forged or extended; verification accepts any key of the ring, so a key rotation does
 * not break links already mailed.
 */
import crypto from 'node:crypto';
import type { KeyRing } from './key-ring.ts';

const PURPOSE = 'signed-link';

/**
 * An expired link was still ours (its signature holds): it carries its payload, so the page saying it
 * expired can speak to its reader in their workspace's brand. An invalid one carries nothing.
 */
export type LinkCheck<T> = { ok: true; payload: T } | { ok: false; code: 'reconnect_link_invalid' } | { ok: false; code: 'reconnect_link_expired'; payload: T };

/** `purpose` separates kinds of links: a link signed for one purpose never verifies for another. */
export function signLink<T extends object>(ring: KeyRing, payload: T, expiresAt: Date, purpose = PURPOSE): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: expiresAt.getTime(), kid: ring.activeKeyId })).toString('base64url');
  return `${body}.${ring.mac(purpose, body).toString('base64url')}`;
}

export function verifyLink<T extends object>(ring: KeyRing, token: string, now: Date, purpose = PURPOSE): LinkCheck<T> {
  const parts = token.split('.');
  const [body, signature] = parts;
  if (parts.length !== 2 || !body || !signature) return { ok: false, code: 'reconnect_link_invalid' };
  let payload: T & { exp?: unknown; kid?: unknown };
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, code: 'reconnect_link_invalid' };
  }
  if (typeof payload !== 'object' || payload === null) return { ok: false, code: 'reconnect_link_invalid' };
  if (typeof payload.kid !== 'string' || !ring.keyIds.includes(payload.kid)) return { ok: false, code: 'reconnect_link_invalid' };
  const expected = ring.mac(purpose, body, payload.kid);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { ok: false, code: 'reconnect_link_invalid' };
  }
  if (typeof payload.exp !== 'number' || payload.exp <= now.getTime()) return { ok: false, code: 'reconnect_link_expired', payload };
  return { ok: true, payload };
}
