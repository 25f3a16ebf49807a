import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const creator = (id: string) => ({ id, email: `${id}@example.com`, name: `Creator ${id}` });

describe('connect sessions', () => {
  it('answer 201 with a url and an expiry', async () => {
    const res = await t.api('POST', '/v1/connect-sessions', { creator: creator('c1'), provider: 'instagram', returnUrl: 'https://platform.example/after' });
    expect(res.statusCode).toBe(201);
    expect(res.json().url).toMatch(/^http:\/\/channelkeeper\.test\/connect\/[\w-]{40,}$/);
    expect(new Date(res.json().expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
  });

  it('require an API key', async () => {
    const missing = await t.api('POST', '/v1/connect-sessions', { creator: creator('c1'), provider: 'instagram' }, null);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('unauthorized');
    const wrong = await t.api('POST', '/v1/connect-sessions', { creator: creator('c1'), provider: 'instagram' }, 'ck_not_a_key_at_all_123');
    expect(wrong.statusCode).toBe(401);
  });

  it.each([
    ['no body', undefined],
    ['no creator', { provider: 'instagram' }],
    ['an empty creator id', { creator: { id: '' }, provider: 'instagram' }],
    ['a bad email', { creator: { id: 'c1', email: 'nope' }, provider: 'instagram' }],
    ['a javascript: returnUrl', { creator: { id: 'c1' }, provider: 'instagram', returnUrl: 'javascript:alert(1)' }],
  ])('refuse %s with invalid_request', async (_name, body) => {
    const res = await t.api('POST', '/v1/connect-sessions', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.message).toEqual(expect.any(String));
  });

  it('refuse malformed JSON with invalid_request', async () => {
    const res = await t.system.app.inject({
      method: 'POST',
      url: '/v1/connect-sessions',
      headers: { authorization: 'Bearer ck_test_key_0123456789abcdef', 'content-type': 'application/json' },
      payload: '{"creator":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
  });

  it('refuse an unknown provider', async () => {
    const res = await t.api('POST', '/v1/connect-sessions', { creator: creator('c1'), provider: 'myspace' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('unsupported_provider');
  });

  it('open to Instagram with client_id, redirect_uri, response_type=code, scopes and a state', async () => {
    const session = await t.api('POST', '/v1/connect-sessions', { creator: creator('c1'), provider: 'instagram' });
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
    expect(opened.statusCode).toBe(302);
    const url = new URL(opened.headers.location as string);
    expect(url.pathname).toBe('/www.instagram.com/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('sandbox-instagram-app');
    expect(url.searchParams.get('redirect_uri')).toBe('http://channelkeeper.test/oauth/callback/instagram');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')?.split(',')).toEqual(['instagram_business_basic', 'instagram_business_manage_insights']);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{40,}$/);
  });
});

describe('the callback', () => {
  it('stores a business account and redirects to returnUrl with the connection id', async () => {
    const res = await t.connect({ creator: creator('biz'), account: 'ana.business', returnUrl: 'https://platform.example/after?x=1' });
    expect(res.statusCode).toBe(302);
    const back = new URL(res.headers.location as string);
    expect(back.origin + back.pathname).toBe('https://platform.example/after');
    expect(back.searchParams.get('x')).toBe('1');
    expect(back.searchParams.get('status')).toBe('connected');
    const id = back.searchParams.get('connection');
    const got = await t.api('GET', `/v1/connections/${id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      id,
      provider: 'instagram',
      login: 'instagram_login',
      creatorId: 'biz',
      accountId: t.sandbox.world.instagram.account('ana.business')?.userId,
      username: 'ana.business',
      accountType: 'BUSINESS',
      status: 'active',
      statusReason: null,
      scopes: ['instagram_business_basic', 'instagram_business_manage_insights'],
      lastRefreshedAt: null,
    });
    // Long-lived: about 60 days from now.
    const days = (new Date(got.json().tokenExpiresAt).getTime() - t.clock.now().getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThanOrEqual(60);
    expect(JSON.stringify(got.json())).not.toMatch(/IGAA/);
  });

  it('shows a success page when there is no returnUrl', async () => {
    const res = await t.connect({ creator: creator('creator-type'), account: 'ben.creator' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('@ben.creator');
  });

  it('refuses a personal account with a page that explains how to switch, storing nothing', async () => {
    const res = await t.connect({ creator: creator('personal'), account: 'cara.personal' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('professional');
    expect(res.body).toContain('Switch to professional account');
    const list = await t.api('GET', '/v1/connections?creatorId=personal');
    expect(list.json().data).toEqual([]);
  });

  it('shows a clear page when the creator denies consent, with a way back', async () => {
    const res = await t.connect({ creator: creator('denier'), deny: true, returnUrl: 'https://platform.example/after' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('You cancelled the permission request');
    expect(res.body).toContain('https://platform.example/after?status=error&amp;error=access_denied');
  });

  it('refuses a replayed state', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'replay.biz', accountType: 'BUSINESS' });
    const session = await t.api('POST', '/v1/connect-sessions', { creator: creator('replay'), provider: 'instagram' });
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
    const authorize = new URL(opened.headers.location as string);
    const form = new URLSearchParams(authorize.searchParams);
    form.set('account', 'replay.biz');
    form.append('granted', 'instagram_business_basic');
    const decision = await t.sandbox.app.inject({
      method: 'POST',
      url: authorize.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    const back = new URL(decision.headers.location as string);
    const first = await t.system.app.inject({ method: 'GET', url: back.pathname + back.search });
    expect(first.statusCode).toBe(200);
    const second = await t.system.app.inject({ method: 'GET', url: back.pathname + back.search });
    expect(second.statusCode).toBe(400);
    expect(second.body).toContain('already completed');
  });

  it.each([
    ['a forged state', '?state=forged&code=AQxyz'],
    ['no state at all', '?code=AQxyz'],
    ['garbage parameters', '?state[]=x&code=%zz'],
  ])('refuses %s with a page, never a 500', async (_name, query) => {
    const res = await t.system.app.inject({ method: 'GET', url: `/oauth/callback/instagram${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('could not be matched');
  });

  it('refuses a state older than 10 minutes', async () => {
    const session = await t.api('POST', '/v1/connect-sessions', { creator: creator('slow'), provider: 'instagram' });
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
    const state = new URL(opened.headers.location as string).searchParams.get('state');
    t.clock.advance(11 * 60_000);
    const res = await t.system.app.inject({ method: 'GET', url: `/oauth/callback/instagram?state=${state}&code=AQxyz` });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('longer than 10 minutes');
  });

  it('refuses an expired or unknown connect link', async () => {
    const session = await t.api('POST', '/v1/connect-sessions', { creator: creator('late'), provider: 'instagram' });
    t.clock.advance(61 * 60_000);
    const late = await t.system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('expired');
    const unknown = await t.system.app.inject({ method: 'GET', url: '/connect/not-a-real-link' });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('reconnecting', () => {
  it('by the same creator updates the same connection and keeps its history', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'dana.biz', accountType: 'BUSINESS' });
    const first = await t.connect({ creator: creator('dana'), account: 'dana.biz', returnUrl: 'https://p.example/' });
    const id = new URL(first.headers.location as string).searchParams.get('connection');
    t.clock.advance(3_600_000);
    const second = await t.connect({ creator: creator('dana'), account: 'dana.biz', returnUrl: 'https://p.example/' });
    expect(new URL(second.headers.location as string).searchParams.get('connection')).toBe(id);
    const list = await t.api('GET', '/v1/connections?creatorId=dana');
    expect(list.json().data).toHaveLength(1);
    const events = await t.system.deps.db.selectFrom('connection_events').select('type').where('connection_id', '=', id).orderBy('occurred_at').execute();
    expect(events.map((e) => e.type)).toEqual(['connected', 'reconnected']);
  });

  it('by another creator of the workspace is refused with a clear message', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'shared.biz', accountType: 'MEDIA_CREATOR' });
    await t.connect({ creator: creator('owner'), account: 'shared.biz' });
    const res = await t.connect({ creator: creator('intruder'), account: 'shared.biz' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('already connected by another creator');
    expect((await t.api('GET', '/v1/connections?creatorId=intruder')).json().data).toEqual([]);
  });
});

describe('reading connections and handing out tokens', () => {
  it('hands out the current token, decrypted at call time, and counts each hand-out', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'tok.biz', accountType: 'BUSINESS' });
    const res = await t.connect({ creator: creator('tok'), account: 'tok.biz', returnUrl: 'https://p.example/' });
    const id = new URL(res.headers.location as string).searchParams.get('connection') as string;
    const first = await t.api('POST', `/v1/connections/${id}/access-token`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.json().accessToken).toMatch(/^IGAA/);
    expect(t.sandbox.world.instagram.check(first.json().accessToken).ok).toBe(true);
    await t.api('POST', `/v1/connections/${id}/access-token`);
    await t.system.deps.handoutAudit.flush();
    const audit = await t.system.deps.db.selectFrom('access_token_handouts').selectAll().where('connection_id', '=', id).execute();
    expect(audit.reduce((sum, row) => sum + row.count, 0)).toBe(2);
    expect(JSON.stringify(audit)).not.toContain(first.json().accessToken);
    const stored = await t.system.deps.db.selectFrom('connection_tokens').selectAll().where('connection_id', '=', id).executeTakeFirstOrThrow();
    expect(stored.access_token_sealed).not.toContain(first.json().accessToken);
    expect(stored.access_token_sealed).toMatch(/^ck1\.k1\./);
  });

  it('lists connections by creator, never with a token', async () => {
    const res = await t.api('GET', '/v1/connections?creatorId=tok');
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toHaveLength(1);
    expect(JSON.stringify(res.json())).not.toMatch(/IGAA|sealed|ck1\./);
  });

  it('answers 404 for a connection of another workspace or none', async () => {
    const res = await t.api('GET', '/v1/connections/con_nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await t.api('POST', '/v1/connections/con_nope/access-token')).statusCode).toBe(404);
  });

  it('refuses a bad status filter', async () => {
    const res = await t.api('GET', '/v1/connections?status=zombie');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
  });

  it('answers 409 reconnect_required for a disconnected connection', async () => {
    const [connection] = (await t.api('GET', '/v1/connections?creatorId=tok')).json().data;
    await t.system.deps.db.updateTable('connections').set({ status: 'disconnected', status_reason: 'password_changed' }).where('id', '=', connection.id).execute();
    const res = await t.api('POST', `/v1/connections/${connection.id}/access-token`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('reconnect_required');
    expect(res.json().error.details.reason).toBe('password_changed');
  });

  it('answers unknown routes with a JSON 404 and health with 200', async () => {
    expect((await t.api('GET', '/v1/nothing-here')).json().error.code).toBe('not_found');
    const health = await t.system.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  });
});
