/**
 * The simulated Facebook's rules through HTTP (`app.inject`): the Login dialog, the code exchange,
 * fb_exchange_token, debug_token, Pages and Page tokens, revoking, the data endpoints, faults,
 * signed_request, the control API and persistence. One file per simulated network, like its source
 * files; longer than most because each describe block is one of those endpoints.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { buildSandbox } from '../index.ts';
import { signRequest, verifySignedRequest } from './facebook.ts';
import type { FacebookWorld } from './world.ts';

const APP = { client_id: 'sandbox-facebook-app', client_secret: 'sandbox-facebook-secret' };
const APP_TOKEN = `${APP.client_id}|${APP.client_secret}`;
const REDIRECT = 'https://app.example/callback';
const SCOPE = 'pages_show_list,pages_read_engagement,instagram_basic,instagram_manage_insights,read_insights,business_management';
const DIALOG = '/www.facebook.com/v25.0/dialog/oauth';
const GRAPH = '/graph.facebook.com/v25.0';
const DAY_MS = 86_400_000;

function setup() {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const { app, world } = buildSandbox({ clock });
  return { app, world, clock, fb: world.network<FacebookWorld>('facebook') };
}

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

function dialogFields(extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ client_id: APP.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: SCOPE, state: 'st4te', ...extra });
}

/** Clicks "Continue as" and returns the redirect location. */
async function allow(app: FastifyInstance, username: string, fields = dialogFields()): Promise<string> {
  fields.set('account', username);
  const res = await app.inject({ method: 'POST', url: DIALOG, payload: fields.toString(), headers: formHeaders });
  expect(res.statusCode).toBe(302);
  return String(res.headers.location);
}

const codeOf = (location: string) => new URL(location).searchParams.get('code')!;

function exchangeCode(app: FastifyInstance, code: string, overrides: Record<string, string> = {}) {
  const q = new URLSearchParams({ ...APP, redirect_uri: REDIRECT, code, ...overrides });
  return app.inject({ url: `${GRAPH}/oauth/access_token?${q}` });
}

function exchangeToken(app: FastifyInstance, token: string) {
  const q = new URLSearchParams({ ...APP, grant_type: 'fb_exchange_token', fb_exchange_token: token });
  return app.inject({ url: `${GRAPH}/oauth/access_token?${q}` });
}

function get(app: FastifyInstance, path: string, token: string) {
  return app.inject({ url: `${GRAPH}${path}`, headers: { authorization: `Bearer ${token}` } });
}

async function connect(app: FastifyInstance, username = 'dana.fb', fields?: URLSearchParams): Promise<{ short: string; long: string }> {
  const short = (await exchangeCode(app, codeOf(await allow(app, username, fields)))).json().access_token as string;
  const long = (await exchangeToken(app, short)).json().access_token as string;
  return { short, long };
}

const debug = async (app: FastifyInstance, token: string) =>
  (await app.inject({ url: `/graph.facebook.com/debug_token?input_token=${token}&access_token=${APP_TOKEN}` })).json().data;

async function pages(app: FastifyInstance, token: string): Promise<{ id: string; name: string; access_token: string; instagram_business_account?: { id: string } }[]> {
  return (await get(app, '/me/accounts?fields=id,name,access_token,instagram_business_account{id,username}', token)).json().data;
}

describe('the Login dialog', () => {
  it('lists each person with their Pages, and every permission asked for, ticked', async () => {
    const { app } = setup();
    const res = await app.inject({ url: `${DIALOG}?${dialogFields()}` });
    expect(res.statusCode).toBe(200);
    for (const text of ['Dana Bakes', 'Dana Travel', '@dana.bakes', 'Eli Studio', 'finn.fb', 'name="granted" value="read_insights" checked', 'name="page_picker"']) {
      expect(res.body).toContain(text);
    }
  });

  it('shows an error page, never a redirect, for an unknown app, an unregistered redirect URI or an unknown scope', async () => {
    const { app, fb } = setup();
    fb.config.apps[0]!.redirectUris = [REDIRECT];
    const bad: Record<string, string>[] = [{ client_id: 'nope' }, { redirect_uri: 'https://evil.example/' }, { scope: 'pages_show_list,manage_pages' }];
    for (const extra of bad) {
      const res = await app.inject({ url: `${DIALOG}?${dialogFields(extra)}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('Cancel redirects with access_denied, user_denied and the state, then "#_=_"', async () => {
    const { app } = setup();
    const fields = dialogFields({ deny: '1' });
    const res = await app.inject({ method: 'POST', url: DIALOG, payload: fields.toString(), headers: formHeaders });
    const location = new URL(String(res.headers.location));
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: 'access_denied', error_reason: 'user_denied', error_code: '200', state: 'st4te' });
    expect(location.hash).toBe('#_=_');
  });

  it('Continue redirects with a single-use code and the state, then "#_=_"', async () => {
    const { app } = setup();
    const location = await allow(app, 'dana.fb');
    expect(location).toMatch(/^https:\/\/app\.example\/callback\?code=AQ[\w-]+&state=st4te#_=_$/);
  });
});

describe('the code exchange', () => {
  it('gives a bearer user token for about an hour, once', async () => {
    const { app } = setup();
    const code = codeOf(await allow(app, 'dana.fb'));
    const res = await exchangeCode(app, code);
    expect(res.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600, access_token: expect.stringMatching(/^EAAG/) });
    expect((await exchangeCode(app, code)).json().error).toMatchObject({ code: 100, error_subcode: 36009, type: 'OAuthException' });
  });

  it('refuses an expired code, another redirect URI and a wrong secret with Meta codes', async () => {
    const { app, clock } = setup();
    expect((await exchangeCode(app, codeOf(await allow(app, 'dana.fb')), { redirect_uri: 'https://app.example/other' })).json().error.error_subcode).toBe(36008);
    expect((await exchangeCode(app, codeOf(await allow(app, 'dana.fb')), { client_secret: 'wrong' })).json().error.code).toBe(101);
    const late = codeOf(await allow(app, 'dana.fb'));
    clock.advance(3_600_000);
    expect((await exchangeCode(app, late)).json().error.error_subcode).toBe(36007);
  });
});

describe('fb_exchange_token', () => {
  it('turns a short-lived token into one valid 60 days', async () => {
    const { app } = setup();
    const { short } = await connect(app);
    expect((await exchangeToken(app, short)).json()).toMatchObject({ token_type: 'bearer', expires_in: 60 * 86_400 });
  });

  it('refuses an expired short-lived token: "You can not use an expired token to request a long-lived token"', async () => {
    const { app, clock } = setup();
    const short = (await exchangeCode(app, codeOf(await allow(app, 'dana.fb')))).json().access_token;
    clock.advance(3_600_000);
    expect((await exchangeToken(app, short)).json().error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("given a long-lived token, keeps the first token's 60-day ceiling (or extends it when configured)", async () => {
    const { app, clock, fb } = setup();
    const { long } = await connect(app);
    clock.advance(20 * DAY_MS);
    const again = (await exchangeToken(app, long)).json();
    expect(again.access_token).not.toBe(long);
    expect(again.expires_in).toBe(40 * 86_400);
    fb.config.longToLong = 'extend';
    expect((await exchangeToken(app, again.access_token)).json().expires_in).toBe(60 * 86_400);
  });
});

describe('debug_token', () => {
  it('describes a user token: scopes, granular Page and Instagram targets, user id, expiry and data access', async () => {
    const { app, clock, fb } = setup();
    clock.advance(DAY_MS);
    const { long } = await connect(app);
    const data = await debug(app, long);
    const dana = fb.user('dana.fb')!;
    const [bakes, travel] = fb.pagesOf(dana.id);
    const now = clock.now().getTime() / 1000;
    expect(data).toMatchObject({ app_id: APP.client_id, type: 'USER', is_valid: true, user_id: dana.id, expires_at: now + 60 * 86_400, data_access_expires_at: now + 90 * 86_400 });
    expect(data.scopes).toContain('public_profile');
    expect(data.granular_scopes).toContainEqual({ scope: 'pages_show_list', target_ids: [bakes!.id, travel!.id] });
    expect(data.granular_scopes).toContainEqual({ scope: 'instagram_basic', target_ids: [bakes!.igId] });
  });

  it('says a Page token from a long-lived user token never expires (expires_at 0)', async () => {
    const { app } = setup();
    const [page] = await pages(app, (await connect(app)).long);
    expect(await debug(app, page!.access_token)).toMatchObject({ type: 'PAGE', expires_at: 0, profile_id: page!.id, is_valid: true });
  });

  it('answers 200 with is_valid false and the error for a dead token, and needs the app token', async () => {
    const { app, fb } = setup();
    const { long } = await connect(app);
    fb.applyEvent('dana.fb', 'password-change');
    expect(await debug(app, long)).toMatchObject({ is_valid: false, error: { code: 190, subcode: 460 } });
    expect((await app.inject({ url: `${GRAPH}/debug_token?input_token=${long}&access_token=${long}` })).statusCode).toBe(400);
  });
});

describe('Pages and Page tokens', () => {
  it('/me/accounts lists the picked Pages with their tokens and linked Instagram account', async () => {
    const { app, fb } = setup();
    const travel = fb.pagesOf(fb.user('dana.fb')!.id)[1]!;
    expect((await pages(app, (await connect(app)).long)).map((p) => [p.name, p.instagram_business_account?.id !== undefined])).toEqual([
      ['Dana Bakes', true],
      ['Dana Travel', false],
    ]);
    const picked = await connect(app, 'dana.fb', dialogFields({ page_picker: '1', page: travel.id }));
    expect((await pages(app, picked.long)).map((p) => p.name)).toEqual(['Dana Travel']);
  });

  it('a linked Instagram account switched to personal is no Page’s business account: the Page loses the link and the node answers 100/33', async () => {
    const { app } = setup();
    const [page] = await pages(app, (await connect(app, 'ana.facebook')).long);
    const igId = page!.instagram_business_account!.id;
    expect((await get(app, `/${igId}?fields=id,username`, page!.access_token)).json()).toMatchObject({ id: igId, username: 'ana.business' });
    await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ana.business/account-type', payload: { accountType: 'PERSONAL' } });
    expect((await get(app, `/${igId}?fields=id,username`, page!.access_token)).json().error).toMatchObject({ code: 100, error_subcode: 33 });
    const seen = (await get(app, '/me?fields=id,instagram_business_account{id}', page!.access_token)).json();
    expect(seen).toEqual({ id: page!.id });
    await app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ana.business/account-type', payload: { accountType: 'BUSINESS' } });
    expect((await get(app, '/me?fields=id,instagram_business_account{id}', page!.access_token)).json()).toEqual({ id: page!.id, instagram_business_account: { id: igId } });
  });

  it('lists nothing without pages_show_list, and hides the Instagram link without instagram_basic (inferred)', async () => {
    const { app } = setup();
    const noList = await connect(app, 'dana.fb', dialogFields({ scope_picker: '1', granted: 'instagram_basic' }));
    expect(await pages(app, noList.long)).toEqual([]);
    const noIg = await connect(app, 'dana.fb', dialogFields({ scope_picker: '1', granted: 'pages_show_list' }));
    expect((await pages(app, noIg.long)).every((p) => p.instagram_business_account === undefined)).toBe(true);
  });

  it('a Page token obtained with a short-lived user token dies after an hour', async () => {
    const { app, clock } = setup();
    const [page] = await pages(app, (await connect(app)).short);
    clock.advance(3_600_000);
    expect((await get(app, `/${page!.id}?fields=id,name`, page!.access_token)).json().error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("a removed Page role ends that Page's token (190/492) and drops it from /me/accounts", async () => {
    const { app, fb } = setup();
    const { long } = await connect(app);
    const [bakes, travel] = await pages(app, long);
    fb.applyEvent('dana.fb', 'page-role-removed', bakes!.id);
    expect((await get(app, `/${bakes!.id}`, bakes!.access_token)).json().error).toMatchObject({ code: 190, error_subcode: 492 });
    expect((await get(app, `/${travel!.id}`, travel!.access_token)).statusCode).toBe(200);
    expect((await pages(app, long)).map((p) => p.name)).toEqual(['Dana Travel']);
  });

  it('after 90 days without a login, data reads answer 190/493 while /me still answers', async () => {
    const { app, clock } = setup();
    const [bakes] = await pages(app, (await connect(app)).long);
    clock.advance(90 * DAY_MS);
    expect((await get(app, `/${bakes!.id}`, bakes!.access_token)).json().error).toMatchObject({ code: 190, error_subcode: 493 });
    expect((await get(app, '/me', bakes!.access_token)).statusCode).toBe(200);
  });

  it('sends X-App-Usage on every answer and X-Page-Usage with the Pages use case on Page-token calls', async () => {
    const { app } = setup();
    const [bakes] = await pages(app, (await connect(app)).long);
    const res = await get(app, `/${bakes!.id}?fields=id,name,username,picture`, bakes!.access_token);
    expect(JSON.parse(String(res.headers['x-app-usage']))).toMatchObject({ call_count: 1 });
    expect(JSON.parse(String(res.headers['x-page-usage']))).toMatchObject({ call_count: 1 });
    expect(JSON.parse(String(res.headers['x-business-use-case-usage']))[bakes!.id][0]).toMatchObject({ type: 'pages' });
  });
});

describe('revoking and account events', () => {
  it('DELETE /{user-id}/permissions answers success and every token of the person then fails with 458', async () => {
    const { app, fb } = setup();
    const { long } = await connect(app);
    const [bakes] = await pages(app, long);
    const res = await app.inject({ method: 'DELETE', url: `${GRAPH}/${fb.user('dana.fb')!.id}/permissions`, headers: { authorization: `Bearer ${long}` } });
    expect(res.json()).toEqual({ success: true });
    expect((await get(app, '/me', long)).json().error).toMatchObject({ code: 190, error_subcode: 458 });
    expect((await get(app, `/${bakes!.id}`, bakes!.access_token)).json().error).toMatchObject({ code: 190, error_subcode: 458 });
  });

  it('a checkpoint points the person at facebook.com', async () => {
    const { app } = setup();
    const { long } = await connect(app);
    await app.inject({ method: 'POST', url: '/_sandbox/facebook/accounts/dana.fb/events', payload: { event: 'checkpoint' } });
    expect((await get(app, '/me', long)).json().error).toMatchObject({ code: 190, error_subcode: 459, error_data: { checkpoint_url: 'https://www.facebook.com/checkpoint/' } });
  });
});

describe('data endpoints', () => {
  it('/{ig-id}/media pages newest first with cursors and an absolute next URL', async () => {
    const { app } = setup();
    const [bakes] = await pages(app, (await connect(app)).long);
    const igId = bakes!.instagram_business_account!.id;
    const first = (
      await get(app, `/${igId}/media?fields=id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count&limit=10`, bakes!.access_token)
    ).json();
    expect(first.data).toHaveLength(10);
    expect(first.data[0]).toMatchObject({ media_type: 'IMAGE', media_product_type: 'FEED', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/) });
    const next = new URL(first.paging.next);
    expect(next.origin).toBe('https://graph.facebook.com');
    const second = (await get(app, `${next.pathname.replace('/v25.0', '')}${next.search}`, bakes!.access_token)).json();
    expect(second.data[0].id).not.toBe(first.data[9].id);
    expect(second.paging.previous).toEqual(expect.any(String));
  });

  it('follower_demographics has results for a large account and an empty data array below 100 followers', async () => {
    const { app } = setup();
    const q = 'metric=follower_demographics&period=lifetime&metric_type=total_value&breakdown=age';
    const [bakes] = await pages(app, (await connect(app)).long);
    const big = (await get(app, `/${bakes!.instagram_business_account!.id}/insights?${q}`, bakes!.access_token)).json();
    expect(big.data[0].total_value.breakdowns[0]).toMatchObject({
      dimension_keys: ['age'],
      results: expect.arrayContaining([expect.objectContaining({ dimension_values: ['18-24'] })]),
    });
    const [eli] = await pages(app, (await connect(app, 'eli.fb')).long);
    expect((await get(app, `/${eli!.instagram_business_account!.id}/insights?${q}`, eli!.access_token)).json()).toEqual({ data: [] });
  });

  it('Instagram insights need instagram_manage_insights (code 10)', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'dana.fb', dialogFields({ scope: 'pages_show_list,instagram_basic' }));
    const igId = (await pages(app, long))[0]!.instagram_business_account!.id;
    expect((await get(app, `/${igId}/insights?metric=reach&period=day`, long)).json().error.code).toBe(10);
  });

  it('Page posts and published_posts page with cursors; Page insights use current names and refuse retired ones', async () => {
    const { app } = setup();
    const [bakes] = await pages(app, (await connect(app)).long);
    for (const edge of ['posts', 'published_posts']) {
      const res = (await get(app, `/${bakes!.id}/${edge}?limit=5`, bakes!.access_token)).json();
      expect(res.data).toHaveLength(5);
      expect(res.data[0]).toMatchObject({ id: expect.stringMatching(new RegExp(`^${bakes!.id}_\\d+$`)), message: expect.any(String), created_time: expect.any(String) });
      expect(res.paging.next).toEqual(expect.any(String));
    }
    const ok = (await get(app, `/${bakes!.id}/insights?metric=page_media_view,page_follows&period=day`, bakes!.access_token)).json();
    expect(ok.data.map((m: { name: string }) => m.name)).toEqual(['page_media_view', 'page_follows']);
    expect((await get(app, `/${bakes!.id}/insights?metric=page_impressions&period=day`, bakes!.access_token)).json().error).toMatchObject({
      code: 100,
      message: '(#100) The value must be a valid insights metric',
    });
    expect((await get(app, `/${bakes!.id}/insights`, bakes!.access_token)).json().error).toMatchObject({ code: 3001, error_subcode: 1504028 });
  });
});

describe('faults', () => {
  it('answer in the Graph shape before any work, for the endpoint and account named', async () => {
    const { app, world } = setup();
    const { long } = await connect(app);
    const [bakes] = await pages(app, long);
    world.faults.add({ endpoint: 'facebook.node', fault: 'throttle', code: 80001, regainMinutes: 7, accountUserId: bakes!.id });
    const res = await get(app, `/${bakes!.id}`, bakes!.access_token);
    expect(res.json().error).toMatchObject({ code: 80001, is_transient: true });
    expect(JSON.parse(String(res.headers['x-business-use-case-usage']))[bakes!.id][0]).toMatchObject({ type: 'pages', estimated_time_to_regain_access: 7 });
    expect(world.calls.count('facebook.node', bakes!.id)).toBe(1);
  });

  it('lost_answer on the code exchange spends the code and then hangs', async () => {
    const { app, world } = setup();
    const code = codeOf(await allow(app, 'dana.fb'));
    world.faults.add({ endpoint: 'facebook.oauth_access_token', fault: 'lost_answer', delayMs: 10 });
    expect((await exchangeCode(app, code)).statusCode).toBe(504);
  });
});

describe('signed_request and the control API', () => {
  it('signRequest round-trips with the app secret and fails with another', () => {
    const payload = { user_id: '218471', algorithm: 'HMAC-SHA256' as const, issued_at: 1291836800, expires: 1291840400 };
    const signed = signRequest(payload, 'secret');
    expect(signed).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(verifySignedRequest(signed, 'secret')).toEqual(payload);
    expect(verifySignedRequest(signed, 'other')).toBeUndefined();
  });

  it('deauthorize removes the app for the person and answers the signed_request Facebook would post', async () => {
    const { app, fb, clock } = setup();
    const { long } = await connect(app);
    const dana = fb.user('dana.fb')!;
    const res = (await app.inject({ method: 'POST', url: `/_sandbox/facebook/deauthorize/${dana.id}` })).json();
    const issuedAt = clock.now().getTime() / 1000;
    expect(verifySignedRequest(res.signed_request, APP.client_secret)).toEqual({ user_id: dana.id, algorithm: 'HMAC-SHA256', issued_at: issuedAt, expires: issuedAt + 3600 });
    expect((await get(app, '/me', long)).json().error.error_subcode).toBe(458);
  });

  it('seeds five people (two managing the Instagram Login seeds), creates more, mints tokens and bulk connections, and edits its config', async () => {
    const { app, fb } = setup();
    const seeded = (await app.inject({ url: '/_sandbox/facebook/accounts' })).json();
    expect(seeded.map((u: { username: string; pages: unknown[] }) => [u.username, u.pages.length])).toEqual([
      ['dana.fb', 2],
      ['eli.fb', 1],
      ['finn.fb', 0],
      ['ana.facebook', 1],
      ['ben.facebook', 1],
    ]);
    const created = await app.inject({
      method: 'POST',
      url: '/_sandbox/facebook/accounts',
      payload: { username: 'gia.fb', pages: [{ name: 'Gia', instagram: { username: 'gia.ig' } }] },
    });
    expect(created.statusCode).toBe(201);
    const minted = (await app.inject({ method: 'POST', url: '/_sandbox/facebook/tokens', payload: { username: 'gia.fb', kind: 'page' } })).json();
    expect(minted).toMatchObject({ kind: 'page', expires_at: null });
    expect((await get(app, `/${created.json().pages[0].instagram.id}?fields=id,username`, minted.access_token)).json().username).toBe('gia.ig');
    const started = performance.now();
    expect(fb.seedConnections(10_000)).toHaveLength(10_000);
    // Linear: 100,000 take a few seconds; the bound only catches a quadratic regression on a loaded machine.
    expect(performance.now() - started).toBeLessThan(8_000);
    expect((await app.inject({ method: 'PATCH', url: '/_sandbox/facebook/config', payload: { longToLong: 'extend' } })).json().longToLong).toBe('extend');
  });

  it('exports and imports its people, Pages and tokens; reset restores the seeds and config', async () => {
    const { app, fb } = setup();
    const { long } = await connect(app);
    const state = JSON.parse(JSON.stringify(fb.exportState()));
    fb.config.listPageSize = 1;
    fb.reset();
    expect(fb.config.listPageSize).toBe(25);
    expect((await get(app, '/me', long)).json().error.code).toBe(190);
    fb.importState(state);
    expect((await get(app, '/me', long)).json().name).toBe('Dana Whitfield');
  });
});

describe('account events over the control API', () => {
  it('take the event in the body or in the path, and a Page for page-role-removed', async () => {
    const { app, fb } = setup();
    const { long } = await connect(app);
    const [bakes] = await pages(app, long);
    const res = await app.inject({ method: 'POST', url: '/_sandbox/facebook/accounts/dana.fb/events', payload: { event: 'page-role-removed', pageId: bakes!.id } });
    expect(res.json()).toEqual({ username: 'dana.fb', event: 'page-role-removed', pageId: bakes!.id });
    expect((await app.inject({ method: 'POST', url: '/_sandbox/facebook/accounts/dana.fb/password-change' })).statusCode).toBe(200);
    expect((await get(app, '/me', long)).json().error.error_subcode).toBe(460);
    expect((await app.inject({ method: 'POST', url: '/_sandbox/facebook/accounts/dana.fb/explode' })).statusCode).toBe(400);
    expect(fb.user('dana.fb')!.epoch).toBe(1);
  });
});

describe('persistence', () => {
  it('a restarted sandbox with a state file still knows the people, Pages and tokens it issued', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fb-state-'));
    const stateFile = path.join(dir, 'state.json');
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const first = buildSandbox({ clock, stateFile });
    const { long } = await connect(first.app);
    const [bakes] = await pages(first.app, long);
    await first.app.close();
    const second = buildSandbox({ clock, stateFile });
    expect((await get(second.app, `/${bakes!.id}?fields=id,name`, bakes!.access_token)).json().name).toBe('Dana Bakes');
    expect(second.world.issuedTokens()).toContain(long);
    await second.app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
