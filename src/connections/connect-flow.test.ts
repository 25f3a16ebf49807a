import { describe, expect, it } from 'vitest';
import { ManualClock, MINUTE } from '../kernel/clock.ts';
import { generateKeySpec, parseKeyRing } from '../platform/crypto/key-ring.ts';
import { signLink } from '../platform/crypto/signed-link.ts';
import type { ConnectSessionRow } from './connect.repo.ts';
import { retriedSession, retryLink } from './connect-flow.ts';

const clock = new ManualClock('2026-06-10T09:00:00Z');
const deps: Parameters<typeof retryLink>[0] = { keyRing: parseKeyRing(generateKeySpec()), clock, settings: { publicUrl: 'https://ck.example' } };
const session = (over: Partial<ConnectSessionRow> = {}) =>
  ({ id: 'cs_1', completed_at: null, expires_at: new Date(clock.now().getTime() + 30 * MINUTE), ...over }) as ConnectSessionRow;
const linkOf = (url: string) => new URL(url).searchParams.get('link')!;

describe('the Try again link', () => {
  it('names its session and works as long as the session does', () => {
    const url = retryLink(deps, session())!;
    expect(url).toMatch(/^https:\/\/ck\.example\/connect\/again\?link=/);
    expect(retriedSession(deps, linkOf(url))).toEqual({ ok: true, sessionId: 'cs_1' });
    clock.advance(31 * MINUTE);
    expect(retriedSession(deps, linkOf(url))).toEqual({ ok: false, code: 'connect_session_expired' });
  });

  it('is not offered once the session is used or over', () => {
    expect(retryLink(deps, session({ completed_at: clock.now() }))).toBeNull();
    expect(retryLink(deps, session({ expires_at: clock.now() }))).toBeNull();
  });

  it('cannot be made from another signed link or edited to name another session', () => {
    const reconnectLink = signLink(deps.keyRing, { sid: 'cs_1' }, new Date(clock.now().getTime() + MINUTE));
    expect(retriedSession(deps, reconnectLink)).toEqual({ ok: false, code: 'connect_session_not_found' });
    const [, signature] = linkOf(retryLink(deps, session())!).split('.');
    const other = Buffer.from(JSON.stringify({ sid: 'cs_2', exp: clock.now().getTime() + MINUTE, kid: 'k1' })).toString('base64url');
    expect(retriedSession(deps, `${other}.${signature}`)).toEqual({ ok: false, code: 'connect_session_not_found' });
  });
});
