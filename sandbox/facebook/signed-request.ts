/**
 * Meta's `signed_request`, as posted to an app's Deauthorize and Data Deletion callbacks
 * (https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/):
 * `<base64url(HMAC-SHA256(app secret, payload segment))>.<base64url(JSON payload)>`, without padding.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequestPayload {
  user_id: string;
  algorithm: 'HMAC-SHA256';
  issued_at: number;
  expires?: number;
  [key: string]: unknown;
}

export function signRequest(payload: SignedRequestPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = createHmac('sha256', secret).update(body).digest('base64url');
  return `${signature}.${body}`;
}

/** The payload when the signature matches the secret; undefined otherwise (for the sandbox's own tests). */
export function verifySignedRequest(signed: string, secret: string): SignedRequestPayload | undefined {
  const [signature, body, extra] = signed.split('.');
  if (!signature || !body || extra !== undefined) return undefined;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as SignedRequestPayload;
    return payload.algorithm === 'HMAC-SHA256' ? payload : undefined;
  } catch {
    return undefined;
  }
}
