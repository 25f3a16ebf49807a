import { describe, expect, it } from 'vitest';
import { signTikTok } from '../../test/support/signed-callbacks.ts';
import { verifyTikTokSignature } from './tiktok-signature.ts';

const now = new Date('2026-01-05T02:00:00Z');
const t = now.getTime() / 1000;
const body = '{"client_key":"ck","event":"authorization.removed","create_time":1767578400,"user_openid":"act.1","content":"{\\"reason\\":1}"}';

describe('checking a TikTok webhook signature', () => {
  it('accepts the body signed with our client secret', () => {
    expect(verifyTikTokSignature(signTikTok('secret', body, t), body, 'secret', now)).toEqual({ ok: true, signedAt: now });
  });

  it('refuses another secret, an altered body, and a missing or malformed header', () => {
    expect(verifyTikTokSignature(signTikTok('other', body, t), body, 'secret', now)).toMatchObject({ ok: false, code: 'webhook_signature_invalid' });
    expect(verifyTikTokSignature(signTikTok('secret', body, t), body.replace('act.1', 'act.2'), 'secret', now)).toMatchObject({ ok: false, code: 'webhook_signature_invalid' });
    for (const header of [undefined, '', 'garbage', `t=${t}`, `t=${t},s=xyz`, `s=${'a'.repeat(64)}`]) {
      expect(verifyTikTokSignature(header, body, 'secret', now), String(header)).toMatchObject({ ok: false, code: 'webhook_signature_invalid' });
    }
  });

  it('binds the timestamp into the signature: changing t breaks it', () => {
    const s = signTikTok('secret', body, t).split(',s=')[1];
    expect(verifyTikTokSignature(`t=${t - 1},s=${s}`, body, 'secret', now)).toMatchObject({ ok: false, code: 'webhook_signature_invalid' });
  });

  it('accepts five minutes either way, and refuses a staler or later one as expired', () => {
    expect(verifyTikTokSignature(signTikTok('secret', body, t - 300), body, 'secret', now)).toMatchObject({ ok: true });
    expect(verifyTikTokSignature(signTikTok('secret', body, t + 300), body, 'secret', now)).toMatchObject({ ok: true });
    expect(verifyTikTokSignature(signTikTok('secret', body, t - 301), body, 'secret', now)).toMatchObject({ ok: false, code: 'webhook_signature_expired' });
    expect(verifyTikTokSignature(signTikTok('secret', body, t + 301), body, 'secret', now)).toMatchObject({ ok: false, code: 'webhook_signature_expired' });
  });
});
