/**
 * AES-256-GCM sealing under a key ring. The first key seals; every key opens, so keys can rotate
 * while the service runs. The key id and a context (the connection id and the secret's role) are
 * bound into each ciphertext as associated data: a sealed token copied onto another connection,
 * or relabelled with another key id, fails to open instead of leaking.
 */
import crypto from 'node:crypto';

const FORMAT = 'ck1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeyRingError extends Error {}

export interface KeyRing {
  readonly activeKeyId: string;
  readonly keyIds: readonly string[];
  /** Seals under the active key, or under `keyId` (the key canaries prove each key of the ring). */
  seal(plaintext: string, context: string, keyId?: string): string;
  open(sealed: string, context: string): string;
  /** The id of the key that sealed a value, without opening it. */
  keyIdOf(sealed: string): string;
  /** HMAC-SHA256 under a key derived from the ring for one purpose (link signing). */
  mac(purpose: string, data: string, keyId?: string): Buffer;
}

export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const entry of spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf(':');
    if (separator <= 0) throw new KeyRingError('ENCRYPTION_KEYS entries must look like keyId:base64key');
    const keyId = entry.slice(0, separator);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) throw new KeyRingError(`invalid key id "${keyId}" (use letters, digits, _ or -)`);
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (key.length !== 32) throw new KeyRingError(`key "${keyId}" must be 32 bytes of base64 (got ${key.length})`);
    if (keys.has(keyId)) throw new KeyRingError(`key id "${keyId}" appears twice`);
    keys.set(keyId, key);
  }
  const activeKeyId = keys.keys().next().value;
  if (activeKeyId === undefined) throw new KeyRingError('ENCRYPTION_KEYS holds no key');
  return createKeyRing(keys, activeKeyId);
}

export function generateKeySpec(keyId = 'k1'): string {
  return `${keyId}:${crypto.randomBytes(32).toString('base64')}`;
}

function createKeyRing(rawKeys: Map<string, Buffer>, activeKeyId: string): KeyRing {
  // KeyObjects made once: building one per call shows up on the access-token hot path.
  const keys = new Map([...rawKeys].map(([id, raw]) => [id, crypto.createSecretKey(raw)]));
  const keyFor = (keyId: string): crypto.KeyObject => {
    const key = keys.get(keyId);
    if (!key) throw new KeyRingError(`no key "${keyId}" in ENCRYPTION_KEYS`);
    return key;
  };
  const aad = (keyId: string, context: string) => Buffer.from(`${FORMAT}|${keyId}|${context}`);
  const derived = new Map<string, Buffer>();
  return {
    activeKeyId,
    keyIds: [...keys.keys()],
    seal(plaintext, context, keyId = activeKeyId) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(keyId), iv);
      cipher.setAAD(aad(keyId, context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const blob = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
      return `${FORMAT}.${keyId}.${blob}`;
    },
    open(sealed, context) {
      const [format, keyId, blob] = sealed.split('.');
      if (format !== FORMAT || !keyId || !blob) throw new KeyRingError('not a sealed secret');
      const key = keyFor(keyId);
      const raw = Buffer.from(blob, 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new KeyRingError('sealed secret is truncated');
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(aad(keyId, context));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new KeyRingError('sealed secret failed authentication (wrong key, context or tampered)');
      }
    },
    keyIdOf(sealed) {
      const keyId = sealed.split('.')[1];
      if (!keyId) throw new KeyRingError('not a sealed secret');
      return keyId;
    },
    mac(purpose, data, keyId = activeKeyId) {
      const cacheKey = `${keyId}|${purpose}`;
      let key = derived.get(cacheKey);
      if (!key) {
        key = Buffer.from(crypto.hkdfSync('sha256', keyFor(keyId).export(), Buffer.alloc(0), `channelkeeper:${purpose}`, 32));
        derived.set(cacheKey, key);
      }
      return crypto.createHmac('sha256', key).update(data).digest();
    },
  };
}
