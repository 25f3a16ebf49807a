import { describe, expect, it } from 'vitest';
import { refusalReason } from './refusal-reason.rules.ts';

describe('the reason a refused refresh is given', () => {
  it('is the network’s own reason when no earlier attempt may have spent the token', () => {
    expect(refusalReason({ kind: 'reauth_required', reason: 'revoked' }, false)).toBe('revoked');
    expect(refusalReason({ kind: 'reauth_required', reason: undefined }, false)).toBe('revoked');
    expect(refusalReason({ kind: 'insufficient_scope', reason: 'insufficient_scope' }, false)).toBe('insufficient_scope');
  });

  it('is refresh_lost when a bare refusal follows an attempt whose answer never arrived', () => {
    expect(refusalReason({ kind: 'reauth_required', reason: 'revoked' }, true)).toBe('refresh_lost');
    expect(refusalReason({ kind: 'reauth_required', reason: 'invalid_token' }, true)).toBe('refresh_lost');
    expect(refusalReason({ kind: 'reauth_required', reason: undefined }, true)).toBe('refresh_lost');
  });

  it('is the owner’s act (app removed, password changed, checkpoint) even after such an attempt: a spent token never says that', () => {
    for (const reason of ['app_removed', 'password_changed', 'checkpoint', 'unconfirmed_user']) {
      expect(refusalReason({ kind: 'reauth_required', reason }, true)).toBe(reason);
    }
  });

  it('a missing permission is never taken for a lost renewal', () => {
    expect(refusalReason({ kind: 'insufficient_scope', reason: 'insufficient_scope' }, true)).toBe('insufficient_scope');
  });
});
