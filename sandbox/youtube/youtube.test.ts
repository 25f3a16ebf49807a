/**
 * The simulated Google's rules through HTTP (`app.inject`): consent screen, token endpoint, revoking,
 * the YouTube Data and Analytics APIs, the quota, faults, control and persistence. One file per simulated
 * network, like its source files; longer than most because each describe block is one of those endpoints.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { buildSandbox, redactUrl } from '../index.ts';
import { SCOPE, videoOf } from './model.ts';
import type { GoogleWorld } from './world.ts';

const CLIENT = { client_id: 'sandbox-google-client.apps.googleusercontent.com', client_secret: 'sandbox-google-secret' };
const REDIRECT = 'https://app.example/callback';
const SCOPES = `${SCOPE.youtubeReadonly} ${SCOPE.analytics}`;
const VERIFIER = 'sandbox-test-verifier-0123456789-0123456789-0123456789';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const DAY_MS = 86_400_000;
const AUTH = '/accounts.google.com/o/oauth2/v2/auth';

function setup(now = '2026-01-15T12:00:00Z') {
  const clock = new ManualClock(now);
  const { app, world } = buildSandbox({ clock });
  return { clock, app, world, google: world.network<GoogleWorld>('google') };
}

const form = (fields: Record<string, string> | URLSearchParams) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

function authorizeParams(extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    client_id: CLIENT.client_id,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: SCOPES,
    state: 'st4te',
    access_type: 'offline',
    prompt: 'consent',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  });
}

async function consent(app: FastifyInstance, username: string, options: { extra?: Record<string, string>; granted?: string[]; fields?: Record<string, string> } = {}) {
  const fields = authorizeParams(options.extra);
  fields.set('account', username);
  for (const scope of options.granted ?? []) fields.append('granted', scope);
  for (const [k, v] of Object.entries(options.fields ?? {})) fields.set(k, v);
  const res = await app.inject({ method: 'POST', url: AUTH, ...form(fields) });
  return new URL(String(res.headers.location));
}

async function code(app: FastifyInstance, username = 'maya.makes', extra: Record<string, string> = {}): Promise<string> {
  return (await consent(app, username, { extra })).searchParams.get('code')!;
}

function exchange(app: FastifyInstance, value: string, overrides: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/oauth2.googleapis.com/token',
    ...form({ ...CLIENT, grant_type: 'authorization_code', code: value, redirect_uri: REDIRECT, code_verifier: VERIFIER, ...overrides }),
  });
}

function refresh(app: FastifyInstance, refreshToken: string) {
  return app.inject({ method: 'POST', url: '/oauth2.googleapis.com/token', ...form({ ...CLIENT, grant_type: 'refresh_token', refresh_token: refreshToken }) });
}

async function connect(app: FastifyInstance, username = 'maya.makes'): Promise<{ access_token: string; refresh_token: string; scope: string }> {
  return (await exchange(app, await code(app, username))).json();
}

const get = (app: FastifyInstance, path: string, token?: string) => app.inject({ url: path, headers: token ? { authorization: `Bearer ${token}` } : {} });
const MINE = '/www.googleapis.com/youtube/v3/channels?part=snippet,statistics,contentDetails&mine=true';

describe('the consent screen', () => {
  it('lists the test accounts and one ticked checkbox per scope, with every value escaped', async () => {
    const { app } = setup();
    const res = await get(app, `${AUTH}?${authorizeParams({ state: '"><script>x</script>' })}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('value="maya.makes"');
    expect(res.body).toContain('nina.nochannel');
    expect(res.body).toContain(`name="granted" value="${SCOPE.analytics}" checked`);
    expect(res.body).toContain('name="allow"');
    expect(res.body).toContain('name="deny"');
    expect(res.body).not.toContain('<script>x');
  });

  it.each([
    [{ client_id: 'nobody' }, 401, 'invalid_client'],
    [{ response_type: 'token' }, 400, 'unsupported_response_type'],
    [{ scope: 'https://www.googleapis.com/auth/nope' }, 400, 'invalid_scope'],
    [{ scope: '' }, 400, 'invalid_request'],
    [{ code_challenge: 'short' }, 400, 'invalid_request'],
    [{ access_type: 'forever' }, 400, 'invalid_request'],
  ])('refuses %o with an error page, never a redirect', async (extra, status, errorCode) => {
    const { app } = setup();
    const res = await get(app, `${AUTH}?${authorizeParams(extra)}`);
    expect(res.statusCode).toBe(status);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain(`Error ${status}: ${errorCode}`);
  });

  it('refuses a redirect URI the client did not register', async () => {
    const { app, google } = setup();
    google.config.clients[0]!.redirectUris = ['https://registered.example/cb'];
    const res = await get(app, `${AUTH}?${authorizeParams()}`);
    expect(res.body).toContain('redirect_uri_mismatch');
  });

  it('Allow redirects with state, code, the granted scopes and authuser', async () => {
    const { app } = setup();
    const location = await consent(app, 'maya.makes');
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st4te');
    expect(location.searchParams.get('code')).toMatch(/^4\/0A/);
    expect(location.searchParams.get('scope')).toBe(SCOPES);
    expect(location.hash).toBe('');
  });

  it('Cancel redirects with error=access_denied and the state', async () => {
    const { app } = setup();
    const location = await consent(app, 'maya.makes', { fields: { deny: '1' } });
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 'st4te' });
  });

  it('unticking every scope on the page is a Cancel', async () => {
    const { app } = setup();
    const location = await consent(app, 'maya.makes', { fields: { consent_form: '1' } });
    expect(location.searchParams.get('error')).toBe('access_denied');
  });

  it('granular consent: an unticked scope is left out of the code and the token', async () => {
    const { app } = setup();
    const location = await consent(app, 'maya.makes', { granted: [SCOPE.youtubeReadonly] });
    expect(location.searchParams.get('scope')).toBe(SCOPE.youtubeReadonly);
    expect((await exchange(app, location.searchParams.get('code')!)).json().scope).toBe(SCOPE.youtubeReadonly);
  });

  it('include_granted_scopes=true adds what this client was granted before', async () => {
    const { app } = setup();
    await connect(app);
    const location = await consent(app, 'maya.makes', { extra: { scope: SCOPE.youtubeReadonly, include_granted_scopes: 'true' } });
    expect(location.searchParams.get('scope')).toBe(SCOPES);
  });
});

describe('the token endpoint', () => {
  it('exchanges a code for a ya29 access token (3599 s) and a 1// refresh token', async () => {
    const { app } = setup();
    const res = await exchange(app, await code(app));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^ya29\.a0/),
      expires_in: 3599,
      refresh_token: expect.stringMatching(/^1\/\/0/),
      scope: SCOPES,
      token_type: 'Bearer',
    });
  });

  it('hands out a refresh token only for offline access, and on later consents only with prompt=consent', async () => {
    const { app } = setup();
    expect((await exchange(app, await code(app, 'maya.makes', { access_type: 'online' }))).json().refresh_token).toBeUndefined();
    expect((await exchange(app, await code(app, 'maya.makes', { prompt: '' }))).json().refresh_token).toBeUndefined();
    expect((await exchange(app, await code(app))).json().refresh_token).toBeDefined();
    expect((await exchange(app, await code(app, 'leo.plays', { prompt: '' }))).json().refresh_token).toBeDefined();
  });

  it('a code is single use, expires after ten minutes, and must come back with its redirect URI', async () => {
    const { app, clock } = setup();
    const used = await code(app);
    await exchange(app, used);
    expect((await exchange(app, used)).json()).toEqual({ error: 'invalid_grant', error_description: 'Malformed auth code.' });
    const late = await code(app);
    clock.advance(600_000);
    expect((await exchange(app, late)).json().error).toBe('invalid_grant');
    expect((await exchange(app, await code(app), { redirect_uri: 'https://other.example/cb' })).json().error).toBe('redirect_uri_mismatch');
  });

  it('checks the PKCE verifier (S256 and plain), and refuses a verifier nobody asked for', async () => {
    const { app } = setup();
    expect((await exchange(app, await code(app), { code_verifier: `${VERIFIER}x` })).json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid code verifier.' });
    const plain = await code(app, 'maya.makes', { code_challenge: VERIFIER, code_challenge_method: 'plain' });
    expect((await exchange(app, plain)).statusCode).toBe(200);
    const none = new URLSearchParams(authorizeParams());
    none.delete('code_challenge');
    none.delete('code_challenge_method');
    none.set('account', 'maya.makes');
    const bare = new URL(String((await app.inject({ method: 'POST', url: AUTH, ...form(none) })).headers.location)).searchParams.get('code')!;
    expect((await exchange(app, bare)).json()).toEqual({ error: 'invalid_request', error_description: 'code_verifier or verifier is not needed.' });
  });

  it('refuses a wrong client secret with 401 invalid_client, and accepts HTTP Basic credentials', async () => {
    const { app } = setup();
    const res = await exchange(app, await code(app), { client_secret: 'wrong' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('invalid_client');
    const basic = Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64');
    const fields = { grant_type: 'authorization_code', code: await code(app), redirect_uri: REDIRECT, code_verifier: VERIFIER };
    const ok = await app.inject({
      method: 'POST',
      url: '/oauth2.googleapis.com/token',
      ...form(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('a refresh returns a new access token and no refresh token; the refresh token is not rotated', async () => {
    const { app, clock } = setup();
    const { refresh_token } = await connect(app);
    clock.advance(2 * 3_600_000);
    const body = (await refresh(app, refresh_token)).json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^ya29/), expires_in: 3599, scope: SCOPES, token_type: 'Bearer' });
    expect((await refresh(app, refresh_token)).statusCode).toBe(200);
  });

  it('a dead refresh token answers 400 invalid_grant "Token has been expired or revoked."', async () => {
    const { app, google } = setup();
    const { refresh_token } = await connect(app);
    google.applyEvent('maya.makes', 'revoke');
    const res = await refresh(app, refresh_token);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });

  it('a refresh token unused for six months dies; each refresh counts as a use', async () => {
    const { app, clock, google } = setup();
    const idle = (await connect(app)).refresh_token;
    const used = (await connect(app)).refresh_token;
    clock.advance(100 * DAY_MS);
    expect((await refresh(app, used)).statusCode).toBe(200);
    clock.advance(83 * DAY_MS);
    expect(google.refreshDeath(idle)).toBe('idle');
    expect((await refresh(app, used)).statusCode).toBe(200);
  });

  it('the limit of live refresh tokens per account and client is configurable; past it the oldest dies', async () => {
    const { app, google } = setup();
    google.config.maxRefreshTokens = 2;
    const [a, b, c] = [await connect(app), await connect(app), await connect(app)];
    expect((await refresh(app, a.refresh_token)).json().error).toBe('invalid_grant');
    expect((await refresh(app, b.refresh_token)).statusCode).toBe(200);
    expect((await refresh(app, c.refresh_token)).statusCode).toBe(200);
  });

  it('in Testing, a token with only identity scopes is exempt from the 7-day limit', async () => {
    const { google, clock } = setup();
    google.config.publishingStatus = 'testing';
    const identity = google.mintTokens({ username: 'leo.plays', scopes: ['openid', SCOPE.userinfoEmail] });
    const youtube = google.mintTokens({ username: 'maya.makes' });
    clock.advance(7 * DAY_MS);
    expect(google.refreshDeath(identity.refresh!.value)).toBeUndefined();
    expect(google.refreshDeath(youtube.refresh!.value)).toBe('testing_expired');
  });
});

describe('revoking', () => {
  it('answers 200 {} and ends the grant; revoking again answers 400 invalid_token', async () => {
    const { app } = setup();
    const { access_token, refresh_token } = await connect(app);
    const first = await app.inject({
      method: 'POST',
      url: `/oauth2.googleapis.com/revoke?token=${encodeURIComponent(refresh_token)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({});
    expect((await get(app, MINE, access_token)).statusCode).toBe(401);
    const again = await app.inject({ method: 'POST', url: '/oauth2.googleapis.com/revoke', ...form({ token: refresh_token }) });
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toBe('invalid_token');
  });

  it('a token in the revoke query string is redacted from logged URLs', () => {
    expect(redactUrl('/oauth2.googleapis.com/revoke?token=1//0secret')).toBe('/oauth2.googleapis.com/revoke?token=[redacted]');
  });

  it('after a revoke, a new consent works and gives a refresh token again', async () => {
    const { app, google } = setup();
    await connect(app);
    google.applyEvent('maya.makes', 'revoke');
    const { refresh_token } = (await exchange(app, await code(app, 'maya.makes', { prompt: '' }))).json();
    expect(refresh_token).toMatch(/^1\/\//);
  });
});

describe('YouTube Data API', () => {
  it('channels?mine=true answers the channel with counts as strings', async () => {
    const { app, google } = setup();
    const { access_token } = await connect(app);
    const res = await get(app, MINE, access_token);
    expect(res.statusCode).toBe(200);
    const [item] = res.json().items;
    expect(item).toMatchObject({
      kind: 'youtube#channel',
      id: google.account('maya.makes')!.channel!.id,
      snippet: { title: 'Maya Makes', customUrl: '@mayamakes' },
      statistics: { viewCount: '3120458', subscriberCount: '48200', hiddenSubscriberCount: false, videoCount: '23' },
      contentDetails: { relatedPlaylists: { uploads: expect.stringMatching(/^UU/) } },
    });
  });

  it('a Google account without a channel gets items: [] (or no items, when configured)', async () => {
    const { app, google } = setup();
    const { access_token } = await connect(app, 'nina.nochannel');
    expect((await get(app, MINE, access_token)).json().items).toEqual([]);
    google.config.emptyChannelList = 'omitted';
    expect((await get(app, MINE, access_token)).json()).not.toHaveProperty('items');
  });

  it('no token: 401; a bad token: 401 authError with WWW-Authenticate; a missing part: 400 required', async () => {
    const { app } = setup();
    expect((await get(app, MINE)).statusCode).toBe(401);
    const bad = await get(app, MINE, 'ya29.nonsense');
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError', domain: 'global' }] });
    expect(bad.headers['www-authenticate']).toContain('invalid_token');
    const { access_token } = await connect(app);
    expect((await get(app, '/www.googleapis.com/youtube/v3/channels?mine=true', access_token)).json().error.errors[0].reason).toBe('required');
  });

  it('a token without a YouTube scope is refused 403 insufficientPermissions, naming the scopes that would do', async () => {
    const { app } = setup();
    const location = await consent(app, 'maya.makes', { granted: [SCOPE.analytics] });
    const { access_token } = (await exchange(app, location.searchParams.get('code')!)).json();
    const res = await get(app, MINE, access_token);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      status: 'PERMISSION_DENIED',
      errors: [{ reason: 'insufficientPermissions' }],
      details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }],
    });
    expect(res.headers['www-authenticate']).toContain(SCOPE.youtubeReadonly);
  });

  it('pages through the uploads playlist with page tokens, newest first', async () => {
    const { app } = setup();
    const { access_token } = await connect(app);
    const uploads = (await get(app, MINE, access_token)).json().items[0].contentDetails.relatedPlaylists.uploads;
    const ids: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const res = await get(
        app,
        `/www.googleapis.com/youtube/v3/playlistItems?part=contentDetails,snippet&playlistId=${uploads}&maxResults=10&pageToken=${pageToken}`,
        access_token,
      );
      const body = res.json();
      expect(body.pageInfo).toEqual({ totalResults: 23, resultsPerPage: 10 });
      ids.push(...body.items.map((i: { contentDetails: { videoId: string } }) => i.contentDetails.videoId));
      pageToken = body.nextPageToken ?? '';
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(23);
    const bad = await get(app, `/www.googleapis.com/youtube/v3/playlistItems?part=snippet&playlistId=${uploads}&pageToken=nope`, access_token);
    expect(bad.json().error.errors[0].reason).toBe('invalidPageToken');
    const missing = await get(app, '/www.googleapis.com/youtube/v3/playlistItems?part=snippet&playlistId=PLnothing', access_token);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.errors[0]).toMatchObject({ reason: 'playlistNotFound', domain: 'youtube.playlistItem' });
  });

  it('videos answers statistics as strings and leaves unknown ids out', async () => {
    const { app } = setup();
    const { access_token } = await connect(app);
    const uploads = (await get(app, MINE, access_token)).json().items[0].contentDetails.relatedPlaylists.uploads;
    const first = (await get(app, `/www.googleapis.com/youtube/v3/playlistItems?part=contentDetails&playlistId=${uploads}`, access_token)).json().items[0].contentDetails.videoId;
    const res = await get(app, `/www.googleapis.com/youtube/v3/videos?part=snippet,statistics,contentDetails&id=${first},AAAAAAAAAAA`, access_token);
    const body = res.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      id: first,
      statistics: { viewCount: expect.stringMatching(/^\d+$/), likeCount: expect.stringMatching(/^\d+$/), commentCount: expect.stringMatching(/^\d+$/) },
    });
    expect(body.items[0].contentDetails.duration).toMatch(/^PT/);
  });
});

describe('the YouTube Data API quota', () => {
  it('is spent one unit per call per client and answers 403 quotaExceeded when gone', async () => {
    const { app, google } = setup();
    const { access_token } = await connect(app);
    google.config.quotaPerDay = 2;
    expect((await get(app, MINE, access_token)).statusCode).toBe(200);
    expect((await get(app, MINE, access_token)).statusCode).toBe(200);
    const res = await get(app, MINE, access_token);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.errors[0]).toMatchObject({ reason: 'quotaExceeded', domain: 'youtube.quota' });
  });

  it('resets at midnight Pacific, not at midnight UTC', async () => {
    const { app, google, clock } = setup('2026-01-15T20:00:00Z');
    google.mintTokens({ username: 'maya.makes' });
    google.config.quotaPerDay = 1;
    const token = () => google.mintTokens({ username: 'maya.makes' }).access.value;
    expect((await get(app, MINE, token())).statusCode).toBe(200);
    clock.set('2026-01-16T01:00:00Z'); // a new UTC day, still the 15th in California
    expect((await get(app, MINE, token())).statusCode).toBe(403);
    clock.set('2026-01-16T08:00:00Z'); // midnight PST
    expect((await get(app, MINE, token())).statusCode).toBe(200);
  });
});

describe('YouTube Analytics', () => {
  const report = '/youtubeanalytics.googleapis.com/v2/reports?ids=channel==MINE&startDate=2026-01-01&endDate=2026-01-07&metrics=views,likes,averageViewPercentage';

  it('answers a result table, one row per day with dimensions=day, one total row without', async () => {
    const { app } = setup();
    const { access_token } = await connect(app);
    const daily = (await get(app, `${report}&dimensions=day`, access_token)).json();
    expect(daily.kind).toBe('youtubeAnalytics#resultTable');
    expect(daily.columnHeaders.map((c: { name: string }) => c.name)).toEqual(['day', 'views', 'likes', 'averageViewPercentage']);
    expect(daily.rows).toHaveLength(7);
    const total = (await get(app, report, access_token)).json().rows;
    expect(total).toHaveLength(1);
    expect(total[0][0]).toBe(daily.rows.reduce((sum: number, row: number[]) => sum + row[1]!, 0));
  });

  const audience = '/youtubeanalytics.googleapis.com/v2/reports?ids=channel==MINE&startDate=2025-10-18&endDate=2026-01-15';

  it('answers viewer percentages by age group and gender (summing to 100) and views by country', async () => {
    const { app } = setup();
    const { access_token } = await connect(app);
    const demo = (await get(app, `${audience}&dimensions=ageGroup,gender&metrics=viewerPercentage`, access_token)).json();
    expect(demo.columnHeaders.map((c: { name: string }) => c.name)).toEqual(['ageGroup', 'gender', 'viewerPercentage']);
    expect(demo.rows).toHaveLength(21);
    expect(demo.rows[0]).toEqual(['age13-17', 'female', expect.any(Number)]);
    expect(demo.rows.reduce((sum: number, row: number[]) => sum + row[2]!, 0)).toBeCloseTo(100, 0);
    const geo = (await get(app, `${audience}&dimensions=country&metrics=views`, access_token)).json();
    const views = (await get(app, `${audience}&metrics=views`, access_token)).json().rows[0][0];
    expect(geo.rows[0][0]).toBe('US');
    expect(geo.rows.reduce((sum: number, row: number[]) => sum + row[1]!, 0)).toBeLessThanOrEqual(views);
    expect((await get(app, `${audience}&dimensions=country&metrics=likes`, access_token)).statusCode).toBe(400);
  });

  it('answers no rows for a channel below the demographics threshold', async () => {
    const { app, google } = setup();
    google.config.demographicsMinSubscribers = 50_000;
    const { access_token } = await connect(app);
    expect((await get(app, `${audience}&dimensions=ageGroup,gender&metrics=viewerPercentage`, access_token)).json().rows).toEqual([]);
    expect((await get(app, `${audience}&dimensions=country&metrics=views`, access_token)).json().rows).toEqual([]);
  });

  it('the control API sets exact video statistics; null leaves likeCount or commentCount out', async () => {
    const { app, google } = setup();
    const { access_token } = await connect(app);
    const id = videoOf(google.account('maya.makes')!, 0).id;
    const put = await app.inject({ method: 'PUT', url: `/_sandbox/google/videos/${id}/statistics`, payload: { viewCount: 10, likeCount: null } });
    expect(put.json()).toEqual({ id, viewCount: 10, likeCount: null, commentCount: expect.any(Number) });
    const stats = (await get(app, `/www.googleapis.com/youtube/v3/videos?part=statistics&id=${id}`, access_token)).json().items[0].statistics;
    expect(stats).toEqual({ viewCount: '10', favoriteCount: '0', commentCount: String(put.json().commentCount) });
    expect((await app.inject({ method: 'PUT', url: '/_sandbox/google/videos/AAAAAAAAAAA/statistics', payload: { viewCount: 1 } })).statusCode).toBe(404);
  });

  it('needs the Analytics scope, and an account with a channel', async () => {
    const { app } = setup();
    const location = await consent(app, 'maya.makes', { granted: [SCOPE.youtubeReadonly] });
    const { access_token } = (await exchange(app, location.searchParams.get('code')!)).json();
    expect((await get(app, report, access_token)).json().error.errors[0].reason).toBe('insufficientPermissions');
    const nina = await connect(app, 'nina.nochannel');
    expect((await get(app, report, nina.access_token)).json().error.errors[0].reason).toBe('youtubeSignupRequired');
  });
});

describe('faults', () => {
  it('answer in the endpoint own shape: OAuth on the token endpoint, the API envelope on the APIs', async () => {
    const { app, world } = setup();
    const { access_token, refresh_token } = await connect(app);
    world.faults.add({ endpoint: 'google.token', fault: 'provider_error', errorCode: 'invalid_grant' });
    expect((await refresh(app, refresh_token)).json()).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    world.faults.add({ endpoint: 'google.channels', fault: 'provider_error', errorCode: 'backendError' });
    const api = await get(app, MINE, access_token);
    expect(api.statusCode).toBe(500);
    expect(api.json().error.errors[0].reason).toBe('backendError');
    world.faults.add({ endpoint: 'google.token.refresh', fault: 'throttle' });
    const throttled = await refresh(app, refresh_token);
    expect(throttled.statusCode).toBe(403);
    expect(throttled.json().error.errors[0]).toMatchObject({ reason: 'userRateLimitExceeded', domain: 'usageLimits' });
  });

  it('are recorded and aimed by channel id', async () => {
    const { app, world, google } = setup();
    const maya = await connect(app);
    const leo = await connect(app, 'leo.plays');
    const channelId = google.account('leo.plays')!.channel!.id;
    world.faults.add({ endpoint: 'google.channels', fault: 'http_500', accountUserId: channelId });
    expect((await get(app, MINE, maya.access_token)).statusCode).toBe(200);
    expect((await get(app, MINE, leo.access_token)).statusCode).toBe(500);
    expect(world.calls.count('google.channels', channelId)).toBe(1);
  });

  it('lost_answer on a refresh issues the new access token, then never answers', async () => {
    const { app, world, google } = setup();
    const { refresh_token } = await connect(app);
    world.faults.add({ endpoint: 'google.token.refresh', fault: 'lost_answer', delayMs: 10 });
    const before = world.issuedTokens().length;
    expect((await refresh(app, refresh_token)).statusCode).toBe(504);
    const issued = world.issuedTokens().slice(before);
    expect(issued).toHaveLength(1);
    expect(google.liveAccessToken(issued[0]!)).toBeDefined();
  });
});

describe('control and persistence', () => {
  it('creates accounts, applies events, mints tokens and edits the config over HTTP', async () => {
    const { app, google } = setup();
    const created = await app.inject({ method: 'POST', url: '/_sandbox/google/accounts', payload: { username: 'zoe.new', channel: { title: 'Zoe', videoCount: 2 } } });
    expect(created.statusCode).toBe(201);
    const minted = (await app.inject({ method: 'POST', url: '/_sandbox/google/tokens', payload: { username: 'zoe.new' } })).json();
    expect(minted).toMatchObject({ access_token: expect.stringMatching(/^ya29/), refresh_token: expect.stringMatching(/^1\/\//), channel_id: expect.stringMatching(/^UC/) });
    await app.inject({ method: 'POST', url: '/_sandbox/google/accounts/zoe.new/events', payload: { event: 'revoke' } });
    expect(google.refreshDeath(minted.refresh_token)).toBe('revoked');
    const patched = await app.inject({ method: 'PATCH', url: '/_sandbox/google/config', payload: { publishingStatus: 'testing', quotaPerDay: 50 } });
    expect(patched.json()).toMatchObject({ publishingStatus: 'testing', quotaPerDay: 50 });
    expect((await app.inject({ method: 'PATCH', url: '/_sandbox/google/config', payload: { bogus: 1 } })).statusCode).toBe(400);
  });

  it('seeds many connections quickly, each with a channel and a working grant', async () => {
    const { app, google } = setup();
    const started = performance.now();
    const connections = google.seedConnections(10_000);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(new Set(connections.map((c) => c.refreshToken)).size).toBe(10_000);
    const last = connections.at(-1)!;
    expect((await get(app, MINE, last.accessToken)).json().items[0].id).toBe(last.channelId);
    expect((await refresh(app, last.refreshToken)).statusCode).toBe(200);
  });

  it('a state file brings back accounts and working tokens after a restart', async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'google-sandbox-')), 'sandbox.json');
    const clock = new ManualClock('2026-01-15T12:00:00Z');
    const first = buildSandbox({ clock, stateFile });
    await first.app.inject({ method: 'POST', url: '/_sandbox/google/accounts', payload: { username: 'zoe.new' } });
    const { access_token, refresh_token } = await connect(first.app, 'zoe.new');
    await first.app.close();
    const second = buildSandbox({ clock, stateFile });
    expect((await get(second.app, MINE, access_token)).json().items[0].snippet.title).toBe('zoe.new');
    expect((await refresh(second.app, refresh_token)).statusCode).toBe(200);
    expect(second.world.issuedTokens()).toContain(refresh_token);
    await second.app.close();
  });

  it('reset brings back the seeded accounts and the configuration', () => {
    const { world, google } = setup();
    google.createAccount({ username: 'extra' });
    google.config.quotaPerDay = 1;
    world.reset();
    expect(google.accounts().map((a) => a.username)).toEqual(['maya.makes', 'leo.plays', 'nina.nochannel']);
    expect(google.config.quotaPerDay).toBe(10_000);
  });
});
