/**
 * The simulated TikTok's rules through HTTP (`app.inject`): consent page, token endpoint, refresh and
 * rotation, revoking and account events, the Display API, faults and the control API. One file per
 * simulated network, like its source files; longer than most because each describe block is one of those.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { buildSandbox } from '../index.ts';
import type { TikTokConfig } from './model.ts';
import type { TikTokWorld } from './world.ts';

const CLIENT = { client_key: 'sandbox-tiktok-client-key', client_secret: 'sandbox-tiktok-secret' };
const REDIRECT = 'https://app.example/callback/tiktok';
const ALL_SCOPES = 'user.info.basic,user.info.profile,user.info.stats,video.list';
const VERIFIER = 'sandbox-test-verifier-0123456789-0123456789-0123';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const DAY_MS = 86_400_000;
const AUTHORIZE = '/www.tiktok.com/v2/auth/authorize/';
const TOKEN = '/open.tiktokapis.com/v2/oauth/token/';

function setup(config: Partial<TikTokConfig> = {}) {
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const { app, world } = buildSandbox({ clock });
  const tt = world.network<TikTokWorld>('tiktok');
  Object.assign(tt.config, config);
  return { clock, app, world, tt };
}

function form(fields: Record<string, string | string[]>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return { payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

function authorizeFields(extra: Record<string, string | string[]> = {}) {
  return {
    client_key: CLIENT.client_key,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: ALL_SCOPES,
    state: 'st4te',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  };
}

async function authorize(app: FastifyInstance, username = 'tess.tiktok', extra: Record<string, string | string[]> = {}): Promise<URL> {
  const res = await app.inject({ method: 'POST', url: AUTHORIZE, ...form(authorizeFields({ account: username, ...extra })) });
  expect(res.statusCode).toBe(302);
  return new URL(String(res.headers.location));
}

function exchange(app: FastifyInstance, code: string, extra: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: TOKEN, ...form({ ...CLIENT, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER, ...extra }) });
}

function refresh(app: FastifyInstance, refreshToken: string) {
  return app.inject({ method: 'POST', url: TOKEN, ...form({ ...CLIENT, grant_type: 'refresh_token', refresh_token: refreshToken }) });
}

async function connect(app: FastifyInstance, username = 'tess.tiktok', extra: Record<string, string | string[]> = {}) {
  const code = (await authorize(app, username, extra)).searchParams.get('code')!;
  return (await exchange(app, code)).json() as { access_token: string; refresh_token: string; open_id: string; refresh_expires_in: number; scope: string };
}

function userInfo(app: FastifyInstance, token: string, fields = 'open_id,display_name') {
  return app.inject({ url: `/open.tiktokapis.com/v2/user/info/?fields=${fields}`, headers: { authorization: `Bearer ${token}` } });
}

function videoList(app: FastifyInstance, token: string, body: object, fields = 'id,create_time,view_count') {
  return app.inject({ method: 'POST', url: `/open.tiktokapis.com/v2/video/list/?fields=${fields}`, headers: { authorization: `Bearer ${token}` }, payload: body });
}

describe('the TikTok consent page', () => {
  it('lists the test accounts and one checked box per requested scope, with the parameters escaped', async () => {
    const { app } = setup();
    const q = new URLSearchParams(authorizeFields({ state: '"><script>x</script>' }));
    const res = await app.inject({ url: `${AUTHORIZE}?${q}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="tess.tiktok"');
    expect(res.body).toContain('value="milo.tiktok"');
    expect(res.body.match(/type="checkbox"/g)).toHaveLength(4);
    expect(res.body).toContain('name="allow"');
    expect(res.body).toContain('name="deny"');
    expect(res.body).not.toContain('<script>x');
    expect(res.body).not.toMatch(/<script|<link|src="http/);
  });

  it('refuses an unknown client_key, a missing scope, an unknown scope and a plain PKCE challenge with an error page', async () => {
    const { app } = setup();
    const bads: Record<string, string>[] = [
      { client_key: 'nope' },
      { scope: '' },
      { scope: 'user.info.basic,video.publish' },
      { code_challenge_method: 'plain' },
      { response_type: 'token' },
    ];
    for (const bad of bads) {
      const res = await app.inject({ url: `${AUTHORIZE}?${new URLSearchParams(authorizeFields(bad))}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('Allow redirects with the code, the scopes granted and the state', async () => {
    const { app } = setup();
    const location = await authorize(app, 'tess.tiktok', { granted: ['user.info.basic', 'video.list'] });
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toMatch(/\*!\d{4}$/);
    expect(location.searchParams.get('scopes')).toBe('user.info.basic,video.list');
    expect(location.searchParams.get('state')).toBe('st4te');
  });

  it('Deny redirects with access_denied and the state', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'POST', url: AUTHORIZE, ...form(authorizeFields({ deny: '1' })) });
    const location = new URL(String(res.headers.location));
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st4te');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('a banned account cannot log in', async () => {
    const { app, tt } = setup();
    tt.applyEvent('milo.tiktok', 'ban');
    const res = await app.inject({ method: 'POST', url: AUTHORIZE, ...form(authorizeFields({ account: 'milo.tiktok' })) });
    expect(res.statusCode).toBe(400);
  });
});

describe('the TikTok token endpoint', () => {
  it('turns a code into a flat answer: act./rft. tokens, 2 h and 180 days, comma-separated scopes', async () => {
    const { app, tt } = setup();
    const code = (await authorize(app)).searchParams.get('code')!;
    const res = await exchange(app, code);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ expires_in: 7200, refresh_expires_in: 180 * 86_400, token_type: 'Bearer', scope: ALL_SCOPES, open_id: tt.account('tess.tiktok')!.openId });
    expect(body.access_token).toMatch(/^act\..+!\d{4}\.va$/);
    expect(body.refresh_token).toMatch(/^rft\..+!\d{4}\.va$/);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'open_id', 'refresh_expires_in', 'refresh_token', 'scope', 'token_type']);
  });

  it('a code works once', async () => {
    const { app } = setup();
    const code = (await authorize(app)).searchParams.get('code')!;
    expect((await exchange(app, code)).statusCode).toBe(200);
    const again = await exchange(app, code);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String), log_id: expect.stringMatching(/^20260301090000[0-9A-F]{20}$/) });
  });

  it('checks the PKCE verifier against the S256 challenge', async () => {
    const { app } = setup();
    for (const verifier of [`${VERIFIER}x`, '']) {
      const code = (await authorize(app)).searchParams.get('code')!;
      const res = await exchange(app, code, { code_verifier: verifier });
      expect(res.json()).toMatchObject({ error: 'invalid_request', error_description: 'Code verifier or code challenge is invalid.' });
    }
  });

  it('a code without PKCE (a web app that sent no challenge) needs no verifier', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'POST', url: AUTHORIZE, ...form({ ...authorizeFields({ account: 'tess.tiktok' }), code_challenge: [], code_challenge_method: [] }) });
    const code = new URL(String(res.headers.location)).searchParams.get('code')!;
    expect((await exchange(app, code, { code_verifier: '' })).statusCode).toBe(200);
  });

  it('refuses a wrong redirect_uri, a wrong secret and an unknown grant type', async () => {
    const { app } = setup();
    const code = (await authorize(app)).searchParams.get('code')!;
    expect((await exchange(app, code, { redirect_uri: 'https://evil.example/cb' })).json().error).toBe('invalid_grant');
    expect((await exchange(app, 'x', { client_secret: 'nope' })).json().error).toBe('invalid_client');
    expect((await exchange(app, 'x', { grant_type: 'password' })).json().error).toBe('unsupported_grant_type');
  });

  it('answers OAuth errors with the configured status', async () => {
    const { app } = setup({ oauthErrorStatus: 401 });
    expect((await exchange(app, 'nope')).statusCode).toBe(401);
  });
});

describe('refreshing a TikTok grant', () => {
  it('rotates: the new refresh token works, the spent one is refused once its successor was issued', async () => {
    const { app } = setup();
    const first = await connect(app);
    const second = (await refresh(app, first.refresh_token)).json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await refresh(app, first.refresh_token)).json().error).toBe('invalid_grant');
    expect((await refresh(app, second.refresh_token)).statusCode).toBe(200);
  });

  it('keeps a rotated-away refresh token working for the configured grace', async () => {
    const { app, clock } = setup({ rotationGraceSeconds: 60 });
    const first = await connect(app);
    await refresh(app, first.refresh_token);
    clock.advance(59_000);
    expect((await refresh(app, first.refresh_token)).statusCode).toBe(200);
    clock.advance(1000);
    expect((await refresh(app, first.refresh_token)).json().error).toBe('invalid_grant');
  });

  it("with a fixed expiry reports the remaining lifetime, shrinking to the first refresh token's end", async () => {
    const { app, clock } = setup();
    const first = await connect(app);
    clock.advance(30 * DAY_MS);
    const second = (await refresh(app, first.refresh_token)).json();
    expect(second.refresh_expires_in).toBe(150 * 86_400);
    clock.advance(150 * DAY_MS);
    expect((await refresh(app, second.refresh_token)).json().error).toBe('invalid_grant');
  });

  it('with a sliding expiry gives a full lifetime at each refresh', async () => {
    const { app, clock } = setup({ refreshExpiry: 'sliding', refreshTokenSeconds: 365 * 86_400, accessTokenSeconds: 86_400 });
    const first = await connect(app);
    clock.advance(300 * DAY_MS);
    const second = (await refresh(app, first.refresh_token)).json();
    expect(second).toMatchObject({ refresh_expires_in: 365 * 86_400, expires_in: 86_400 });
  });

  it('hands back the same refresh token when rotation is off', async () => {
    const { app } = setup({ rotates: false });
    const first = await connect(app);
    expect((await refresh(app, first.refresh_token)).json().refresh_token).toBe(first.refresh_token);
    expect((await refresh(app, first.refresh_token)).statusCode).toBe(200);
  });

  it('a lost answer still rotates the tokens', async () => {
    const { app, world } = setup();
    const first = await connect(app);
    world.faults.add({ endpoint: 'tiktok.token', fault: 'lost_answer', delayMs: 1 });
    expect((await refresh(app, first.refresh_token)).statusCode).toBe(504);
    expect((await refresh(app, first.refresh_token)).json().error).toBe('invalid_grant');
  });
});

describe('revoking and account events', () => {
  const revoke = (app: FastifyInstance, token: string, secret = CLIENT.client_secret) =>
    app.inject({ method: 'POST', url: '/open.tiktokapis.com/v2/oauth/revoke/', ...form({ ...CLIENT, client_secret: secret, token }) });

  it('revoke answers {} and ends the access and refresh tokens; revoking again is no error', async () => {
    const { app } = setup();
    const grant = await connect(app);
    const res = await revoke(app, grant.access_token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    expect((await userInfo(app, grant.access_token)).json().error.code).toBe('access_token_invalid');
    expect((await refresh(app, grant.refresh_token)).json().error).toBe('invalid_grant');
    expect((await revoke(app, grant.access_token)).json()).toEqual({});
    expect((await revoke(app, grant.access_token, 'nope')).json().error).toBe('invalid_client');
  });

  it('removing the app ends every grant of that account only; a new consent works again', async () => {
    const { app, tt } = setup();
    const tess = await connect(app, 'tess.tiktok');
    const milo = await connect(app, 'milo.tiktok');
    const res = await app.inject({ method: 'POST', url: '/_sandbox/tiktok/accounts/tess.tiktok/events', payload: { event: 'revoke' } });
    expect(res.json()).toMatchObject({ grants_ended: true });
    expect((await userInfo(app, tess.access_token)).statusCode).toBe(401);
    expect((await refresh(app, milo.refresh_token)).statusCode).toBe(200);
    expect((await userInfo(app, (await connect(app, 'tess.tiktok')).access_token)).statusCode).toBe(200);
    expect(tt.account('tess.tiktok')!.epoch).toBe(1);
  });

  it('a password change ends grants only when configured to (TikTok does not document it)', async () => {
    const { app, tt } = setup();
    const grant = await connect(app);
    tt.applyEvent('tess.tiktok', 'password-change');
    expect((await userInfo(app, grant.access_token)).statusCode).toBe(200);
    tt.config.passwordChangeRevokes = true;
    tt.applyEvent('tess.tiktok', 'password-change');
    expect((await userInfo(app, grant.access_token)).statusCode).toBe(401);
  });

  it('a deleted account loses every token', async () => {
    const { app, tt } = setup();
    const grant = await connect(app);
    tt.applyEvent('tess.tiktok', 'delete');
    expect((await refresh(app, grant.refresh_token)).json().error).toBe('invalid_grant');
  });
});

describe('the Display API', () => {
  it('answers user info with the fields asked for, in the data/error envelope', async () => {
    const { app, tt } = setup();
    const grant = await connect(app);
    const res = await userInfo(app, grant.access_token, 'open_id,username,follower_count,video_count');
    expect(res.json()).toMatchObject({
      data: { user: { open_id: tt.account('tess.tiktok')!.openId, username: 'tess.tiktok', follower_count: 254_300, video_count: 45 } },
      error: { code: 'ok', message: '' },
    });
    expect(Object.keys(res.json().data.user)).toHaveLength(4);
  });

  it('refuses fields of a scope the person did not grant, and unknown fields', async () => {
    const { app } = setup();
    const grant = await connect(app, 'tess.tiktok', { granted: ['user.info.basic'] });
    expect(grant.scope).toBe('user.info.basic');
    const res = await userInfo(app, grant.access_token, 'open_id,follower_count');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ data: {}, error: { code: 'scope_not_authorized' } });
    expect((await userInfo(app, grant.access_token, 'open_id,shoe_size')).json().error.code).toBe('invalid_params');
    expect((await videoList(app, grant.access_token, {})).json().error.code).toBe('scope_not_authorized');
  });

  it('a request without a token is access_token_invalid (401)', async () => {
    const { app } = setup();
    const res = await app.inject({ url: '/open.tiktokapis.com/v2/user/info/?fields=open_id' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('access_token_invalid');
  });

  it('lists videos newest first, 20 at most a page, following the cursor to the end', async () => {
    const { app } = setup();
    const grant = await connect(app);
    const seen: { id: string; create_time: number }[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 3; page++) {
      const data = (await videoList(app, grant.access_token, { max_count: 20, ...(cursor === undefined ? {} : { cursor }) })).json().data;
      seen.push(...data.videos);
      cursor = data.cursor;
      expect(data.has_more).toBe(page < 2);
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen.map((v) => v.id)).size).toBe(45);
    expect(seen.map((v) => v.create_time)).toEqual([...seen.map((v) => v.create_time)].sort((a, b) => b - a));
    expect((await videoList(app, grant.access_token, { max_count: 21 })).json().error.code).toBe('invalid_params');
  });

  it('returns the video object fields with per-video metrics, and queries videos by id', async () => {
    const { app } = setup();
    const grant = await connect(app);
    const fields = 'id,create_time,cover_image_url,share_url,video_description,duration,title,like_count,comment_count,share_count,view_count';
    const [video] = (await videoList(app, grant.access_token, { max_count: 1 }, fields)).json().data.videos;
    expect(video).toMatchObject({ share_url: `https://www.tiktok.com/@tess.tiktok/video/${video.id}`, view_count: expect.any(Number), like_count: expect.any(Number) });
    expect(video.id).toMatch(/^\d{19}$/);
    const res = await app.inject({
      method: 'POST',
      url: `/open.tiktokapis.com/v2/video/query/?fields=id,view_count`,
      headers: { authorization: `Bearer ${grant.access_token}` },
      payload: { filters: { video_ids: [video.id, '7000000000000000000'] } },
    });
    expect(res.json().data.videos).toEqual([{ id: video.id, view_count: video.view_count }]);
  });

  it("a video's figures are the same for the same instant and grow with its age on the sandbox clock", async () => {
    const { app, clock } = setup();
    const fields = 'id,view_count,like_count,comment_count,share_count';
    // A fresh token each time: the access token lives two hours.
    const query = async () => videoList(app, (await connect(app)).access_token, { max_count: 1 }, fields).then((r) => r.json().data.videos[0]);
    const first = await query();
    expect(await query()).toEqual(first);
    clock.advance(3 * DAY_MS);
    const later = await query();
    expect(later.id).toBe(first.id);
    expect(later.view_count).toBeGreaterThan(first.view_count);
    for (const f of ['like_count', 'comment_count', 'share_count']) expect(later[f]).toBeGreaterThanOrEqual(first[f]);
  });

  it('the control API sets exact figures of a video, which then stop growing; an unknown video is 404', async () => {
    const { app, clock, tt } = setup();
    const id = tt.account('tess.tiktok')!.videos[2]!.id;
    const put = await app.inject({ method: 'PUT', url: `/_sandbox/tiktok/videos/${id}/figures`, payload: { view_count: 5000, like_count: 400, comment_count: 30 } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ id, view_count: 5000, like_count: 400, comment_count: 30, share_count: expect.any(Number) });
    clock.advance(10 * DAY_MS);
    const grant = await connect(app);
    const res = await app.inject({
      method: 'POST',
      url: '/open.tiktokapis.com/v2/video/query/?fields=id,view_count,like_count,comment_count,share_count',
      headers: { authorization: `Bearer ${grant.access_token}` },
      payload: { filters: { video_ids: [id] } },
    });
    expect(res.json().data.videos).toEqual([{ id, view_count: 5000, like_count: 400, comment_count: 30, share_count: put.json().share_count }]);
    expect((await app.inject({ method: 'PUT', url: '/_sandbox/tiktok/videos/1/figures', payload: { view_count: 1 } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: `/_sandbox/tiktok/videos/${id}/figures`, payload: { view_count: -1 } })).statusCode).toBe(400);
  });

  it('throttles the video query past its own 600 calls a minute, in the API error shape', async () => {
    const { app, clock, tt } = setup({ rateLimitPerMinute: 2 });
    const grant = await connect(app);
    const id = tt.account('tess.tiktok')!.videos[0]!.id;
    const query = () =>
      app.inject({
        method: 'POST',
        url: '/open.tiktokapis.com/v2/video/query/?fields=id',
        headers: { authorization: `Bearer ${grant.access_token}` },
        payload: { filters: { video_ids: [id] } },
      });
    expect((await query()).statusCode).toBe(200);
    clock.advance(30_000);
    expect((await query()).statusCode).toBe(200);
    const throttled = await query();
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toMatchObject({ data: {}, error: { code: 'rate_limit_exceeded', message: expect.any(String), log_id: expect.any(String) } });
    expect(Number(throttled.headers['x-ratelimit-reset'])).toBe(Math.ceil((clock.now().getTime() + 30_000) / 1000));
  });

  it('throttles past 600 calls a minute per endpoint, and the sliding window lets calls through again', async () => {
    const { app, clock } = setup();
    const grant = await connect(app);
    for (let i = 0; i < 600; i++) expect((await userInfo(app, grant.access_token)).statusCode).toBe(200);
    const throttled = await userInfo(app, grant.access_token);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('rate_limit_exceeded');
    expect(Number(throttled.headers['x-ratelimit-reset'])).toBe(Math.ceil((clock.now().getTime() + 60_000) / 1000));
    expect((await videoList(app, grant.access_token, {})).statusCode).toBe(200);
    clock.advance(60_000);
    expect((await userInfo(app, grant.access_token)).statusCode).toBe(200);
  });
});

describe('TikTok faults', () => {
  it('a throttle on the token endpoint answers 429 in the OAuth shape with x-ratelimit-reset', async () => {
    const { app, world, clock } = setup();
    const grant = await connect(app);
    world.faults.add({ endpoint: 'tiktok.token', fault: 'throttle', regainMinutes: 5 });
    const res = await refresh(app, grant.refresh_token);
    expect(res.statusCode).toBe(429);
    expect(res.json().error).toBe('rate_limit_exceeded');
    expect(Number(res.headers['x-ratelimit-reset'])).toBe(clock.now().getTime() / 1000 + 300);
  });

  it('a provider error on the Display API answers in its envelope with its status', async () => {
    const { app, world } = setup();
    const grant = await connect(app);
    world.faults.add({ endpoint: 'tiktok.user_info', fault: 'provider_error', errorCode: 'internal_error' });
    const res = await userInfo(app, grant.access_token);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ data: {}, error: { code: 'internal_error' } });
  });

  it('a faulted call changes nothing and is counted for its account', async () => {
    const { app, world, tt } = setup();
    const grant = await connect(app);
    world.faults.add({ endpoint: 'tiktok.token', fault: 'http_500' });
    expect((await refresh(app, grant.refresh_token)).statusCode).toBe(500);
    expect((await refresh(app, grant.refresh_token)).statusCode).toBe(200);
    expect(world.calls.count('tiktok.token', tt.account('tess.tiktok')!.openId)).toBe(3);
  });
});

describe('the TikTok control API', () => {
  it('edits the configuration, and reset restores it', async () => {
    const { app, world, tt } = setup();
    const res = await app.inject({ method: 'PATCH', url: '/_sandbox/tiktok/config', payload: { accessTokenSeconds: 86_400, refreshExpiry: 'sliding' } });
    expect(res.json()).toMatchObject({ accessTokenSeconds: 86_400, refreshExpiry: 'sliding' });
    expect((await app.inject({ method: 'PATCH', url: '/_sandbox/tiktok/config', payload: { nope: 1 } })).statusCode).toBe(400);
    world.reset();
    expect(tt.config.accessTokenSeconds).toBe(7200);
  });

  it('creates accounts and mints tokens directly', async () => {
    const { app } = setup();
    expect((await app.inject({ method: 'POST', url: '/_sandbox/tiktok/accounts', payload: { username: 'new.one', videoCount: 2 } })).statusCode).toBe(201);
    const minted = (await app.inject({ method: 'POST', url: '/_sandbox/tiktok/tokens', payload: { username: 'new.one', scopes: ['user.info.basic'] } })).json();
    expect(minted).toMatchObject({ access_token: expect.stringMatching(/^act\./), refresh_token: expect.stringMatching(/^rft\./), scope: 'user.info.basic' });
    expect((await userInfo(app, minted.access_token, 'display_name')).json().data.user.display_name).toBe('new.one');
    const accounts = (await app.inject({ url: '/_sandbox/tiktok/accounts' })).json();
    expect(accounts.map((a: { username: string }) => a.username)).toEqual(['tess.tiktok', 'milo.tiktok', 'new.one']);
  });

  // Seconds on a busy shared machine; the bound only catches a seeding that stopped being linear.
  it('seeds 100,000 connections quickly', () => {
    const { tt } = setup();
    const started = performance.now();
    const connections = tt.seedConnections(100_000);
    expect(connections).toHaveLength(100_000);
    expect(tt.checkAccess(connections[99_999]!.accessToken)).toBeDefined();
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('exports and imports its accounts, grants and tokens', async () => {
    const { app, tt } = setup();
    const grant = await connect(app);
    const next = (await refresh(app, grant.refresh_token)).json();
    const saved = JSON.parse(JSON.stringify(tt.exportState()));
    const other = setup();
    other.tt.importState(saved);
    expect((await userInfo(other.app, next.access_token)).statusCode).toBe(200);
    expect((await refresh(other.app, grant.refresh_token)).json().error).toBe('invalid_grant');
    expect((await refresh(other.app, next.refresh_token)).statusCode).toBe(200);
    other.tt.importState({ nonsense: true });
    expect(other.tt.account('tess.tiktok')).toBeDefined();
  });

  it('a sandbox restarted on its state file still knows the grants it issued', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tiktok-state-')), 'state.json');
    const clock = new ManualClock('2026-03-01T09:00:00Z');
    const first = buildSandbox({ clock, stateFile: file });
    const grant = await connect(first.app);
    await first.app.close();
    const second = buildSandbox({ clock, stateFile: file });
    expect((await userInfo(second.app, grant.access_token)).statusCode).toBe(200);
    expect((await refresh(second.app, grant.refresh_token)).statusCode).toBe(200);
    await second.app.close();
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
