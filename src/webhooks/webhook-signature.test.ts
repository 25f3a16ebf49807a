import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { expect, it, vi } from 'vitest';
import { legacySignatureHeader, newWebhookSecret, secretHint, signatureHeaders, signingKey, standardSignature, verifyWebhookSignature } from './webhook-signature.ts';

const legacySecret = `whsec_${crypto.randomBytes(32).toString('base64url')}`;
const body = '{"id":"evt_1","type":"connection.connected"}';
const at = 1_767_225_600;

/** What a receiver does with the reference library, its clock set to `nowSeconds`. */
function verifies(secret: string, headers: Record<string, string>, nowSeconds = at): boolean {
  vi.useFakeTimers({ now: nowSeconds * 1000, toFake: ['Date'] });
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  } finally {
    vi.useRealTimers();
  }
}

const headersFor = (secrets: string[], legacyHeader = false) => signatureHeaders({ webhookId: 'whd_01', timestampSeconds: at, body, secrets, legacyHeader });

it('a new secret is whsec_ and the base64 of 32 random bytes, and its hint shows only the last four characters', () => {
  const one = newWebhookSecret();
  expect(one).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(signingKey(one)).toEqual(Buffer.from(one.slice('whsec_'.length), 'base64'));
  expect(signingKey(one)).toHaveLength(32);
  expect(one).not.toBe(newWebhookSecret());
  expect(secretHint(one)).toBe(`whsec_…${one.slice(-4)}`);
});

it('a delivery carries webhook-id, webhook-timestamp and a v1 signature the standardwebhooks library verifies', () => {
  const secret = newWebhookSecret();
  const headers = headersFor([secret]);
  expect(headers).toEqual({ 'webhook-id': 'whd_01', 'webhook-timestamp': String(at), 'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/) });
  expect(verifies(secret, headers)).toBe(true);
  expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('whd_01', new Date(at * 1000), body));
});

it('a wrong secret, a changed body, id or timestamp, or a stale timestamp does not verify', () => {
  const secret = newWebhookSecret();
  const headers = headersFor([secret]);
  expect(verifies(newWebhookSecret(), headers)).toBe(false);
  expect(verifies(secret, { ...headers, 'webhook-id': 'whd_02' })).toBe(false);
  expect(verifies(secret, { ...headers, 'webhook-timestamp': String(at + 1) }, at + 1)).toBe(false);
  expect(verifies(secret, headers, at + 300)).toBe(true);
  expect(verifies(secret, headers, at + 301)).toBe(false);
  expect(standardSignature(secret, 'whd_01', at, body.replace('connected', 'revoked'))).not.toBe(headers['webhook-signature']);
});

it('during a rotation both secrets sign, newest first, and either verifies', () => {
  const [fresh, old] = [newWebhookSecret(), newWebhookSecret()];
  const headers = headersFor([fresh, old]);
  expect(headers['webhook-signature']).toBe(`${standardSignature(fresh, 'whd_01', at, body)} ${standardSignature(old, 'whd_01', at, body)}`);
  expect(verifies(fresh, headers)).toBe(true);
  expect(verifies(old, headers)).toBe(true);
  expect(verifies(newWebhookSecret(), headers)).toBe(false);
});

it('a secret issued before keeps its key, its own bytes: whsec_ + base64 of the secret verifies with the library', () => {
  expect(signingKey(legacySecret)).toEqual(Buffer.from(legacySecret, 'utf8'));
  const headers = headersFor([legacySecret]);
  expect(verifies(`whsec_${Buffer.from(legacySecret).toString('base64')}`, headers)).toBe(true);
  // As it is, a library refuses it or reads other bytes from it: the receiver converts it, or rotates.
  expect(verifies(legacySecret, headers)).toBe(false);
  // Free text from WEBHOOK_SECRET is a key of its own bytes too; text that is standard base64 is decoded, as the library does.
  expect(signingKey('a configured secret of 24+ chars')).toEqual(Buffer.from('a configured secret of 24+ chars'));
  expect(signingKey('whsec_MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u')).toEqual(Buffer.from('0123456789abcdefghijklmn'));
  expect(verifies('whsec_MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u', headersFor(['whsec_MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u']))).toBe(true);
});

it('the old Channelkeeper-Signature is sent only when asked for, with the current secret, and verifies as before', () => {
  const [fresh, old] = [newWebhookSecret(), legacySecret];
  expect(headersFor([fresh])['channelkeeper-signature']).toBeUndefined();
  const header = headersFor([fresh, old], true)['channelkeeper-signature'];
  expect(header).toBe(legacySignatureHeader(fresh, at, body));
  expect(header).toMatch(new RegExp(`^t=${at},v1=[0-9a-f]{64}$`));
  expect(verifyWebhookSignature(fresh, header, body, at)).toEqual({ ok: true, timestamp: at });
  expect(verifyWebhookSignature(old, header, body, at)).toEqual({ ok: false, reason: 'mismatch' });
});

it('the old header check refuses a changed body or timestamp, a replay, and a malformed header without throwing', () => {
  const header = legacySignatureHeader(legacySecret, 1000, body);
  expect(verifyWebhookSignature(legacySecret, header, body.replace('connected', 'revoked'), 1000)).toEqual({ ok: false, reason: 'mismatch' });
  expect(verifyWebhookSignature(legacySecret, header.replace('t=1000', 't=1001'), body, 1000)).toEqual({ ok: false, reason: 'mismatch' });
  expect(verifyWebhookSignature(legacySecret, header, body, 1300).ok).toBe(true);
  expect(verifyWebhookSignature(legacySecret, header, body, 1301)).toEqual({ ok: false, reason: 'too_old' });
  for (const bad of [undefined, '', 't=abc,v1=00', 'v1=zz', `t=1000,v1=${'0'.repeat(63)}`]) {
    expect(verifyWebhookSignature(legacySecret, bad, body, 1000)).toEqual({ ok: false, reason: 'malformed' });
  }
});
