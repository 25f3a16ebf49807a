/**
 * Connecting each network through the real flow: connect link → the sandbox's consent page → callback
 * (→ the account choice for Facebook) → a stored connection whose token works at the network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TikTokWorld } from '../../sandbox/tiktok/world.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const returnUrl = 'https://platform.example/back';
const connectionsOf = async (creatorId: string) => (await t.api('GET', `/v1/connections?creatorId=${creatorId}`)).json().data as Record<string, unknown>[];

describe('one account per login', () => {
  const cases = [
    { provider: 'tiktok', account: 'tess.tiktok', login: 'tiktok_login_kit' },
    { provider: 'youtube', account: 'maya.makes', login: 'google_oauth' },
    { provider: 'pinterest', account: 'pia.pins', login: 'pinterest_oauth' },
    { provider: 'threads', account: 'tara.threads', login: 'threads_login' },
  ];
  for (const c of cases) {
    it(`a ${c.provider} account connects, records its scopes and hands out a working token`, async () => {
      const creator = { id: `cr-${c.provider}`, email: `${c.provider}@example.com` };
      const res = await t.connect({ creator, provider: c.provider, account: c.account, returnUrl });
      expect(res.statusCode, res.body).toBe(302);
      const back = new URL(res.headers.location as string);
      expect(back.searchParams.get('status')).toBe('connected');
      const [connection] = await connectionsOf(creator.id);
      expect(connection).toMatchObject({ provider: c.provider, network: c.provider, status: 'active', missingScopes: [] });
      expect(connection!.login).toBe(c.login);
      expect((connection!.scopes as string[]).length).toBeGreaterThan(0);
      const handed = await t.api('POST', `/v1/connections/${connection!.id}/access-token`);
      expect(handed.statusCode, handed.body).toBe(200);
      const verified = await t.api('POST', `/v1/connections/${connection!.id}/verify`);
      expect(verified.json().status).toBe('active');
    });
  }

  it('a scope the creator unticked is reported missing, and the next connect link asks again', async () => {
    const creator = { id: 'cr-pinterest', email: 'pinterest@example.com' };
    const res = await t.connect({ creator, provider: 'pinterest', account: 'pia.pins', grant: ['user_accounts:read', 'pins:read'], returnUrl });
    expect(res.statusCode, res.body).toBe(302);
    const [connection] = await connectionsOf(creator.id);
    expect(connection!.missingScopes).toEqual(['boards:read']);
    const session = await t.api('POST', '/v1/connect-sessions', { creator, provider: 'pinterest' });
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
    expect(new URL(opened.headers.location as string).searchParams.get('scope')!.split(',')).toContain('boards:read');
    await t.connect({ creator, provider: 'pinterest', account: 'pia.pins', returnUrl });
    expect((await connectionsOf(creator.id))[0]!.missingScopes).toEqual([]);
  });

  it('a Google account without a YouTube channel is refused with a way forward', async () => {
    const res = await t.connect({ creator: { id: 'cr-nochannel' }, provider: 'youtube', account: 'nina.nochannel' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('no YouTube channel');
    expect(await connectionsOf('cr-nochannel')).toEqual([]);
  });

  it('a personal Pinterest account is refused', async () => {
    const res = await t.connect({ creator: { id: 'cr-pinner' }, provider: 'pinterest', account: 'pete.personal' });
    expect(res.statusCode).toBe(422);
    expect(await connectionsOf('cr-pinner')).toEqual([]);
  });
});

describe('Facebook Login reaches several accounts', () => {
  it('a creator with two Pages, one linked to Instagram, picks among three accounts; each becomes a connection sharing one grant', async () => {
    const creator = { id: 'cr-dana', email: 'dana@example.com', name: 'Dana' };
    const res = await t.connect({ creator, provider: 'facebook', account: 'dana.fb', returnUrl });
    expect(res.statusCode, res.body).toBe(302);
    const back = new URL(res.headers.location as string);
    expect(back.searchParams.get('connections')!.split(',')).toHaveLength(3);
    const connections = await connectionsOf(creator.id);
    expect(connections.map((c) => `${c.network}:${c.accountType}`).sort()).toEqual(['facebook:PAGE', 'facebook:PAGE', 'instagram:BUSINESS']);
    expect(connections.every((c) => c.login === 'facebook_login' && c.provider === 'facebook')).toBe(true);
    const grants = await t.system.deps.db.selectFrom('connections').select('grant_id').where('creator_id', '=', creator.id).execute();
    expect(new Set(grants.map((g) => g.grant_id)).size).toBe(1);
    expect(grants[0]!.grant_id).toBeTruthy();
    for (const c of connections) {
      const handed = await t.api('POST', `/v1/connections/${c.id}/access-token`);
      expect(handed.statusCode).toBe(200);
      expect((await t.api('POST', `/v1/connections/${c.id}/verify`)).json().status).toBe('active');
    }
  });

  it('unticking accounts on the choice page connects only the ones kept', async () => {
    const creator = { id: 'cr-eli', email: 'eli@example.com' };
    const first = await t.connect({ creator, provider: 'facebook', account: 'eli.fb', choose: [] });
    expect(first.statusCode).toBe(400);
    expect(first.body).toContain('Choose at least one account');
    const connections = await connectionsOf(creator.id);
    expect(connections).toEqual([]);
  });

  it('a Facebook user with no Pages is told what to check', async () => {
    const res = await t.connect({ creator: { id: 'cr-finn' }, provider: 'facebook', account: 'finn.fb' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('no Page or professional account');
  });
});

describe('verification of a channel whose short-lived access token has lapsed', () => {
  it('refreshes first and asks the network once, instead of spending a call to be refused', async () => {
    const creator = { id: 'cr-lapsed', email: 'lapsed@example.com' };
    await t.connect({ creator, provider: 'tiktok', account: 'milo.tiktok', returnUrl });
    const [connection] = await connectionsOf(creator.id);
    const openId = t.sandbox.world.network<TikTokWorld>('tiktok').account('milo.tiktok')!.openId;
    t.clock.advance(2 * DAY); // TikTok access tokens live 24 hours
    const calls = (endpoint: string) => t.sandbox.world.calls.count(endpoint, openId);
    const before = { userInfo: calls('tiktok.user_info'), token: calls('tiktok.token') };
    const verified = await t.api('POST', `/v1/connections/${connection!.id}/verify`);
    expect(verified.json().status).toBe('active');
    expect(calls('tiktok.token') - before.token).toBe(1);
    expect(calls('tiktok.user_info') - before.userInfo).toBe(1);
  });
});
