/**
 * The ops view: `GET /v1/stats`, `/metrics` and the dashboard, over connections in known states made
 * through the real flows (Facebook Login with three accounts on one grant, Instagram, TikTok), a
 * refresh that failed, a password change, and a second workspace's row that must stay out of the first's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchExpiries } from '../../src/connections/expiry-watch.ts';
import { runRefreshSweep } from '../../src/connections/refresh-sweep.ts';
import { addMs, DAY, MINUTE } from '../../src/kernel/clock.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { buildApiApp } from '../../src/routes.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { parseExposition } from '../support/exposition.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const OTHER_KEY = 'ck_other_workspace_key_0123456789';
const T0 = new Date('2026-03-01T10:00:00Z');
const returnUrl = 'https://platform.example/back';
const WEIRD_REASON = 'odd "reason" \\ with\na newline';
/** The gauges read from the database at each scrape (docs/operations.md#metrics). */
const DATABASE_GAUGES = [
  'channelkeeper_connections',
  'channelkeeper_connection_disconnects_by_reason',
  'channelkeeper_expirations_next_7d',
  'channelkeeper_expirations_next_60d',
  'channelkeeper_reminders_next_7d',
  'channelkeeper_refreshes_next_7d',
  'channelkeeper_email_outbox',
  'channelkeeper_webhook_deliveries',
  'channelkeeper_refresh_failures_24h',
  'channelkeeper_disconnects_24h',
];

let t: TestContext;
const ids: Record<string, string> = {};

const day = (instant: Date) => instant.toISOString().slice(0, 10);
const stats = async (key?: string) => {
  const res = await t.api('GET', '/v1/stats', undefined, key);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const connectionOf = async (creatorId: string) =>
  (await t.api('GET', `/v1/connections?creatorId=${creatorId}`)).json().data as { id: string; network: string; expiresAt: string }[];
const metrics = (authorization?: string) => t.system.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  t = await createTestContext({ now: T0.toISOString(), env: { METRICS_TOKEN } });
  expect((await t.connect({ creator: { id: 'cr-dana', email: 'dana@example.com' }, provider: 'facebook', account: 'dana.fb', returnUrl })).statusCode).toBe(302);
  expect((await t.connect({ creator: { id: 'cr-ana', email: 'ana@example.com' }, account: 'ana.business', returnUrl })).statusCode).toBe(302);
  expect((await t.connect({ creator: { id: 'cr-ben', email: 'ben@example.com' }, account: 'ben.creator', returnUrl })).statusCode).toBe(302);
  expect((await t.connect({ creator: { id: 'cr-tess', email: 'tess@example.com' }, provider: 'tiktok', account: 'tess.tiktok', returnUrl })).statusCode).toBe(302);
  for (const creator of ['cr-ana', 'cr-ben', 'cr-tess']) ids[creator] = (await connectionOf(creator))[0]!.id;

  // Day 2: Ana's refresh (made due by backdating her token) fails at Instagram with a 500, so it is retried.
  t.clock.set(addMs(T0, 2 * DAY));
  await t.system.deps.db
    .updateTable('connections')
    .set({ token_issued_at: addMs(T0, -51 * DAY), refresh_due_at: t.clock.now() })
    .where('id', '=', ids['cr-ana']!)
    .execute();
  t.sandbox.world.faults.add({ endpoint: 'refresh_access_token', fault: 'http_500', count: 1 });
  expect((await runRefreshSweep(t.system.deps, { includeScheduled: true })).retry_scheduled).toBe(1);

  // Day 3: Ben changes his Instagram password; the check finds it.
  t.clock.set(addMs(T0, 3 * DAY));
  await t.sandbox.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ben.creator/password-change' });
  expect((await t.api('POST', `/v1/connections/${ids['cr-ben']}/verify`)).json().status).toBe('disconnected');

  // Another workspace's disconnected connection, with a reason that needs escaping in metrics.
  const other = await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_KEY, 'Other workspace');
  await t.system.deps.db.insertInto('creators').values({ workspace_id: other.id, id: 'x1', email: null, name: null, created_at: T0, updated_at: T0 }).execute();
  await t.system.deps.db
    .insertInto('connections')
    .values({
      id: 'con_other',
      workspace_id: other.id,
      creator_id: 'x1',
      provider: 'instagram',
      network: 'instagram',
      login: 'instagram_login',
      account_id: '1789',
      username: 'other',
      display_name: null,
      account_type: null,
      avatar_url: null,
      status: 'disconnected',
      status_reason: WEIRD_REASON,
      scopes: [],
      token_issued_at: T0,
      token_expires_at: addMs(T0, 60 * DAY),
      grant_expires_at: addMs(T0, 60 * DAY),
      connected_at: T0,
      disconnected_at: T0,
      refresh_due_at: null,
      refresh_retry_at: null,
      last_error_code: null,
      last_error_at: null,
      last_verified_at: null,
      lease_owner: null,
      lease_expires_at: null,
      created_at: T0,
      updated_at: T0,
      grant_id: null,
      provider_user_id: null,
      refresh_started_at: null,
      last_refreshed_at: null,
    })
    .execute();
  t.clock.set(addMs(T0, 5 * DAY));
});
afterAll(() => t.close());

describe('GET /v1/stats', () => {
  it('counts connections by status, network, login and reason, for the calling workspace only', async () => {
    const s = await stats();
    expect(s.generatedAt).toBe(addMs(T0, 5 * DAY).toISOString());
    expect(s.totals).toEqual({ active: 5, expiring: 0, disconnected: 1, total: 6 });
    expect(s.byNetwork).toEqual([
      { network: 'facebook', active: 2, expiring: 0, disconnected: 0 },
      { network: 'instagram', active: 2, expiring: 0, disconnected: 1 },
      { network: 'tiktok', active: 1, expiring: 0, disconnected: 0 },
    ]);
    expect(s.byProvider).toContainEqual({ provider: 'facebook', login: 'facebook_login', active: 3, expiring: 0, disconnected: 0 });
    expect(s.byProvider).toContainEqual({ provider: 'instagram', login: 'instagram_login', active: 1, expiring: 0, disconnected: 1 });
    expect(s.byReason).toEqual([{ status: 'disconnected', reason: 'password_changed', network: 'instagram', count: 1 }]);
    expect((await stats(OTHER_KEY)).totals).toEqual({ active: 0, expiring: 0, disconnected: 1, total: 1 });
  });

  it("puts the Facebook grant's end on its day and its reminders 14, 3 and 1 days before, one per connection", async () => {
    const s = await stats();
    const end = new Date((await connectionOf('cr-dana'))[0]!.expiresAt);
    expect(s.forecast).toHaveLength(60);
    expect(s.forecast[0].date).toBe('2026-03-06');
    const busy = s.forecast.filter((d: { expirations: number; reminders: number }) => d.expirations || d.reminders);
    expect(busy.map((d: { date: string }) => d.date)).toEqual([day(addMs(end, -14 * DAY)), day(addMs(end, -3 * DAY)), day(addMs(end, -1 * DAY)), day(end)]);
    expect(busy.map((d: { expirations: number; reminders: number }) => [d.expirations, d.reminders])).toEqual([
      [0, 3],
      [0, 3],
      [0, 3],
      [3, 0],
    ]);
  });

  it('forecasts refreshes: the retry of the failed one today, nothing for connections whose refresh is beyond the window', async () => {
    const s = await stats();
    expect(s.forecast[0].refreshes).toBe(1);
    expect(s.forecast.reduce((sum: number, d: { refreshes: number }) => sum + d.refreshes, 0)).toBe(1);
  });

  it('lists the latest failures newest first, with reason and provider code and nothing secret', async () => {
    const { recentFailures } = await stats();
    expect(recentFailures).toMatchObject([
      {
        type: 'disconnected',
        reason: 'password_changed',
        providerCode: '190/460',
        connectionId: ids['cr-ben'],
        provider: 'instagram',
        username: 'ben.creator',
        occurredAt: addMs(T0, 3 * DAY).toISOString(),
      },
      { type: 'refresh_failed', kind: 'transient', providerCode: 'http_500', connectionId: ids['cr-ana'], provider: 'instagram', occurredAt: addMs(T0, 2 * DAY).toISOString() },
    ]);
    expect(JSON.stringify(recentFailures)).not.toMatch(/IGAA|EAA|act\.|token/i);
    expect((await t.api('GET', '/v1/stats?failures=1')).json().recentFailures).toHaveLength(1);
    expect((await t.api('GET', '/v1/stats?failures=-1')).statusCode).toBe(400);
  });

  it('needs an API key', async () => {
    expect((await t.api('GET', '/v1/stats', undefined, null)).statusCode).toBe(401);
    expect((await t.api('GET', '/v1/stats', undefined, 'ck_wrong_key_0123456789')).statusCode).toBe(401);
  });
});

describe('/metrics', () => {
  it('needs the metrics token; an API key does not open it', async () => {
    expect((await metrics()).statusCode).toBe(401);
    expect((await metrics(`Bearer ${METRICS_TOKEN}x`)).statusCode).toBe(401);
    expect((await t.api('GET', '/metrics')).statusCode).toBe(401);
    expect((await metrics(`Bearer ${METRICS_TOKEN}`)).statusCode).toBe(200);
  });

  it('without a token it is served in demo mode only', async () => {
    const open = await buildApiApp(t.system.deps, { databaseKind: 'test', metricsOpen: true });
    const closed = await buildApiApp(t.system.deps, { databaseKind: 'test' });
    expect((await open.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const refused = await closed.inject({ method: 'GET', url: '/metrics' });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.message).toContain('METRICS_TOKEN');
    await Promise.all([open.close(), closed.close()]);
  });

  it('is valid text exposition with every workspace summed and no workspace label', async () => {
    const res = await metrics(`Bearer ${METRICS_TOKEN}`);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const parsed = parseExposition(res.body);
    const value = (name: string, labels: Record<string, string> = {}) => parsed.samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
    expect(value('channelkeeper_connections', { status: 'active', network: 'facebook', provider: 'facebook' })).toBe(2);
    expect(value('channelkeeper_connections', { status: 'active', network: 'instagram', provider: 'facebook' })).toBe(1);
    expect(value('channelkeeper_connections', { status: 'disconnected', network: 'instagram', provider: 'instagram' })).toBe(2);
    expect(value('channelkeeper_connections', { status: 'expiring', network: 'tiktok', provider: 'tiktok' })).toBe(0);
    expect(value('channelkeeper_connection_disconnects_by_reason', { network: 'instagram', reason: 'password_changed' })).toBe(1);
    expect(value('channelkeeper_connection_disconnects_by_reason', { network: 'instagram', reason: WEIRD_REASON })).toBe(1);
    expect(value('channelkeeper_refresh_failures_24h', { provider: 'instagram' })).toBe(0);
    expect(value('channelkeeper_disconnects_24h', { provider: 'tiktok' })).toBe(0);
    expect(value('channelkeeper_expirations_next_7d')).toBe(0);
    expect(value('channelkeeper_expirations_next_60d')).toBe(3);
    expect(value('channelkeeper_email_outbox', { status: 'pending' })).toBe(1);
    expect(value('channelkeeper_webhook_deliveries', { status: 'pending' })).toBe(0);
    expect(parsed.samples.some((s) => 'workspace' in s.labels)).toBe(false);
    for (const name of DATABASE_GAUGES) expect(parsed.types.get(name), name).toBe('gauge');
    for (const name of parsed.types.keys()) expect(parsed.help.get(name), name).toBeTruthy();
  });

  it('counts the last 24 hours of failures', async () => {
    t.clock.set(addMs(T0, 3 * DAY));
    const parsed = parseExposition((await metrics(`Bearer ${METRICS_TOKEN}`)).body);
    t.clock.set(addMs(T0, 5 * DAY));
    const value = (name: string, provider: string) => parsed.samples.find((s) => s.name === name && s.labels.provider === provider)?.value;
    expect(value('channelkeeper_disconnects_24h', 'instagram')).toBe(1);
    expect(value('channelkeeper_refresh_failures_24h', 'instagram')).toBe(1);
  });
});

describe('the dashboard', () => {
  it('is reached through a signed link the API hands out, and shows the chart and the figures', async () => {
    expect((await t.api('POST', '/v1/dashboard-sessions', undefined, null)).statusCode).toBe(401);
    const session = await t.api('POST', '/v1/dashboard-sessions');
    expect(session.statusCode).toBe(201);
    expect(session.headers['cache-control']).toBe('no-store');
    expect(session.json().expiresAt).toBe(addMs(t.clock.now(), 30 * MINUTE).toISOString());
    const link = new URL(session.json().url);
    const page = await t.system.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<svg class="chart"');
    expect(page.body).toContain('3 expected expirations and 9 reminders');
    // The reason in words, not its code; the network by name.
    expect(page.body).toContain('Disconnected — the creator changed their password');
    expect(page.body).not.toContain('password_changed');
    expect(page.body).toContain('@ben.creator');
    expect(page.body).not.toContain('odd &quot;reason');
  });

  it('refuses a forged, a reused-purpose or an expired link', async () => {
    const link = new URL((await t.api('POST', '/v1/dashboard-sessions')).json().url);
    const url = `${link.pathname}${link.search}`;
    const forged = await t.system.app.inject({ method: 'GET', url: `${url.slice(0, -3)}AAA` });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('not valid');
    const reconnect = await t.system.deps.db.selectFrom('emails').select('text_body').where('to_address', '=', 'ben@example.com').executeTakeFirstOrThrow();
    const reconnectToken = /token=([^\s&]+)/.exec(reconnect.text_body)![1]!;
    expect((await t.system.app.inject({ method: 'GET', url: `/dashboard?token=${reconnectToken}` })).statusCode).toBe(400);
    t.clock.advance(31 * MINUTE);
    const expired = await t.system.app.inject({ method: 'GET', url });
    t.clock.set(addMs(T0, 5 * DAY));
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('expired');
  });

  it('the demo pages link to the demo workspace dashboard, which leads back to the demo', async () => {
    expect((await t.system.app.inject({ method: 'GET', url: '/demo' })).body).toContain('href="/demo/dashboard"');
    const demo = await t.system.app.inject({ method: 'GET', url: '/demo/dashboard' });
    expect(demo.statusCode).toBe(200);
    expect(demo.body).toContain('Next 60 days');
    expect(demo.body).toContain('<a href="/demo">← Back to the demo platform</a>');
    expect(demo.body).toContain('action="/demo/dashboard/check"');
  });

  it('counts expiring connections once the expiry watch has moved them, and forecasts only the reminders still ahead', async () => {
    const end = new Date((await connectionOf('cr-dana'))[0]!.expiresAt);
    t.clock.set(addMs(end, -10 * DAY));
    await watchExpiries(t.system.deps);
    const s = await stats();
    expect(s.totals.expiring).toBe(3);
    expect(s.byReason).toContainEqual({ status: 'expiring', reason: 'expires_soon', network: 'facebook', count: 2 });
    const busy = s.forecast.filter((d: { expirations: number; reminders: number }) => d.expirations || d.reminders).map((d: { date: string }) => d.date);
    expect(busy).toEqual([day(addMs(end, -3 * DAY)), day(addMs(end, -1 * DAY)), day(end)]);
    expect(s.recentFailures.map((f: { type: string }) => f.type)).toEqual(['disconnected', 'refresh_failed']);
  });

  it('leads back to the platform page its link names, and "Check every channel now" ends on a banner saying what it found', async () => {
    const session = await t.api('POST', '/v1/dashboard-sessions', { returnUrl: 'https://platform.example/admin' });
    expect(session.statusCode).toBe(201);
    const link = new URL(session.json().url);
    const page = (await t.system.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` })).body;
    expect(page).toContain('<a href="https://platform.example/admin">← Back to platform.example</a>');
    expect(page).toContain('<form class="check" method="post" action="/dashboard/check">');
    const live = (await stats()).totals;
    const token = link.searchParams.get('token')!;
    const check = await t.system.app.inject({
      method: 'POST',
      url: '/dashboard/check',
      payload: new URLSearchParams({ token }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(check.statusCode).toBe(303);
    const landed = new URL(check.headers.location as string, 'http://x');
    // Only this workspace's live channels: the other workspace's are not its operator's to check.
    expect(Number(landed.searchParams.get('checked'))).toBe(live.active + live.expiring);
    expect(landed.hash).toBe('#banner');
    const after = (await t.system.app.inject({ method: 'GET', url: `${landed.pathname}${landed.search}` })).body;
    expect(after).toMatch(
      new RegExp(`<div id="banner" class="card banner (ok|warn)" role="status" tabindex="-1">Checked ${live.active + live.expiring} channels with their networks\\.<br>`),
    );
    // Without the banner's figures (a reload of the plain link) there is no banner; a forged token checks nothing.
    expect((await t.system.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` })).body).not.toContain('id="banner"');
    const forged = await t.system.app.inject({ method: 'POST', url: '/dashboard/check', payload: 'token=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.statusCode).toBe(400);
  });

  it('refuses a return URL that is not http(s)', async () => {
    const refused = await t.api('POST', '/v1/dashboard-sessions', { returnUrl: 'javascript:alert(1)' });
    expect(refused.statusCode).toBe(400);
  });
});
