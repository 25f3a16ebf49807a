import { expect, it } from 'vitest';
import { DAY, MINUTE, SECOND } from '../kernel/clock.ts';
import { keyHint, keyRefusal, keyStatus, lastUseIsStale, refusalMessage } from './api-key.rules.ts';

const now = new Date('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

it('a key neither revoked nor expired opens the API; one expiring later still does', () => {
  expect(keyRefusal({ revokedAt: null, expiresAt: null }, now)).toBeUndefined();
  expect(keyRefusal({ revokedAt: null, expiresAt: at(SECOND) }, now)).toBeUndefined();
  expect(keyStatus({ revokedAt: null, expiresAt: at(DAY) }, now)).toBe('active');
});

it('an expired key is refused from its expiry instant on, saying since when', () => {
  const refusal = keyRefusal({ revokedAt: null, expiresAt: now }, now);
  expect(refusal).toEqual({ reason: 'expired', at: now });
  expect(refusalMessage(refusal!)).toMatch(/^This API key expired at 2026-03-01T12:00:00.000Z; create a new one/);
});

it('a revoked key is refused whatever this process’s clock says of the revocation time (another process’s clock may run ahead)', () => {
  expect(keyRefusal({ revokedAt: at(5 * SECOND), expiresAt: null }, now)).toEqual({ reason: 'revoked', at: at(5 * SECOND) });
  // Revocation wins over expiry: it was an act, and says more.
  expect(keyRefusal({ revokedAt: at(-DAY), expiresAt: at(-2 * DAY) }, now)?.reason).toBe('revoked');
  expect(refusalMessage({ reason: 'revoked', at: now })).toBe('This API key was revoked at 2026-03-01T12:00:00.000Z; use another key of the workspace.');
});

it('the last use is stamped when never stamped or stamped a minute or more ago, not more often', () => {
  expect(lastUseIsStale(null, now)).toBe(true);
  expect(lastUseIsStale(at(-59 * SECOND), now)).toBe(false);
  expect(lastUseIsStale(at(-MINUTE), now)).toBe(true);
});

it('the hint of a key in our format is its prefix and four characters; of any other key, at most a quarter of it and four characters', () => {
  expect(keyHint('ck_live_Xq3fUu8bE1v0d5bJr2QZ0mS9kq1wHc7L')).toBe('ck_live_Xq3f');
  expect(keyHint('ck_demo_AbCdEfGhIjKlMnOpQrStUvWx')).toBe('ck_demo_AbCd');
  expect(keyHint('0123456789abcdef')).toBe('0123');
  expect(keyHint('a-long-operator-chosen-secret-value')).toBe('a-lo');
  // Our prefix with too little after it is not our format: it gets the short hint.
  expect(keyHint('ck_live_0123456789')).toBe('ck_l');
});
