/**
 * Signed links to archived files: `/media-files/<file id>?e=<expiry, Unix seconds>&k=<key id>&s=<MAC>`.
 * The MAC (the key ring's, for this purpose only) covers the file id and the expiry, so a link names one
 * file until one instant and cannot be edited into another; any key of the ring verifies, so a key
 * rotation does not break links already handed out. Kept short: file ids are path parameters, and a
 * link sits in every post of an API page.
 */
import crypto from 'node:crypto';
import type { KeyRing } from '../platform/crypto/key-ring.ts';

const PURPOSE = 'media-file';

export function fileLink(ring: KeyRing, publicUrl: string, fileId: string, expiresAt: Date): string {
  const e = Math.floor(expiresAt.getTime() / 1000);
  const s = ring.mac(PURPOSE, `${fileId}.${e}`).toString('base64url');
  return `${publicUrl}/media-files/${encodeURIComponent(fileId)}?e=${e}&k=${encodeURIComponent(ring.activeKeyId)}&s=${s}`;
}

export type FileLinkCheck = 'ok' | 'invalid' | 'expired';

export function checkFileLink(ring: KeyRing, fileId: string, query: Record<string, unknown>, now: Date): FileLinkCheck {
  const { e, k, s } = query;
  if (typeof e !== 'string' || !/^\d{1,12}$/.test(e) || typeof k !== 'string' || typeof s !== 'string' || !ring.keyIds.includes(k)) return 'invalid';
  const expected = ring.mac(PURPOSE, `${fileId}.${e}`, k);
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return 'invalid';
  return Number(e) * 1000 > now.getTime() ? 'ok' : 'expired';
}
