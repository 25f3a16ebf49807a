import { expect, it } from 'vitest';
import { newWebhookSecret, secretHint, signatureHeader, verifyWebhookSignature } from './webhook-signature.ts';

const secret = 'whsec_test_secret_0123456789';
const body = '{"id":"evt_1","type":"connection.connected"}';

it('a signature made with the secret verifies against the same body', () => {
  const header = signatureHeader(secret, 1_767_225_600, body);
  expect(header).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
  expect(verifyWebhookSignature(secret, header, body, 1_767_225_600)).toEqual({ ok: true, timestamp: 1_767_225_600 });
});

it('a wrong secret, a changed body or a changed timestamp does not verify', () => {
  const header = signatureHeader(secret, 1000, body);
  expect(verifyWebhookSignature('whsec_other', header, body, 1000)).toEqual({ ok: false, reason: 'mismatch' });
  expect(verifyWebhookSignature(secret, header, body.replace('connected', 'revoked'), 1000)).toEqual({ ok: false, reason: 'mismatch' });
  expect(verifyWebhookSignature(secret, header.replace('t=1000', 't=1001'), body, 1000)).toEqual({ ok: false, reason: 'mismatch' });
});

it('a signature older than the tolerance is refused as a replay', () => {
  const header = signatureHeader(secret, 1000, body);
  expect(verifyWebhookSignature(secret, header, body, 1300).ok).toBe(true);
  expect(verifyWebhookSignature(secret, header, body, 1301)).toEqual({ ok: false, reason: 'too_old' });
});

it('a missing or malformed header is refused, not thrown on', () => {
  for (const header of [undefined, '', 't=abc,v1=00', 'v1=zz', `t=1000,v1=${'0'.repeat(63)}`]) {
    expect(verifyWebhookSignature(secret, header, body, 1000)).toEqual({ ok: false, reason: 'malformed' });
  }
});

it('secrets are random and their hint shows only the last four characters', () => {
  const one = newWebhookSecret();
  expect(one).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  expect(one).not.toBe(newWebhookSecret());
  expect(secretHint(one)).toBe(`whsec_…${one.slice(-4)}`);
});
