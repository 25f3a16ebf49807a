import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode, errorCatalog, fail, ok, statusOf } from './errors.ts';

const entries = Object.entries(errorCatalog) as [ErrorCode, { status: number; message: string }][];

describe('the error catalog', () => {
  it.each(entries)('%s has a 4xx or 5xx status and a sentence for people', (code, { status, message }) => {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(message).toMatch(/^[A-Z].*\.$/);
    expect(statusOf(code)).toBe(status);
  });

  it('codes are snake_case', () => {
    for (const [code] of entries) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('failures caused by the caller are 4xx and failures on our side or upstream are 5xx', () => {
    expect(statusOf('invalid_request')).toBe(400);
    expect(statusOf('unauthorized')).toBe(401);
    expect(statusOf('internal_error')).toBe(500);
    expect(statusOf('provider_unavailable')).toBe(503);
  });
});

describe('carrying an error', () => {
  it('an AppError speaks the catalog sentence unless given a more precise one', () => {
    expect(new AppError('not_found').message).toBe(errorCatalog.not_found.message);
    expect(new AppError('not_found', 'There is no connection conn_1.').message).toBe('There is no connection conn_1.');
  });

  it('a failure value becomes an AppError with its code, message and details', () => {
    const result = fail('personal_account', undefined, { accountType: 'PERSONAL' });
    expect(result.ok).toBe(false);
    const error = AppError.from(result.error);
    expect(error).toMatchObject({ code: 'personal_account', details: { accountType: 'PERSONAL' }, message: errorCatalog.personal_account.message });
  });

  it('a success carries its value', () => {
    expect(ok(42)).toEqual({ ok: true, value: 42 });
  });
});
