/** The simulated Threads API's rules, through `app.inject()`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { buildSandbox } from '../index.ts';
import type { ThreadsWorld } from './world.ts';

const CLIENT = { client_id: 'sandbox-threads-app', client_secret: 'sandbox-threads-secret' };
const REDIRECT = 'https://app.example/callback';
const SCOPE = 'threads_basic,threads_manage_insights';
const GRAPH = '/graph.threads.net';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function setup(options: { stateFile?: string } = {}) {
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const { app, world } = buildSandbox({ clock, ...options });
  return { clock, app, world, threads: world.network<ThreadsWorld>('threads') };
}

const form = (fields: URLSearchParams | Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

const authorizeFields = (extra: Record<string, string> = {}) => ({
  ...CLIENT,
  client_secret: undefined,
  redirect_uri: REDIRECT,
  response_type: 'code',
  scope: SCOPE,
  state: 'st4te',
  ...extra,
});
const query = (fields: Record<string, string | undefined>) => new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));

async function code(app: FastifyInstance, username = 'tara.threads', granted?: string[]): Promise<{ code: string; location: string }> {
  const fields = query(authorizeFields({ account: username }));
  for (const s of granted ?? []) fields.append('granted', s);
  const res = await app.inject({ method: 'POST', url: '/threads.com/oauth/authorize', ...form(fields) });
  const location = String(res.headers.location);
  return { code: new URL(location.replace(/#_$/, '')).searchParams.get('code')!, location };
}

const exchange = (app: FastifyInstance, value: string, extra: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `${GRAPH}/oauth/access_token`, ...form({ ...CLIENT, grant_type: 'authorization_code', redirect_uri: REDIRECT, code: value, ...extra }) });

const toLong = (app: FastifyInstance, short: string) =>
  app.inject({ url: `${GRAPH}/access_token?${new URLSearchParams({ grant_type: 'th_exchange_token', client_secret: CLIENT.client_secret, access_token: short })}` });

const refresh = (app: FastifyInstance, token: string) =>
  app.inject({ url: `${GRAPH}/refresh_access_token?${new URLSearchParams({ grant_type: 'th_refresh_token', access_token: token })}` });

const get = (app: FastifyInstance, path: string, token: string) => app.inject({ url: `${GRAPH}/v1.0${path}`, headers: { authorization: `Bearer ${token}` } });

async function connect(app: FastifyInstance, username = 'tara.threads', granted?: string[]): Promise<string> {
  const short = (await exchange(app, (await code(app, username, granted)).code)).json().access_token as string;
  return (await toLong(app, short)).json().access_token as string;
}

describe('Threads sandbox: the Authorization Window', () => {
  it('offers a public and a private profile and every requested permission, threads_basic fixed', async () => {
    const { app } = setup();
    const res = await app.inject({ url: `/threads.com/oauth/authorize?${query(authorizeFields())}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Continue as @tara.threads (Public profile)');
    expect(res.body).toContain('Continue as @paul.private (Private profile)');
    expect(res.body).toMatch(/checked disabled><input type="hidden" name="granted" value="threads_basic"/);
    expect(res.body).toContain('name="granted" value="threads_manage_insights" checked');
  });

  it('refuses a request without threads_basic, an unknown app or a bad response_type, without redirecting', async () => {
    const { app } = setup();
    const bad: Record<string, string>[] = [{ scope: 'threads_manage_insights' }, { client_id: 'nope' }, { response_type: 'token' }];
    for (const extra of bad) {
      const res = await app.inject({ url: `/threads.com/oauth/authorize?${query(authorizeFields(extra))}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('redirects with the code, the state and a trailing #_ that is not part of the code; a denial says so', async () => {
    const { app } = setup();
    const { location } = await code(app);
    expect(location).toMatch(/^https:\/\/app\.example\/callback\?code=AQ[\w-]+&state=st4te#_$/);
    const denied = await app.inject({ method: 'POST', url: '/threads.com/oauth/authorize', ...form(query(authorizeFields({ deny: '1' }))) });
    expect(new URL(String(denied.headers.location)).searchParams.get('error')).toBe('access_denied');
  });
});

describe('Threads sandbox: tokens', () => {
  it('a code becomes a one-hour token and user_id (exact digits above 2^53), once only', async () => {
    const { app, threads } = setup();
    const { code: value } = await code(app);
    const res = await exchange(app, value);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`"user_id":${threads.profile('tara.threads')!.id}}`);
    const again = await exchange(app, value);
    expect(again.json().error).toMatchObject({ code: 100, error_subcode: 36009, type: 'OAuthException' });
  });

  it('the code exchange wants the same redirect URI and the app secret', async () => {
    const { app } = setup();
    expect((await exchange(app, (await code(app)).code, { redirect_uri: 'https://other.example/' })).json().error).toMatchObject({ code: 100, error_subcode: 36008 });
    expect((await exchange(app, (await code(app)).code, { client_secret: 'wrong' })).json().error).toMatchObject({ code: 101 });
  });

  it('th_exchange_token gives a 60-day token; only a short-lived one can be exchanged', async () => {
    const { app } = setup();
    const short = (await exchange(app, (await code(app)).code)).json().access_token;
    const long = (await toLong(app, short)).json();
    expect(long).toMatchObject({ token_type: 'bearer', expires_in: 60 * 86_400 });
    expect((await toLong(app, long.access_token)).json().error.code).toBe(100);
  });

  it('th_refresh_token: refused under 24 hours, then 60 days from the refresh; the old token works for the grace hour', async () => {
    const { app, clock } = setup();
    const long = await connect(app);
    expect((await refresh(app, long)).json().error.code).toBe(100);
    clock.advance(25 * HOUR_MS);
    const next = (await refresh(app, long)).json();
    expect(next.expires_in).toBe(60 * 86_400);
    expect((await get(app, '/me', long)).statusCode).toBe(200);
    clock.advance(2 * HOUR_MS);
    expect((await get(app, '/me', long)).json().error).toMatchObject({ code: 190, error_subcode: 467 });
    expect((await get(app, '/me?fields=username', next.access_token)).json().username).toBe('tara.threads');
  });

  it('a token not refreshed within 60 days is dead (190/463); a private profile refreshes like a public one', async () => {
    const { app, clock } = setup();
    const tara = await connect(app);
    const paul = await connect(app, 'paul.private');
    clock.advance(2 * DAY_MS);
    expect((await refresh(app, paul)).statusCode).toBe(200);
    clock.advance(59 * DAY_MS);
    expect((await refresh(app, tara)).json().error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('removing the app or changing the password kills the tokens held (458, 460); a new login works', async () => {
    const { app, threads } = setup();
    const token = await connect(app);
    threads.applyEvent('tara.threads', 'revoke');
    expect((await get(app, '/me', token)).json().error).toMatchObject({ code: 190, error_subcode: 458 });
    const again = await connect(app);
    expect((await get(app, '/me?fields=username', again)).json().username).toBe('tara.threads');
    threads.applyEvent('tara.threads', 'password-change');
    expect((await get(app, '/me', again)).json().error).toMatchObject({ code: 190, error_subcode: 460 });
  });

  it('a request without a token is 2500; a refresh without threads_basic never happens (it is always granted)', async () => {
    const { app } = setup();
    expect((await app.inject({ url: `${GRAPH}/v1.0/me` })).json().error.code).toBe(2500);
  });
});

describe('Threads sandbox: posts and insights', () => {
  it('/me/threads pages newest first with cursors; texts carry #topics; reposts have none', async () => {
    const { app } = setup();
    const token = await connect(app);
    const first = (await get(app, '/me/threads?fields=id,media_type,text,timestamp,permalink&limit=10', token)).json();
    expect(first.data).toHaveLength(10);
    expect(first.paging.next).toMatch(/^https:\/\/graph\.threads\.net\/v1\.0\/me\/threads\?/);
    const second = (await get(app, `/me/threads?fields=id,text&limit=10&after=${first.paging.cursors.after}`, token)).json();
    expect(second.data[0].id).not.toBe(first.data.at(-1).id);
    const all = (await get(app, '/me/threads?fields=id,media_type,text&limit=100', token)).json().data as { media_type: string; text?: string }[];
    expect(all).toHaveLength(42);
    expect(all.filter((p) => p.media_type === 'REPOST_FACADE').every((p) => p.text === undefined)).toBe(true);
    expect(all.filter((p) => p.media_type !== 'REPOST_FACADE').every((p) => /#\w+/.test(p.text!))).toBe(true);
  });

  it("a post's figures grow with its age; a repost answers an empty array; someone else's post is 100/33", async () => {
    const { app, clock, threads } = setup();
    const token = await connect(app);
    const post = threads.publish('tara.threads', { text: 'Hello #AcmeSummer', mediaType: 'TEXT_POST' });
    const metric = 'metric=views,likes,replies,reposts,quotes,shares';
    expect((await get(app, `/${post.id}/insights?${metric}`, token)).json()).toEqual({ data: [] });
    clock.advance(2 * HOUR_MS);
    const early = (await get(app, `/${post.id}/insights?${metric}`, token)).json().data;
    clock.advance(5 * DAY_MS);
    const later = (await get(app, `/${post.id}/insights?${metric}`, token)).json().data;
    expect(later.map((m: { name: string }) => m.name)).toEqual(['views', 'likes', 'replies', 'reposts', 'quotes', 'shares']);
    expect(later[0].values[0].value).toBeGreaterThan(early[0].values[0].value);
    const repost = threads.publish('tara.threads', { text: '', mediaType: 'REPOST_FACADE' });
    expect((await get(app, `/${repost.id}/insights?${metric}`, token)).json()).toEqual({ data: [] });
    const other = threads.publish('paul.private', { text: 'mine' });
    expect((await get(app, `/${other.id}/insights?${metric}`, token)).json().error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await get(app, `/${post.id}/insights?metric=saved`, token)).json().error.code).toBe(100);
  });

  it('insights need threads_manage_insights (#10)', async () => {
    const { app, threads } = setup();
    const token = await connect(app, 'tara.threads', ['threads_basic']);
    const post = threads.publish('tara.threads', { text: 'x' });
    expect((await get(app, `/${post.id}/insights?metric=views`, token)).json().error.code).toBe(10);
  });

  it('threads_insights: daily views and totals over since/until, never before 1712991600', async () => {
    const { app, clock } = setup();
    const token = await connect(app);
    const now = Math.floor(clock.now().getTime() / 1000);
    const res = (await get(app, `/me/threads_insights?metric=views,likes,clicks,followers_count&since=${now - 3 * 86_400}&until=${now}`, token)).json();
    const byName = Object.fromEntries(res.data.map((m: { name: string }) => [m.name, m]));
    expect(byName.views.values).toHaveLength(4);
    expect(byName.views.values[0].end_time).toMatch(/^\d{4}-\d\d-\d\dT07:00:00\+0000$/);
    expect(byName.likes.total_value.value).toEqual(expect.any(Number));
    expect(byName.clicks.link_total_values[0]).toEqual({ value: expect.any(Number), link_url: expect.stringMatching(/^https:\/\//) });
    expect(byName.followers_count.total_value.value).toBe(15_230);
    const early = (await get(app, `/me/threads_insights?metric=likes&since=1712991599&until=${now}`, token)).json();
    expect(early.error.code).toBe(100);
  });

  it('follower_demographics takes exactly one breakdown and is withheld below 100 followers', async () => {
    const { app, threads } = setup();
    const tara = await connect(app);
    const country = (await get(app, '/me/threads_insights?metric=follower_demographics&breakdown=country', tara)).json().data[0];
    expect(country.total_value.breakdowns[0]).toMatchObject({
      dimension_keys: ['country'],
      results: expect.arrayContaining([{ dimension_values: ['PT'], value: expect.any(Number) }]),
    });
    expect((await get(app, '/me/threads_insights?metric=follower_demographics&breakdown=country,age', tara)).json().error.code).toBe(100);
    const nina = await connect(app, 'nina.new');
    expect((await get(app, '/me/threads_insights?metric=follower_demographics&breakdown=age', nina)).json()).toEqual({ data: [] });
    threads.setFollowers('nina.new', 100);
    expect((await get(app, '/me/threads_insights?metric=follower_demographics&breakdown=age', nina)).json().data).toHaveLength(1);
  });
});

describe('Threads sandbox: faults, limits, control and persistence', () => {
  it('an armed fault answers before any work, in the Graph shape, and a throttle says when access returns', async () => {
    const { app, world } = setup();
    const token = await connect(app);
    world.faults.add({ endpoint: 'threads.me', fault: 'meta_error', code: 190, subcode: 460 });
    expect((await get(app, '/me', token)).json().error).toMatchObject({ code: 190, error_subcode: 460 });
    world.faults.add({ endpoint: 'threads.me', fault: 'throttle', regainMinutes: 12 });
    const throttled = await get(app, '/me', token);
    expect(throttled.json().error).toMatchObject({ code: 80002, is_transient: true });
    const usage = Object.values(JSON.parse(String(throttled.headers['x-business-use-case-usage']))) as { type: string; estimated_time_to_regain_access: number }[][];
    expect(usage[0]![0]).toMatchObject({ type: 'threads', estimated_time_to_regain_access: 12 });
    expect(world.calls.count('threads.me')).toBe(2);
  });

  it("past the profile's 24-hour call budget, calls are throttled until the window slides", async () => {
    const { app, clock, threads } = setup();
    const token = await connect(app);
    threads.config.callsPerDay = 3;
    for (let i = 0; i < 3; i++) expect((await get(app, '/me', token)).statusCode).toBe(200);
    expect((await get(app, '/me', token)).json().error.code).toBe(80002);
    clock.advance(25 * HOUR_MS);
    expect((await get(app, '/me', token)).statusCode).toBe(200);
  });

  it('the control API publishes posts, sets figures and followers, and mints tokens', async () => {
    const { app } = setup();
    const created = await app.inject({ method: 'POST', url: '/_sandbox/threads/accounts/tara.threads/posts', payload: { text: 'Launch #AcmeSummer' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await app.inject({ method: 'PUT', url: `/_sandbox/threads/media/${id}/insights`, payload: { views: 1000, quotes: 4 } })).json()).toEqual({
      id,
      figures: { views: 1000, quotes: 4 },
    });
    const minted = (await app.inject({ method: 'POST', url: '/_sandbox/threads/tokens', payload: { username: 'tara.threads' } })).json();
    const figures = (await get(app, `/${id}/insights?metric=views,quotes`, minted.access_token)).json().data;
    expect(figures.map((m: { values: { value: number }[] }) => m.values[0]!.value)).toEqual([1000, 4]);
    expect((await app.inject({ method: 'PATCH', url: '/_sandbox/threads/accounts/nina.new', payload: { followersCount: 500 } })).json().followers_count).toBe(500);
    expect((await app.inject({ method: 'POST', url: '/_sandbox/threads/accounts/nobody/posts', payload: {} })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/_sandbox/threads/accounts/tara.threads/events', payload: { event: 'revoke' } })).json().subcode).toBe(458);
    expect((await get(app, '/me', minted.access_token)).json().error).toMatchObject({ code: 190, error_subcode: 458 });
    expect((await app.inject({ method: 'PATCH', url: '/_sandbox/threads/config', payload: { longLivedSeconds: 'x' } })).statusCode).toBe(400);
  });

  it('profiles, tokens and set figures survive a restart from the state file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threads-state-')), 'state.json');
    const first = setup({ stateFile: file });
    const token = await connect(first.app);
    const post = first.threads.publish('tara.threads', { text: 'kept #topic' });
    first.threads.metrics.set(post.id, { views: 77 });
    await first.app.close();
    const second = setup({ stateFile: file });
    expect(second.threads.check(token).ok).toBe(true);
    expect(second.threads.profile('tara.threads')!.published.map((p) => p.text)).toEqual(['kept #topic']);
    expect((await get(second.app, `/${post.id}/insights?metric=views`, token)).json().data[0].values[0].value).toBe(77);
    await second.app.close();
  });
});
