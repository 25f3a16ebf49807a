import { describe, expect, it } from 'vitest';
import { generateKeySpec, KeyRingError, parseKeyRing } from './key-ring.ts';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const K1 = `k1:${key(1)}`;
const K2 = `k2:${key(2)}`;
const TOKEN = 'IGAAsecret-access-token';
const CONTEXT = 'conn_1:access';

/** Replaces one character of the base64url blob with another, keeping it valid base64url. */
function tamper(sealed: string, at: number): string {
  const [format, keyId, blob] = sealed.split('.') as [string, string, string];
  const flipped = blob[at] === 'A' ? 'B' : 'A';
  return `${format}.${keyId}.${blob.slice(0, at)}${flipped}${blob.slice(at + 1)}`;
}

describe('sealing secrets', () => {
  it('a sealed secret opens to the same text under the same context', () => {
    const ring = parseKeyRing(K1);
    expect(ring.open(ring.seal(TOKEN, CONTEXT), CONTEXT)).toBe(TOKEN);
  });

  it('sealing the same secret twice gives different ciphertexts', () => {
    const ring = parseKeyRing(K1);
    expect(ring.seal(TOKEN, CONTEXT)).not.toBe(ring.seal(TOKEN, CONTEXT));
  });

  it('a sealed value names its key but never contains the secret', () => {
    const ring = parseKeyRing(K1);
    const sealed = ring.seal(TOKEN, CONTEXT);
    expect(sealed).toMatch(/^ck1\.k1\.[\w-]+$/);
    expect(ring.keyIdOf(sealed)).toBe('k1');
    expect(sealed).not.toContain(TOKEN);
  });

  it('a secret copied onto another connection does not open there', () => {
    const ring = parseKeyRing(K1);
    const sealed = ring.seal(TOKEN, 'conn_1:access');
    expect(() => ring.open(sealed, 'conn_2:access')).toThrow(KeyRingError);
    expect(() => ring.open(sealed, 'conn_1:refresh')).toThrow(KeyRingError);
  });

  it('a tampered ciphertext does not open', () => {
    const ring = parseKeyRing(K1);
    const sealed = ring.seal(TOKEN, CONTEXT);
    const blobLength = sealed.split('.')[2]!.length;
    for (const at of [0, 20, blobLength - 2]) expect(() => ring.open(tamper(sealed, at), CONTEXT), `at ${at}`).toThrow(KeyRingError);
  });

  it('a truncated ciphertext does not open, and fails as a key-ring error', () => {
    const ring = parseKeyRing(K1);
    const sealed = ring.seal(TOKEN, CONTEXT);
    expect(() => ring.open(sealed.slice(0, 'ck1.k1.'.length + 4), CONTEXT)).toThrow(KeyRingError);
  });

  it('a value relabelled with another key id does not open', () => {
    const ring = parseKeyRing(`${K2},${K1}`);
    const sealed = ring.seal(TOKEN, CONTEXT);
    expect(() => ring.open(sealed.replace('.k2.', '.k1.'), CONTEXT)).toThrow(KeyRingError);
  });

  it('a value sealed under a key the ring does not hold does not open', () => {
    const sealed = parseKeyRing(K2).seal(TOKEN, CONTEXT);
    expect(() => parseKeyRing(K1).open(sealed, CONTEXT)).toThrow(KeyRingError);
  });

  it('a string that is not a sealed value is refused', () => {
    const ring = parseKeyRing(K1);
    for (const text of ['', TOKEN, 'ck1.k1', 'ck0.k1.AAAA']) expect(() => ring.open(text, CONTEXT), text).toThrow(KeyRingError);
    expect(() => ring.keyIdOf(TOKEN)).toThrow(KeyRingError);
  });
});

describe('rotating keys', () => {
  it('the first key of the ring seals; later keys still open what they sealed', () => {
    const before = parseKeyRing(K1).seal(TOKEN, CONTEXT);
    const rotated = parseKeyRing(`${K2},${K1}`);
    expect(rotated.activeKeyId).toBe('k2');
    expect(rotated.keyIds).toEqual(['k2', 'k1']);
    expect(rotated.open(before, CONTEXT)).toBe(TOKEN);
    expect(rotated.keyIdOf(rotated.seal(TOKEN, CONTEXT))).toBe('k2');
  });

  it('a value sealed under a named key of the ring opens only where that key is held', () => {
    const sealed = parseKeyRing(`${K2},${K1}`).seal(TOKEN, CONTEXT, 'k1');
    expect(parseKeyRing(K1).keyIdOf(sealed)).toBe('k1');
    expect(parseKeyRing(K1).open(sealed, CONTEXT)).toBe(TOKEN);
    expect(() => parseKeyRing(K2).open(sealed, CONTEXT)).toThrow(KeyRingError);
  });

  it('a value sealed after the rotation opens under the new ring alone', () => {
    const sealed = parseKeyRing(`${K2},${K1}`).seal(TOKEN, CONTEXT);
    expect(parseKeyRing(K2).open(sealed, CONTEXT)).toBe(TOKEN);
  });
});

describe('reading ENCRYPTION_KEYS', () => {
  it.each([
    ['an entry without a colon', key(1)],
    ['an entry without a key id', `:${key(1)}`],
    ['a key shorter than 32 bytes', `k1:${Buffer.alloc(16, 1).toString('base64')}`],
    ['a key longer than 32 bytes', `k1:${Buffer.alloc(33, 1).toString('base64')}`],
    ['a key id used twice', `${K1},k1:${key(2)}`],
    ['a key id with a dot (it would break the sealed format)', `k.1:${key(1)}`],
    ['an empty spec', ''],
    ['only separators', ' , ,'],
  ])('refuses %s', (_what, spec) => {
    expect(() => parseKeyRing(spec)).toThrow(KeyRingError);
  });

  it('tolerates spaces around entries', () => {
    expect(parseKeyRing(` ${K2} , ${K1} `).keyIds).toEqual(['k2', 'k1']);
  });

  it('a generated spec is a valid one-key ring', () => {
    const ring = parseKeyRing(generateKeySpec('fresh'));
    expect(ring.keyIds).toEqual(['fresh']);
    expect(ring.open(ring.seal(TOKEN, CONTEXT), CONTEXT)).toBe(TOKEN);
  });

  it('a key-ring error never repeats the key material', () => {
    const shortKey = Buffer.alloc(16, 7).toString('base64');
    expect(() => parseKeyRing(`k1:${shortKey}`)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(shortKey) }));
  });
});

describe('message authentication codes', () => {
  it('are stable for the same key, purpose and data', () => {
    expect(parseKeyRing(K1).mac('signed-link', 'data')).toEqual(parseKeyRing(K1).mac('signed-link', 'data'));
  });

  it('differ between purposes, data and keys', () => {
    const ring = parseKeyRing(`${K2},${K1}`);
    const base = ring.mac('signed-link', 'data');
    expect(ring.mac('other', 'data')).not.toEqual(base);
    expect(ring.mac('signed-link', 'date')).not.toEqual(base);
    expect(ring.mac('signed-link', 'data', 'k1')).not.toEqual(base);
  });

  it('made under an older key can be recomputed after rotation', () => {
    const before = parseKeyRing(K1).mac('signed-link', 'data');
    expect(parseKeyRing(`${K2},${K1}`).mac('signed-link', 'data', 'k1')).toEqual(before);
  });

  it('under a key the ring does not hold are refused', () => {
    expect(() => parseKeyRing(K1).mac('signed-link', 'data', 'k9')).toThrow(KeyRingError);
  });
});
