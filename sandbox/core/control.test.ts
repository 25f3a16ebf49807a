import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/kernel/clock.ts';
import { buildSandbox, redactUrl, startSandbox } from '../index.ts';
import { authorize, connect, DAY_MS, me, refresh, setup } from './test-support.ts';

describe('the control API', () => {
  it('reads, sets and advances a manual clock', async () => {
    const { app, clock } = setup();
    expect((await app.inject({ url: '/_sandbox/clock' })).json()).toEqual({ now: '2026-01-01T00:00:00.000Z' });
    await app.inject({ method: 'POST', url: '/_sandbox/clock', payload: { now: '2026-03-01T12:00:00Z' } });
    const res = await app.inject({ method: 'POST', url: '/_sandbox/clock', payload: { advanceSeconds: 3600 } });
    expect(res.json()).toEqual({ now: '2026-03-01T13:00:00.000Z' });
    expect(clock.now().toISOString()).toBe('2026-03-01T13:00:00.000Z');
  });

  it('refuses to move a clock that cannot be set', async () => {
    const { app } = buildSandbox({ clock: systemClock });
    const res = await app.inject({ method: 'POST', url: '/_sandbox/clock', payload: { advanceSeconds: 1 } });
    expect(res.statusCode).toBe(409);
  });

  it('seeds three accounts with 17-digit ids and creates more', async () => {
    const { app } = setup();
    const seeded = (await app.inject({ url: '/_sandbox/instagram/accounts' })).json();
    expect(seeded.map((a: { username: string }) => a.username)).toEqual(['ana.business', 'ben.creator', 'cara.personal']);
    for (const a of seeded) {
      expect(a.id).toMatch(/^\d{17}$/);
      expect(a.user_id).toMatch(/^1784\d{13}$/);
      expect(BigInt(a.user_id) > 2n ** 53n).toBe(true);
    }
    const payload = { username: 'dia.shop', accountType: 'BUSINESS', name: 'Dia' };
    const created = await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts', payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'dia.shop', account_type: 'BUSINESS', user_id: '17841400000000004' });
    expect((await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts', payload })).statusCode).toBe(409);
    expect(
      (await app.inject({ url: '/oauth/authorize?client_id=sandbox-instagram-app&redirect_uri=https://a.example/&response_type=code&scope=instagram_business_basic' })).body,
    ).toContain('@dia.shop');
  });

  it('mints a backdated long-lived token that can be refreshed at once', async () => {
    const { app } = setup();
    const payload = { username: 'ana.business', issuedAt: '2025-12-01T00:00:00Z' };
    const minted = await app.inject({ method: 'POST', url: '/_sandbox/instagram/tokens', payload });
    expect(minted.json()).toMatchObject({ user_id: '17841400000000001', expires_at: '2026-01-30T00:00:00.000Z' });
    expect((await refresh(app, minted.json().access_token)).statusCode).toBe(200);
  });

  it('seeds many connections, each with a working long-lived token', async () => {
    const { app, world } = setup();
    const started = performance.now();
    const connections = world.instagram.seedConnections(10_000);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(new Set(connections.map((c) => c.accessToken)).size).toBe(10_000);
    expect((await me(app, connections[9_999]!.accessToken, 'user_id')).json().user_id).toBe(connections[9_999]!.userId);
  });

  it('counts calls per endpoint and per account', async () => {
    const { app, clock } = setup();
    const ana = await connect(app, 'ana.business');
    const ben = await connect(app, 'ben.creator');
    clock.advance(2 * DAY_MS);
    await refresh(app, ana.long);
    await refresh(app, ben.long);
    await refresh(app, ben.long);
    const calls = (await app.inject({ url: '/_sandbox/calls?endpoint=refresh_access_token' })).json();
    expect(calls).toEqual({
      total: 3,
      byEndpoint: { refresh_access_token: 3 },
      byAccount: { refresh_access_token: { '17841400000000001': 1, '17841400000000002': 2 } },
    });
  });

  it('lists every token and code it issued', async () => {
    const { app, world } = setup();
    const code = await authorize(app, 'ana.business');
    const { short, long } = await connect(app, 'ben.creator');
    const issued = (await app.inject({ url: '/_sandbox/issued' })).json();
    expect(issued).toEqual(expect.arrayContaining([code, short, long]));
    expect(world.issuedTokens()).toEqual(issued);
  });

  it('resets to the seeded world and the construction config', async () => {
    const { app, world } = setup();
    const { long } = await connect(app, 'ana.business');
    await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts', payload: { username: 'x', accountType: 'PERSONAL' } });
    await app.inject({ method: 'PATCH', url: '/_sandbox/config', payload: { personalAccounts: 'refuse' } });
    await app.inject({ method: 'POST', url: '/_sandbox/faults', payload: { endpoint: '*', fault: 'http_500', count: -1 } });
    const res = await app.inject({ method: 'POST', url: '/_sandbox/reset', headers: { 'content-type': 'application/json' } });
    expect(res.json()).toEqual({ ok: true });
    expect(world.instagram.accounts()).toHaveLength(3);
    expect(world.config.personalAccounts).toBe('token');
    expect(world.calls.count()).toBe(0);
    expect((await me(app, long)).json().error.error_subcode).toBe(467);
  });
});

describe('routing', () => {
  it.each([
    ['/oauth/authorize', '/www.instagram.com/oauth/authorize'],
    ['/me', '/graph.instagram.com/me'],
    ['/v25.0/me', '/graph.instagram.com/v25.0/me'],
    ['/access_token', '/graph.instagram.com/v21.0/access_token'],
  ])('serves %s both at root and under the host name', async (root, prefixed) => {
    const { app } = setup();
    const a = await app.inject({ url: root });
    const b = await app.inject({ url: prefixed });
    expect(a.statusCode).not.toBe(404);
    expect(b.statusCode).toBe(a.statusCode);
  });

  it('serves the code exchange at /oauth/access_token and under api.instagram.com', async () => {
    const { app } = setup();
    for (const url of ['/oauth/access_token', '/api.instagram.com/oauth/access_token']) {
      const res = await app.inject({ method: 'POST', url, payload: 'code=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.json()).toMatchObject({ error_type: 'OAuthException' });
    }
  });

  it('listens on a real port and closes', async () => {
    const sandbox = await startSandbox({ clock: systemClock, port: 0 });
    const res = await fetch(`${sandbox.url}/_sandbox/instagram/accounts`);
    expect(res.status).toBe(200);
    await sandbox.close();
  });

  it('keeps secrets out of logged URLs', () => {
    expect(redactUrl('/me?fields=id&access_token=IGAAsecret&x=1')).toBe('/me?fields=id&access_token=[redacted]&x=1');
  });
});
