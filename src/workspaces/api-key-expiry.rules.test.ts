import { expect, it } from 'vitest';
import { DAY } from '../kernel/clock.ts';
import { expiryFrom, MAX_EXPIRY_DAYS } from './api-key-expiry.rules.ts';

const now = new Date('2026-03-01T12:00:00Z');

it('a key given no expiry never expires; given days, it expires that many days from now', () => {
  expect(expiryFrom({}, now)).toEqual({ ok: true, value: null });
  expect(expiryFrom({ expiresInDays: 90 }, now)).toEqual({ ok: true, value: new Date(now.getTime() + 90 * DAY) });
});

it('a key given an instant expires then, if it is in the future and at most ten years ahead', () => {
  expect(expiryFrom({ expiresAt: '2026-06-01T00:00:00Z' }, now)).toEqual({ ok: true, value: new Date('2026-06-01T00:00:00Z') });
  expect(expiryFrom({ expiresAt: now.toISOString() }, now)).toMatchObject({
    ok: false,
    error: { code: 'invalid_request', message: 'Invalid request: expiresAt: must be in the future.' },
  });
  expect(expiryFrom({ expiresAt: '2040-01-01T00:00:00Z' }, now)).toMatchObject({ ok: false, error: { details: { fields: [{ field: 'expiresAt' }] } } });
  expect(expiryFrom({ expiresAt: 'next tuesday' }, now)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
});

it('days and an instant together, or days out of range, are refused naming the field', () => {
  expect(expiryFrom({ expiresInDays: 1, expiresAt: '2026-06-01T00:00:00Z' }, now)).toMatchObject({
    ok: false,
    error: { message: 'Invalid request: expiresAt: give expiresInDays or expiresAt, not both.' },
  });
  for (const days of [0, -1, 1.5, Number.NaN, MAX_EXPIRY_DAYS + 1]) {
    expect(expiryFrom({ expiresInDays: days }, now)).toMatchObject({ ok: false, error: { details: { fields: [{ field: 'expiresInDays' }] } } });
  }
});
