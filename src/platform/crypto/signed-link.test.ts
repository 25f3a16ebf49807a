import { describe, expect, it } from 'vitest';
import { addMs, DAY } from '../../kernel/clock.ts';
import { parseKeyRing } from './key-ring.ts';
import { signLink, verifyLink } from './signed-link.ts';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const K1 = `k1:${key(1)}`;
const K2 = `k2:${key(2)}`;
const now = new Date('2026-02-01T10:00:00Z');
const expiresAt = addMs(now, 7 * DAY);
const payload = { ws: 'ws_1', creatorId: 'c1', provider: 'instagram' };

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (body: string) => JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
const parts = (link: string) => link.split('.') as [string, string];

describe('reconnect links', () => {
  it('a link verifies and gives back its payload', () => {
    const ring = parseKeyRing(K1);
    const check = verifyLink<typeof payload>(ring, signLink(ring, payload, expiresAt), now);
    expect(check).toEqual({ ok: true, payload: { ...payload, exp: expiresAt.getTime(), kid: 'k1' } });
  });

  it('a link whose body was edited is not valid', () => {
    const ring = parseKeyRing(K1);
    const [body, signature] = parts(signLink(ring, payload, expiresAt));
    const edited = encode({ ...decode(body), creatorId: 'c2' });
    expect(verifyLink(ring, `${edited}.${signature}`, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
  });

  it('a link whose expiry was pushed back is not valid (rather than merely expired)', () => {
    const ring = parseKeyRing(K1);
    const [body, signature] = parts(signLink(ring, payload, now));
    const extended = encode({ ...decode(body), exp: addMs(now, 365 * DAY).getTime() });
    expect(verifyLink(ring, `${extended}.${signature}`, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
  });

  it('a link whose signature was edited is not valid', () => {
    const ring = parseKeyRing(K1);
    const [body, signature] = parts(signLink(ring, payload, expiresAt));
    const edited = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(verifyLink(ring, `${body}.${edited}`, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
    expect(verifyLink(ring, `${body}.${signature.slice(0, 20)}`, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
  });

  it('a link signed with another key is not valid', () => {
    const link = signLink(parseKeyRing(`k1:${key(9)}`), payload, expiresAt);
    expect(verifyLink(parseKeyRing(K1), link, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
  });

  it('text that is not a link is not valid', () => {
    const ring = parseKeyRing(K1);
    for (const token of ['', 'abc', '.', 'not-json.sig', `${encode('a string')}.sig`, `${encode(42)}.sig`]) {
      expect(verifyLink(ring, token, now), token).toEqual({ ok: false, code: 'reconnect_link_invalid' });
    }
  });

  it('a link whose body is JSON null is not valid (and does not throw)', () => {
    expect(verifyLink(parseKeyRing(K1), `${encode(null)}.sig`, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
  });

  it('a link expires at its expiry instant, and still tells whose it was (its signature holds)', () => {
    const ring = parseKeyRing(K1);
    const link = signLink(ring, payload, expiresAt);
    expect(verifyLink(ring, link, addMs(expiresAt, -1)).ok).toBe(true);
    expect(verifyLink(ring, link, expiresAt)).toMatchObject({ ok: false, code: 'reconnect_link_expired', payload });
    expect(verifyLink(ring, link, addMs(expiresAt, 30 * DAY))).toMatchObject({ ok: false, code: 'reconnect_link_expired', payload });
  });

  it('a link mailed before a key rotation still verifies after it', () => {
    const link = signLink(parseKeyRing(K1), payload, expiresAt);
    expect(verifyLink(parseKeyRing(`${K2},${K1}`), link, now).ok).toBe(true);
  });

  it('a link signed under a key that was retired from the ring is not valid', () => {
    const link = signLink(parseKeyRing(K1), payload, expiresAt);
    expect(verifyLink(parseKeyRing(K2), link, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
  });

  it('a link cannot be relabelled to another key of the ring', () => {
    const ring = parseKeyRing(`${K2},${K1}`);
    const [body, signature] = parts(signLink(ring, payload, expiresAt));
    const relabelled = encode({ ...decode(body), kid: 'k1' });
    expect(verifyLink(ring, `${relabelled}.${signature}`, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
  });

  it('the payload cannot choose its own expiry or key id', () => {
    const ring = parseKeyRing(K1);
    const link = signLink(ring, { ...payload, exp: addMs(now, 999 * DAY).getTime(), kid: 'k9' }, expiresAt);
    expect(decode(parts(link)[0])).toMatchObject({ exp: expiresAt.getTime(), kid: 'k1' });
  });
});

describe('link purposes', () => {
  it('a link signed for one purpose does not verify for another', () => {
    const ring = parseKeyRing(K1);
    const dashboard = signLink(ring, { ws: 'ws_1' }, expiresAt, 'dashboard');
    expect(verifyLink(ring, dashboard, now, 'dashboard').ok).toBe(true);
    expect(verifyLink(ring, dashboard, now)).toEqual({ ok: false, code: 'reconnect_link_invalid' });
    expect(verifyLink(ring, signLink(ring, payload, expiresAt), now, 'dashboard').ok).toBe(false);
  });
});
