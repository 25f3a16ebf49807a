import { describe, expect, it } from 'vitest';
import { signMetaRequest } from '../../test/support/signed-callbacks.ts';
import { verifySignedRequest } from './meta-signed-request.ts';

const now = new Date('2026-01-05T02:00:00Z');
const issuedAt = now.getTime() / 1000;
const secrets = [
  ['instagram', 'ig-secret'],
  ['facebook', 'fb-secret'],
] as const;
const payload = (extra: Record<string, unknown> = {}) => ({ user_id: '17841400000000001', algorithm: 'HMAC-SHA256', issued_at: issuedAt, ...extra });
const check = (value: unknown) => verifySignedRequest(value, secrets, now);

describe('reading a Meta signed_request', () => {
  it('accepts a request signed with one of our app secrets and says which', () => {
    const result = check(signMetaRequest('fb-secret', payload()));
    expect(result).toMatchObject({ ok: true, verifiedBy: ['facebook'], request: { userId: '17841400000000001', issuedAt: now, expiresAt: null } });
  });

  it("matches Meta's documented example format: unpadded base64url, signature over the payload segment as sent", () => {
    const segment = Buffer.from(JSON.stringify(payload())).toString('base64url');
    const signed = signMetaRequest('ig-secret', payload());
    expect(signed.split('.')[1]).toBe(segment);
    expect(signed).not.toContain('=');
    // A padded copy of the same request is the same request.
    const [sig] = signed.split('.');
    expect(check(`${sig}=.${segment}`)).toMatchObject({ ok: true });
  });

  it('keeps every digit of a user_id sent as a JSON number above 2^53', () => {
    const raw = `{"user_id":17841400000000001,"algorithm":"HMAC-SHA256","issued_at":${issuedAt}}`;
    expect(check(signMetaRequest('ig-secret', raw))).toMatchObject({ ok: true, request: { userId: '17841400000000001' } });
  });

  it('the same request always has the same fingerprint, and another request another', () => {
    const a = check(signMetaRequest('ig-secret', payload()));
    const b = check(signMetaRequest('ig-secret', payload({ issued_at: issuedAt - 1 })));
    expect(a.ok && b.ok && a.request.fingerprint !== b.request.fingerprint).toBe(true);
    expect(check(signMetaRequest('ig-secret', payload()))).toEqual(a);
  });

  it.each([
    ['nothing', undefined],
    ['an empty string', ''],
    ['a number', 42],
    ['no dot', 'abcdef'],
    ['three segments', 'a.b.c'],
    ['an empty signature', '.eyJ9'],
    ['characters outside base64url', 'ab+/cd.eyJ9'],
    ['a short signature', `${Buffer.from('short').toString('base64url')}.eyJ9`],
  ])('refuses %s as invalid', (_name, value) => {
    expect(check(value)).toMatchObject({ ok: false, code: 'signed_request_invalid' });
  });

  it('refuses a forged signature, and one made with a secret that is not ours', () => {
    const [, segment] = signMetaRequest('ig-secret', payload()).split('.');
    expect(check(`${Buffer.alloc(32, 7).toString('base64url')}.${segment}`)).toMatchObject({ ok: false, code: 'signed_request_invalid', problem: 'The signature does not match.' });
    expect(check(signMetaRequest('someone-else', payload()))).toMatchObject({ ok: false, code: 'signed_request_invalid' });
  });

  it('refuses a signed payload that was altered after signing', () => {
    const [sig] = signMetaRequest('ig-secret', payload()).split('.');
    const other = Buffer.from(JSON.stringify(payload({ user_id: '999' }))).toString('base64url');
    expect(check(`${sig}.${other}`)).toMatchObject({ ok: false, code: 'signed_request_invalid' });
  });

  it('refuses a correctly signed payload that is not a usable JSON object', () => {
    for (const raw of [
      'not json',
      '[1,2]',
      'null',
      JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: issuedAt }),
      JSON.stringify({ user_id: '1', algorithm: 'HMAC-SHA256' }),
    ]) {
      expect(check(signMetaRequest('ig-secret', raw)), raw).toMatchObject({ ok: false, code: 'signed_request_invalid' });
    }
  });

  it('refuses any algorithm but HMAC-SHA256', () => {
    expect(check(signMetaRequest('ig-secret', payload({ algorithm: 'HMAC-SHA1' })))).toMatchObject({
      ok: false,
      code: 'signed_request_invalid',
      problem: 'The algorithm is not HMAC-SHA256.',
    });
    expect(check(signMetaRequest('ig-secret', payload({ algorithm: undefined })))).toMatchObject({ ok: false, code: 'signed_request_invalid' });
    expect(check(signMetaRequest('ig-secret', payload({ algorithm: 'hmac-sha256' })))).toMatchObject({ ok: true });
  });

  it('accepts a request issued up to an hour ago, and refuses an older one as expired', () => {
    expect(check(signMetaRequest('ig-secret', payload({ issued_at: issuedAt - 3600 })))).toMatchObject({ ok: true });
    expect(check(signMetaRequest('ig-secret', payload({ issued_at: issuedAt - 3601 })))).toMatchObject({ ok: false, code: 'signed_request_expired' });
  });

  it('allows five minutes of clock skew, and refuses a request issued further in the future', () => {
    expect(check(signMetaRequest('ig-secret', payload({ issued_at: issuedAt + 300 })))).toMatchObject({ ok: true });
    expect(check(signMetaRequest('ig-secret', payload({ issued_at: issuedAt + 301 })))).toMatchObject({ ok: false, code: 'signed_request_invalid' });
  });

  it('refuses a request whose expires has passed; expires 0 means none', () => {
    expect(check(signMetaRequest('ig-secret', payload({ expires: issuedAt })))).toMatchObject({ ok: false, code: 'signed_request_expired' });
    expect(check(signMetaRequest('ig-secret', payload({ expires: issuedAt + 60 })))).toMatchObject({ ok: true, request: { expiresAt: new Date(now.getTime() + 60_000) } });
    expect(check(signMetaRequest('ig-secret', payload({ expires: 0 })))).toMatchObject({ ok: true, request: { expiresAt: null } });
  });

  it('never verifies against a missing secret', () => {
    expect(verifySignedRequest(signMetaRequest('', payload()), [['instagram', '']], now)).toMatchObject({ ok: false, code: 'signed_request_invalid' });
  });
});
