import crypto from 'node:crypto';

/** Secrets we only ever compare (API keys, session and state tokens) are stored as SHA-256. */
export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('base64url');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}
