import { describe, expect, it } from 'vitest';
import { authorize, connect, DAY_MS, exchangeCode, exchangeForLong, me, refresh, setup } from '../core/test-support.ts';

describe('the long-lived exchange', () => {
  it('turns a short-lived token into a bearer token valid about 60 days', async () => {
    const { app } = setup();
    const code = await authorize(app, 'ana.business');
    const short = (await exchangeCode(app, code)).json().access_token;
    const res = await exchangeForLong(app, short);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 60 * 86_400 });
    expect(body.access_token).not.toBe(short);
  });

  it('refuses an expired short-lived token, a long-lived token and a wrong secret', async () => {
    const { app, clock } = setup();
    const { short, long } = await connect(app, 'ana.business');
    expect((await exchangeForLong(app, long)).json().error.code).toBe(100);
    expect((await exchangeForLong(app, short, 'wrong')).json().error.code).toBe(101);
    clock.advance(3_600_000);
    expect((await exchangeForLong(app, short)).json().error).toMatchObject({ code: 190, error_subcode: 463 });
  });
});

describe('refreshing a long-lived token', () => {
  it('is refused for a token younger than 24 hours', async () => {
    const { app, clock } = setup();
    const { long } = await connect(app, 'ana.business');
    clock.advance(DAY_MS - 1000);
    const res = await refresh(app, long);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 100, type: 'IGApiException', is_transient: false });
    expect(res.json().error.fbtrace_id).toMatch(/^[\w-]{11}$/);
  });

  it('answers the configured error code for a token that is too young', async () => {
    const { app } = setup({ tooYoungErrorCode: 190 });
    const { long } = await connect(app, 'ana.business');
    expect((await refresh(app, long)).json().error).toMatchObject({ code: 190, type: 'OAuthException' });
  });

  it('after 24 hours gives a new token valid 60 days from the refresh', async () => {
    const { app, clock, world } = setup();
    const { long } = await connect(app, 'ana.business');
    clock.advance(30 * DAY_MS);
    const res = await refresh(app, long);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 60 * 86_400 });
    expect(body.access_token).not.toBe(long);
    clock.advance(59 * DAY_MS);
    expect((await me(app, body.access_token)).statusCode).toBe(200);
    expect(world.calls.count('refresh_access_token', '17841400000000001')).toBe(1);
  });

  it('keeps the old token working for the grace period, then answers 190/467', async () => {
    const { app, clock } = setup();
    const { long } = await connect(app, 'ana.business');
    clock.advance(2 * DAY_MS);
    expect((await refresh(app, long)).statusCode).toBe(200);
    clock.advance(3_599_000);
    expect((await me(app, long)).statusCode).toBe(200);
    clock.advance(1000);
    expect((await me(app, long)).json().error).toMatchObject({ code: 190, error_subcode: 467 });
  });

  it('extends the same string when rotation is switched off', async () => {
    const { app, clock } = setup({ refreshRotates: false });
    const { long } = await connect(app, 'ana.business');
    clock.advance(2 * DAY_MS);
    expect((await refresh(app, long)).json().access_token).toBe(long);
  });

  it("is refused with 190/463 and Meta's wording once the token has expired", async () => {
    const { app, clock } = setup();
    const { long } = await connect(app, 'ana.business');
    clock.advance(60 * DAY_MS);
    const error = (await refresh(app, long)).json().error;
    expect(error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
    expect(error.message).toMatch(/^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d P[SD]T\. The current time is .+\.$/);
  });

  it('only works with GET', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'POST', url: '/graph.instagram.com/refresh_access_token' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ message: 'Unsupported request - method type: post', type: 'IGApiException', code: 100 });
  });
});

describe('/me', () => {
  it('answers the requested fields with user_id as a string and always the id', async () => {
    // 200 calls a day for the account: the long-lived exchange and this /me are 1 % of it.
    const { app } = setup({ igCallsPerDay: 200 });
    const { long } = await connect(app, 'ben.creator');
    const res = await me(app, long, 'user_id,username,account_type,followers_count');
    expect(res.json()).toEqual({
      user_id: '17841400000000002',
      username: 'ben.creator',
      account_type: 'MEDIA_CREATOR',
      followers_count: 98_400,
      id: '25740000000000002',
    });
    expect(JSON.parse(String(res.headers['x-business-use-case-usage']))).toEqual({
      '17841400000000002': [{ type: 'instagram', call_count: 1, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 0 }],
    });
  });

  it('accepts the token as a Bearer header', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    const res = await app.inject({ url: '/me?fields=username', headers: { authorization: `Bearer ${long}` } });
    expect(res.json()).toEqual({ username: 'ana.business', id: '25740000000000001' });
  });

  it('answers 190/467 for an unknown token and 2500 for no token', async () => {
    const { app } = setup();
    expect((await me(app, 'IGAAnot-a-token')).json().error).toMatchObject({ code: 190, error_subcode: 467 });
    expect((await app.inject({ url: '/me' })).json().error).toMatchObject({ code: 2500 });
  });

  it('says PERSONAL for a personal account, or refuses it with (#10) when so configured', async () => {
    const lenient = setup();
    const a = await connect(lenient.app, 'cara.personal');
    expect((await me(lenient.app, a.long)).json().account_type).toBe('PERSONAL');
    const strict = setup({ personalAccounts: 'refuse' });
    const b = await connect(strict.app, 'cara.personal');
    expect((await me(strict.app, b.long)).json().error).toMatchObject({ code: 10, message: '(#10) The user is not an Instagram Business account' });
  });

  it('an account switched to personal keeps its token: /me then says PERSONAL (or refuses with (#10)), and switching back restores it', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    const switchTo = (accountType: string) => app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ana.business/account-type', payload: { accountType } });
    expect((await switchTo('PERSONAL')).json()).toMatchObject({ username: 'ana.business', account_type: 'PERSONAL' });
    expect((await me(app, long, 'user_id,account_type')).json()).toMatchObject({ user_id: '17841400000000001', account_type: 'PERSONAL' });
    expect((await switchTo('MEDIA_CREATOR')).statusCode).toBe(200);
    expect((await me(app, long, 'account_type')).json().account_type).toBe('MEDIA_CREATOR');
    expect((await switchTo('SHOP')).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/nobody/account-type', payload: { accountType: 'PERSONAL' } })).statusCode).toBe(404);
    const strict = setup({ personalAccounts: 'refuse' });
    const b = await connect(strict.app, 'ana.business');
    await strict.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ana.business/account-type', payload: { accountType: 'PERSONAL' } });
    expect((await me(strict.app, b.long)).json().error).toMatchObject({ code: 10 });
  });
});

describe('account events', () => {
  it('a password change kills every token with 190/460 and a new authorisation works again', async () => {
    const { app, world } = setup();
    const first = await connect(app, 'ana.business');
    const second = await connect(app, 'ana.business');
    await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ana.business/password-change' });
    for (const t of [first.long, second.long, second.short]) {
      expect((await me(app, t)).json().error).toMatchObject({ code: 190, error_subcode: 460 });
    }
    const fresh = await connect(app, 'ana.business');
    expect((await me(app, fresh.long)).statusCode).toBe(200);
    expect((await me(app, first.long)).json().error.error_subcode).toBe(460);
    expect((await me(app, world.instagram.mintToken({ username: 'ben.creator' }).value)).statusCode).toBe(200);
  });

  it.each([
    ['revoke', 458],
    ['checkpoint', 459],
    ['unconfirm', 464],
  ])('%s answers 190/%i', async (event, subcode) => {
    const { app, clock } = setup();
    const { long } = await connect(app, 'ben.creator');
    await app.inject({ method: 'POST', url: `/_sandbox/instagram/accounts/ben.creator/${event}` });
    const error = (await me(app, long)).json().error;
    expect(error).toMatchObject({ code: 190, error_subcode: subcode });
    if (subcode === 459) expect(error.error_data.checkpoint_url).toMatch(/^https:/);
    clock.advance(2 * DAY_MS);
    expect((await refresh(app, long)).json().error.error_subcode).toBe(subcode);
  });
});
