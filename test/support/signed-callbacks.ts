/** Signs network callbacks the way the networks do, for tests. */
import crypto from 'node:crypto';

/** Meta's signed_request: base64url(HMAC-SHA256(secret, payload segment)) "." base64url(payload JSON), unpadded. */
export function signMetaRequest(secret: string, payload: Record<string, unknown> | string): string {
  const segment = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64url');
  const signature = crypto.createHmac('sha256', secret).update(segment).digest('base64url');
  return `${signature}.${segment}`;
}

/** TikTok's `TikTok-Signature` header for a raw body signed at `t` (unix seconds). */
export function signTikTok(secret: string, rawBody: string, t: number): string {
  return `t=${t},s=${crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`;
}
