/** The simulated Pinterest API v5's rules, through `app.inject()`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { buildSandbox } from '../index.ts';
import type { PinterestWorld } from './world.ts';

const CLIENT = { id: 'sandbox-pinterest-app', secret: 'sandbox-pinterest-secret' };
const REDIRECT = 'https://app.example/callback';
const SCOPE = 'user_accounts:read,pins:read,boards:read';
const DAY_MS = 86_400_000;
const TOKEN_URL = '/api.pinterest.com/v5/oauth/token';

function setup() {
  const clock = new ManualClock('2026-01-10T12:00:00Z');
  const { app, world } = buildSandbox({ clock });
  return { clock, app, world, pinterest: world.network<PinterestWorld>('pinterest') };
}

const basic = (id = CLIENT.id, secret = CLIENT.secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function form(fields: Record<string, string>, authorization: string | null = basic()) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (authorization !== null) headers.authorization = authorization;
  return { payload: new URLSearchParams(fields).toString(), headers };
}

function authorizeFields(extra: Record<string, string> = {}): Record<string, string> {
  return { client_id: CLIENT.id, redirect_uri: REDIRECT, response_type: 'code', scope: SCOPE, state: 'st4te', ...extra };
}

async function code(app: FastifyInstance, username = 'pia.pins', granted?: string[]): Promise<string> {
  const fields = new URLSearchParams(authorizeFields({ account: username }));
  for (const s of granted ?? []) fields.append('granted', s);
  const res = await app.inject({ method: 'POST', url: '/www.pinterest.com/oauth/', payload: fields.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return new URL(String(res.headers.location)).searchParams.get('code')!;
}

async function grant(app: FastifyInstance, username = 'pia.pins') {
  const res = await app.inject({ method: 'POST', url: TOKEN_URL, ...form({ grant_type: 'authorization_code', code: await code(app, username), redirect_uri: REDIRECT }) });
  return res.json() as { access_token: string; refresh_token: string; expires_in: string | number; refresh_token_expires_at: number; scope: string };
}

const refresh = (app: FastifyInstance, refreshToken: string, authorization: string | null = basic()) =>
  app.inject({ method: 'POST', url: TOKEN_URL, ...form({ grant_type: 'refresh_token', refresh_token: refreshToken }, authorization) });

const get = (app: FastifyInstance, path: string, token: string) => app.inject({ url: `/api.pinterest.com/v5${path}`, headers: { authorization: `Bearer ${token}` } });

describe('Pinterest sandbox: consent page', () => {
  it('lists the test accounts and one ticked checkbox per requested scope, with Allow and Deny', async () => {
    const { app } = setup();
    const res = await app.inject({ url: `/www.pinterest.com/oauth/?${new URLSearchParams(authorizeFields())}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="pia.pins"');
    expect(res.body).toContain('value="pete.personal"');
    expect(res.body.match(/name="granted" value="[^"]+" checked/g)).toHaveLength(3);
    expect(res.body).toMatch(/name="allow"/);
    expect(res.body).toMatch(/name="deny"/);
  });

  it('escapes the state it echoes', async () => {
    const { app } = setup();
    const res = await app.inject({ url: `/www.pinterest.com/oauth/?${new URLSearchParams(authorizeFields({ state: '"><script>x</script>' }))}` });
    expect(res.body).not.toContain('<script>x');
  });

  it('refuses an unknown client, a wrong response_type and an unknown scope with an error page, never a redirect', async () => {
    const { app } = setup();
    const cases: Record<string, string>[] = [{ client_id: 'nope' }, { response_type: 'token' }, { scope: 'user_accounts:read,photos:read' }];
    for (const extra of cases) {
      const res = await app.inject({ url: `/www.pinterest.com/oauth/?${new URLSearchParams(authorizeFields(extra))}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('Deny redirects with error=access_denied and the state', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'POST', url: '/www.pinterest.com/oauth/', ...form(authorizeFields({ deny: '1' }), null) });
    const location = new URL(String(res.headers.location));
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st4te');
    expect(location.hash).toBe('');
  });
});

describe('Pinterest sandbox: token endpoint', () => {
  it('a code becomes a pina_ access token for 30 days and a pinr. refresh token for 60, expires_in as a string', async () => {
    const { app, clock } = setup();
    const body = await grant(app);
    expect(body).toMatchObject({ token_type: 'bearer', response_type: 'authorization_code', expires_in: '2592000', refresh_token_expires_in: 5_184_000 });
    expect(body.access_token).toMatch(/^pina_/);
    expect(body.refresh_token).toMatch(/^pinr\./);
    expect(body.refresh_token_expires_at).toBe(clock.now().getTime() / 1000 + 60 * 86_400);
    expect(body.scope).toBe('user_accounts:read pins:read boards:read');
  });

  it('expires_in is a number when expiresInAsString is off', async () => {
    const { app, pinterest } = setup();
    pinterest.config.expiresInAsString = false;
    expect((await grant(app)).expires_in).toBe(2_592_000);
  });

  it('refuses a missing or wrong Basic client authentication with 401 code 2', async () => {
    const { app } = setup();
    const pending = await code(app);
    for (const authorization of [null, basic(CLIENT.id, 'wrong'), 'Bearer x']) {
      const res = await app.inject({ method: 'POST', url: TOKEN_URL, ...form({ grant_type: 'authorization_code', code: pending, redirect_uri: REDIRECT }, authorization) });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: 2, message: 'Authentication failed.' });
      expect(res.headers['x-pinterest-rid']).toMatch(/^\d+$/);
    }
  });

  it('a code is single use and bound to its redirect_uri', async () => {
    const { app } = setup();
    const pending = await code(app);
    const wrongRedirect = await app.inject({
      method: 'POST',
      url: TOKEN_URL,
      ...form({ grant_type: 'authorization_code', code: pending, redirect_uri: 'https://other.example/' }),
    });
    expect(wrongRedirect.json()).toMatchObject({ code: 283 });
    const again = await app.inject({ method: 'POST', url: TOKEN_URL, ...form({ grant_type: 'authorization_code', code: pending, redirect_uri: REDIRECT }) });
    expect(again.statusCode).toBe(401);
  });

  it('each refresh returns a new refresh token with a fresh 60-day window; the spent one answers 283', async () => {
    const { app, clock } = setup();
    const first = await grant(app);
    clock.advance(45 * DAY_MS);
    const res = await refresh(app, first.refresh_token);
    const next = res.json();
    expect(next).toMatchObject({ response_type: 'refresh_token', expires_in: '2592000' });
    expect(next.refresh_token).not.toBe(first.refresh_token);
    expect(next.refresh_token_expires_at).toBe(clock.now().getTime() / 1000 + 60 * 86_400);
    const spent = await refresh(app, first.refresh_token);
    expect(spent.statusCode).toBe(401);
    expect(spent.json()).toEqual({ code: 283, message: 'The authorization grant is invalid' });
  });

  it('a refresh token 60 days old without a refresh is refused', async () => {
    const { app, clock } = setup();
    const { refresh_token } = await grant(app);
    clock.advance(60 * DAY_MS);
    expect((await refresh(app, refresh_token)).json()).toMatchObject({ code: 283 });
  });

  it('the refresh scope parameter can narrow the grant but not widen it', async () => {
    const { app } = setup();
    const { refresh_token } = await grant(app);
    const narrowed = await app.inject({ method: 'POST', url: TOKEN_URL, ...form({ grant_type: 'refresh_token', refresh_token, scope: 'pins:read' }) });
    expect(narrowed.json().scope).toBe('pins:read');
    const widened = await app.inject({ method: 'POST', url: TOKEN_URL, ...form({ grant_type: 'refresh_token', refresh_token: narrowed.json().refresh_token, scope: 'ads:read' }) });
    expect(widened.json()).toMatchObject({ code: 1 });
  });

  it('revoking a regular user token is not permitted (403 code 29); a system user token can be revoked', async () => {
    const { app, pinterest } = setup();
    const { access_token } = await grant(app);
    const refused = await app.inject({ method: 'POST', url: `${TOKEN_URL}/revoke`, ...form({ token: access_token, token_type_hint: 'access_token' }) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 29 });
    const system = pinterest.mint({ username: 'sam.system' });
    const revoked = await app.inject({ method: 'POST', url: `${TOKEN_URL}/revoke`, ...form({ token: system.access.value }) });
    expect(revoked.statusCode).toBe(200);
    expect((await get(app, '/user_account', system.access.value)).json()).toMatchObject({ code: 2 });
  });
});

describe('Pinterest sandbox: account events', () => {
  it('removing the app kills the access token (code 2) and the refresh token (283); a new consent works', async () => {
    const { app } = setup();
    const before = await grant(app);
    const event = await app.inject({ method: 'POST', url: '/_sandbox/pinterest/accounts/pia.pins/events', payload: { event: 'revoke' } });
    expect(event.statusCode).toBe(200);
    expect((await get(app, '/user_account', before.access_token)).json()).toEqual({ code: 2, message: 'Authentication failed.' });
    expect((await refresh(app, before.refresh_token)).json()).toMatchObject({ code: 283 });
    const after = await grant(app);
    expect((await get(app, '/user_account', after.access_token)).statusCode).toBe(200);
  });

  it('a password change ends the grant the same way', async () => {
    const { app } = setup();
    const before = await grant(app);
    await app.inject({ method: 'POST', url: '/_sandbox/pinterest/accounts/pia.pins/events', payload: { event: 'password-change' } });
    expect((await refresh(app, before.refresh_token)).json()).toMatchObject({ code: 283 });
  });
});

describe('Pinterest sandbox: data', () => {
  it('/user_account answers the profile of a business account', async () => {
    const { app } = setup();
    const res = await get(app, '/user_account', (await grant(app)).access_token);
    expect(res.json()).toMatchObject({ username: 'pia.pins', account_type: 'BUSINESS', business_name: 'Pia Pins Studio', pin_count: 36, id: expect.stringMatching(/^\d+$/) });
  });

  it('a token without user_accounts:read gets 401 code 3 on /user_account', async () => {
    const { app } = setup();
    const pending = await code(app, 'pia.pins', ['pins:read']);
    const token = (await app.inject({ method: 'POST', url: TOKEN_URL, ...form({ grant_type: 'authorization_code', code: pending, redirect_uri: REDIRECT }) })).json().access_token;
    const res = await get(app, '/user_account', token);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 3 });
  });

  it('/pins pages through the pins with a bookmark', async () => {
    const { app } = setup();
    const { access_token } = await grant(app);
    const ids: string[] = [];
    let bookmark: string | null = null;
    do {
      const page: { items: { id: string }[]; bookmark: string | null } = (await get(app, `/pins?page_size=10${bookmark ? `&bookmark=${bookmark}` : ''}`, access_token)).json();
      ids.push(...page.items.map((p) => p.id));
      bookmark = page.bookmark;
    } while (bookmark);
    expect(ids).toHaveLength(36);
    expect(new Set(ids).size).toBe(36);
    const pin = (await get(app, `/pins/${ids[0]}`, access_token)).json();
    expect(pin.media.images['1200x']).toMatchObject({ width: 1200, url: expect.stringContaining('i.pinimg.com') });
  });

  it('pin analytics answer daily, summary and lifetime metrics under "all"', async () => {
    const { app, pinterest } = setup();
    const { access_token } = await grant(app);
    const pin = pinterest.pins(pinterest.account('pia.pins')!)[5]!;
    const q = 'start_date=2025-12-15&end_date=2026-01-09&metric_types=IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK&app_types=ALL&split_field=NO_SPLIT';
    const body = (await get(app, `/pins/${pin.id}/analytics?${q}`, access_token)).json();
    expect(body.all.daily_metrics).toHaveLength(26);
    expect(body.all.daily_metrics[0]).toMatchObject({ date: '2025-12-15', data_status: expect.any(String) });
    expect(Object.keys(body.all.summary_metrics).sort()).toEqual(['IMPRESSION', 'OUTBOUND_CLICK', 'PIN_CLICK', 'SAVE']);
    expect(body.all.lifetime_metrics.IMPRESSION).toEqual(expect.any(Number));
  });

  it('pin analytics refuse a start_date more than 90 days back', async () => {
    const { app, pinterest } = setup();
    const { access_token } = await grant(app);
    const pin = pinterest.pins(pinterest.account('pia.pins')!)[0]!;
    const res = await get(app, `/pins/${pin.id}/analytics?start_date=2025-10-01&end_date=2026-01-09&metric_types=IMPRESSION`, access_token);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 1, message_detail: expect.stringContaining('90 days') });
  });

  it('a personal account has no analytics (403 code 29)', async () => {
    const { app } = setup();
    const { access_token } = await grant(app, 'pete.personal');
    expect((await get(app, '/user_account', access_token)).json()).toMatchObject({ account_type: 'PINNER' });
    const res = await get(app, '/user_account/analytics?start_date=2026-01-01&end_date=2026-01-09', access_token);
    expect(res.statusCode).toBe(403);
  });

  it('the control API sets exact pin figures (summary and lifetime) or holds them as PROCESSING; an unknown pin is 404', async () => {
    const { app, pinterest } = setup();
    const { access_token } = await grant(app);
    const pin = pinterest.pins(pinterest.account('pia.pins')!)[4]!;
    const put = (body: object, id = pin.id) => app.inject({ method: 'PUT', url: `/_sandbox/pinterest/pins/${id}/analytics`, payload: body });
    expect((await put({ metrics: { IMPRESSION: 1234, SAVE: 5 } })).statusCode).toBe(200);
    const q = 'start_date=2026-01-01&end_date=2026-01-09&metric_types=IMPRESSION,SAVE,PIN_CLICK';
    const all = (await get(app, `/pins/${pin.id}/analytics?${q}`, access_token)).json().all;
    expect(all.lifetime_metrics).toMatchObject({ IMPRESSION: 1234, SAVE: 5, PIN_CLICK: expect.any(Number) });
    expect(all.summary_metrics).toMatchObject({ IMPRESSION: 1234, SAVE: 5 });
    await put({ metrics: {}, status: 'PROCESSING' });
    const days = (await get(app, `/pins/${pin.id}/analytics?${q}`, access_token)).json().all.daily_metrics;
    expect(days.filter((d: { data_status: string }) => d.data_status !== 'BEFORE_PIN_CREATED').every((d: { data_status: string }) => d.data_status === 'PROCESSING')).toBe(true);
    expect((await put({ metrics: {} }, '999999000001')).statusCode).toBe(404);
    expect((await put({ metrics: { NOPE: 1 } })).statusCode).toBe(400);
  });

  it('lifetime pin figures are deterministic and grow as the pin ages', async () => {
    const { app, pinterest, clock } = setup();
    const pin = pinterest.pins(pinterest.account('pia.pins')!)[1]!;
    const lifetime = async () => {
      const { access_token } = await grant(app);
      const today = clock.now().toISOString().slice(0, 10);
      return (await get(app, `/pins/${pin.id}/analytics?start_date=${today}&end_date=${today}&metric_types=IMPRESSION`, access_token)).json().all.lifetime_metrics.IMPRESSION;
    };
    const first = await lifetime();
    expect(await lifetime()).toBe(first);
    clock.advance(30 * DAY_MS);
    expect(await lifetime()).toBeGreaterThan(first);
  });

  it('the org_analytics category has its own per-minute limit', async () => {
    const { app, pinterest } = setup();
    pinterest.config.analyticsPerUserPerMinute = 2;
    const { access_token } = await grant(app);
    const path = '/user_account/analytics?start_date=2026-01-01&end_date=2026-01-09';
    expect((await get(app, path, access_token)).statusCode).toBe(200);
    expect((await get(app, path, access_token)).statusCode).toBe(200);
    const third = await get(app, path, access_token);
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 8 });
    expect(third.headers['retry-after']).toBeUndefined();
    expect((await get(app, '/user_account', access_token)).statusCode).toBe(200);
  });
});

describe('Pinterest sandbox: faults and control', () => {
  it('a provider_error fault answers in Pinterest shape with message_detail', async () => {
    const { app, world } = setup();
    const { access_token } = await grant(app);
    world.faults.add({ endpoint: 'pinterest.user_account', fault: 'provider_error', status: 429, errorCode: 8, detail: 'flagged as spam' });
    const res = await get(app, '/user_account', access_token);
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 8, message_detail: 'flagged as spam' });
  });

  it('a faulted refresh changes nothing: the same refresh token works next time', async () => {
    const { app, world } = setup();
    const { refresh_token } = await grant(app);
    world.faults.add({ endpoint: 'pinterest.token', fault: 'http_500' });
    expect((await refresh(app, refresh_token)).statusCode).toBe(500);
    expect((await refresh(app, refresh_token)).statusCode).toBe(200);
    expect(world.calls.count('pinterest.token')).toBe(3);
  });

  it('config is editable and strict; minted tokens and seeded connections work', async () => {
    const { app } = setup();
    expect((await app.inject({ method: 'PATCH', url: '/_sandbox/pinterest/config', payload: { oldRefreshToken: 'kept', refreshMode: 'legacy' } })).json()).toMatchObject({
      oldRefreshToken: 'kept',
    });
    expect((await app.inject({ method: 'PATCH', url: '/_sandbox/pinterest/config', payload: { nope: 1 } })).statusCode).toBe(400);
    const minted = (await app.inject({ method: 'POST', url: '/_sandbox/pinterest/tokens', payload: { username: 'pia.pins' } })).json();
    expect((await get(app, '/user_account', minted.access_token)).statusCode).toBe(200);
    const seeded = (await app.inject({ method: 'POST', url: '/_sandbox/pinterest/connections', payload: { count: 3, prefix: 'load' } })).json();
    expect((await get(app, '/user_account', seeded[2].accessToken)).json()).toMatchObject({ username: 'load.2' });
  });

  it('seeds connections in bulk at most three times slower than Instagram (two tokens each instead of one)', () => {
    // Against a baseline measured in the same run: the machine's load varies too much for a fixed bound.
    const { pinterest, world } = setup();
    let started = performance.now();
    world.instagram.seedConnections(50_000);
    const baseline = performance.now() - started;
    started = performance.now();
    expect(pinterest.seedConnections(50_000)).toHaveLength(50_000);
    expect(performance.now() - started).toBeLessThan(3 * baseline);
  });

  it('exports and imports accounts and tokens', async () => {
    const { app, pinterest } = setup();
    const { access_token } = await grant(app);
    const saved = JSON.parse(JSON.stringify(pinterest.exportState()));
    const other = setup();
    other.pinterest.importState(saved);
    expect((await get(other.app, '/user_account', access_token)).json()).toMatchObject({ username: 'pia.pins' });
  });

  it('a sandbox with a state file keeps Pinterest grants across a restart, and rewrites nothing when nothing changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinterest-state-'));
    const file = path.join(dir, 'state.json');
    try {
      const clock = new ManualClock('2026-01-10T12:00:00Z');
      const first = buildSandbox({ clock, stateFile: file });
      const { access_token } = await grant(first.app);
      await first.app.close();
      const written = fs.statSync(file).mtimeMs;
      const second = buildSandbox({ clock, stateFile: file });
      expect((await get(second.app, '/user_account', access_token)).json()).toMatchObject({ username: 'pia.pins' });
      await second.app.close();
      expect(fs.statSync(file).mtimeMs).toBe(written);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
