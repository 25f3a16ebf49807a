import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from './webhooks.ts';

const secret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
const body = JSON.stringify({ type: 'connection.disconnected', data: { id: 'con_1' } });
const now = new Date('2026-12-06T10:00:00Z');
const headersFor = (signature: string, at = now, id = 'msg_1') => ({
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  'webhook-signature': signature,
});

describe('verifyWebhook, as the Standard Webhooks specification defines it', () => {
  it('accepts what the reference library signs, and returns the parsed body', () => {
    const signature = new Webhook(secret).sign('msg_1', now, body);
    expect(verifyWebhook(body, headersFor(signature), secret, { now })).toEqual(JSON.parse(body));
  });

  it('signs as the reference library verifies (the two agree both ways)', () => {
    const signature = new Webhook(secret).sign('msg_2', now, body);
    const headers = headersFor(signature, now, 'msg_2');
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(); // the library checks against the wall clock: this delivery is from another day
    expect(verifyWebhook(body, headers, secret, { now })).toBeTruthy();
  });

  it('accepts a header carrying two signatures when either matches (a secret rotation overlaps)', () => {
    const old = `whsec_${crypto.randomBytes(24).toString('base64')}`;
    const both = `${new Webhook(secret).sign('msg_1', now, body)} ${new Webhook(old).sign('msg_1', now, body)}`;
    expect(verifyWebhook(body, headersFor(both), old, { now })).toBeTruthy();
    expect(verifyWebhook(body, headersFor(both), secret, { now })).toBeTruthy();
  });

  it('refuses another secret, a changed body, or another id', () => {
    const signature = new Webhook(secret).sign('msg_1', now, body);
    const other = `whsec_${crypto.randomBytes(24).toString('base64')}`;
    expect(() => verifyWebhook(body, headersFor(signature), other, { now })).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(`${body} `, headersFor(signature), secret, { now })).toThrow(/No signature matches/);
    expect(() => verifyWebhook(body, headersFor(signature, now, 'msg_9'), secret, { now })).toThrow(/No signature matches/);
  });

  it('refuses a delivery more than five minutes old or ahead (replays)', () => {
    const signature = new Webhook(secret).sign('msg_1', now, body);
    const later = new Date(now.getTime() + 301_000);
    expect(() => verifyWebhook(body, headersFor(signature), secret, { now: later })).toThrow(expect.objectContaining({ reason: 'too_old' }));
    const earlier = new Date(now.getTime() - 301_000);
    expect(() => verifyWebhook(body, headersFor(signature), secret, { now: earlier })).toThrow(expect.objectContaining({ reason: 'too_new' }));
  });

  it('refuses missing headers and a timestamp that is not a number', () => {
    expect(() => verifyWebhook(body, {}, secret, { now })).toThrow(expect.objectContaining({ reason: 'missing_headers' }));
    expect(() => verifyWebhook(body, { ...headersFor('v1,x'), 'webhook-timestamp': 'soon' }, secret, { now })).toThrow(expect.objectContaining({ reason: 'bad_timestamp' }));
  });

  it('reads headers from a fetch Headers object as well as a plain record', () => {
    const signature = new Webhook(secret).sign('msg_1', now, body);
    expect(verifyWebhook(body, new Headers(headersFor(signature)), secret, { now })).toBeTruthy();
  });
});
