/**
 * The creators' Channels page: the platform opens it for one creator; the link opens once and
 * becomes a short cookie session; the page lists every network and the creator's channels with
 * their status and, for each channel that is not connected, why in plain words and what to do;
 * Connect, Reconnect and Disconnect work from it and come back with a banner.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeReason, disconnectReasons } from '../../src/connections/connection.rules.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY, MINUTE } from '../../src/kernel/clock.ts';
import { escapeHtml } from '../../src/kernel/html.ts';
import { instagramProfile } from '../../src/providers/instagram/profile.ts';
import { createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T10:00:00Z' });
});
afterAll(() => t.close());

interface Browser {
  cookie: string;
  get(path: string): Promise<LightMyRequestResponse>;
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  csrf(): Promise<string>;
}

/** Opens the portal the way a creator's browser does: follow the link, keep the cookie. */
async function openPortal(creator: { id: string; email?: string; name?: string }): Promise<Browser> {
  const created = await t.api('POST', '/v1/portal-sessions', { creator, returnUrl: 'https://platform.example/me' });
  expect(created.statusCode, created.body).toBe(201);
  const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
  expect(opened.statusCode).toBe(303);
  expect(opened.headers.location).toBe('/portal');
  const cookie = String(opened.headers['set-cookie']).split(';')[0]!;
  const browser: Browser = {
    cookie,
    get: (url) => t.system.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, form, headers = {}) =>
      t.system.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(form).toString(),
      }),
    async csrf() {
      return /name="csrf" value="([^"]+)"/.exec((await browser.get('/portal')).body)![1]!;
    },
  };
  return browser;
}

/** Connect or Reconnect from the page, through the network's consent page, back to the page. */
async function connectFromPortal(browser: Browser, form: Record<string, string>, account: string): Promise<string> {
  const started = await browser.post('/portal/connect', { csrf: await browser.csrf(), ...form });
  expect(started.statusCode, started.body).toBe(303);
  const authorize = await t.system.app.inject({ method: 'GET', url: new URL(started.headers.location as string).pathname });
  expect(authorize.statusCode).toBe(302);
  const back = await t.consent(authorize.headers.location as string, { account });
  expect(back.statusCode).toBe(302);
  const location = new URL(back.headers.location as string);
  expect(`${location.origin}${location.pathname}`).toBe(`${PUBLIC_URL}/portal`);
  return location.pathname + location.search;
}

const channelCard = (body: string, username: string) => {
  const start = body.indexOf(`<h3 id="ch-`, body.indexOf(`>@${username}</h3>`) - 60);
  return body.slice(start, body.indexOf('</li>', start));
};

describe('opening the page', () => {
  it('the platform gets a link valid 30 minutes; only the link opens it, once, and never without a valid API key', async () => {
    expect((await t.api('POST', '/v1/portal-sessions', { creator: { id: 'p1' } }, null)).statusCode).toBe(401);
    expect((await t.api('POST', '/v1/portal-sessions', { creator: {} })).statusCode).toBe(400);
    const created = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'p1', email: 'p1@example.com' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().expiresAt).toBe(new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString());
    const path = new URL(created.json().url).pathname;
    const token = path.split('/').pop()!;
    const stored = await t.system.deps.db.selectFrom('portal_sessions').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    expect((await t.system.app.inject({ method: 'GET', url: `${path}x` })).statusCode).toBe(404);
    const opened = await t.system.app.inject({ method: 'GET', url: path });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers['set-cookie']).toMatch(/^ck_portal=[\w-]+; Path=\/portal; HttpOnly; SameSite=Lax; Max-Age=3600$/);
    const again = await t.system.app.inject({ method: 'GET', url: path });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('already used');
  });

  it('an unopened link expires after 30 minutes, and the page after an hour', async () => {
    const late = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'p2' } });
    const browser = await openPortal({ id: 'p3' });
    t.clock.advance(31 * MINUTE);
    const expired = await t.system.app.inject({ method: 'GET', url: new URL(late.json().url).pathname });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('expired');
    expect((await browser.get('/portal')).statusCode).toBe(200);
    t.clock.advance(30 * MINUTE);
    const ended = await browser.get('/portal');
    expect(ended.statusCode).toBe(401);
    expect(ended.body).toContain('a visit to your Channels page lasts an hour. Open Channels again from Channelkeeper.');
    expect((await t.system.app.inject({ method: 'GET', url: '/portal' })).statusCode).toBe(401);
  });

  it('lists every network the workspace offers, with a Connect button each, and is never cached or framed', async () => {
    const browser = await openPortal({ id: 'p4', name: 'Pia' });
    const page = await browser.get('/portal');
    expect(page.statusCode).toBe(200);
    for (const provider of t.system.deps.providers.all())
      expect(page.body).toMatch(new RegExp(`<button type="submit"><svg class="mark[^>]*>.*?</svg><span>Connect ${provider.displayName}</span></button>`));
    expect(page.body).toContain('No channel is connected yet');
    expect(page.body).toContain('href="https://platform.example/me"');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body).not.toMatch(/<script|https:\/\/cdn/);
  });
});

describe('connect, disconnected, reconnect', () => {
  it('Connect comes back to the page with a banner; a dead token shows Disconnected with why; Reconnect restores it', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'portal.ana', accountType: 'BUSINESS' });
    const browser = await openPortal({ id: 'ana', email: 'ana@example.com', name: 'Ana' });
    const back = await connectFromPortal(browser, { provider: 'instagram' }, 'portal.ana');
    expect(back).toMatch(/^\/portal\?connection=con_\w+&status=connected$/);
    let page = await browser.get(back);
    expect(page.body).toContain('role="status" tabindex="-1" autofocus>@portal.ana on Instagram is connected. Its posts are being read now');
    expect(channelCard(page.body, 'portal.ana')).toContain('<span class="status connected"><span class="icon" aria-hidden="true">✓</span> Connected</span>');
    // Instagram Login's 60-day token is renewed before its end: no date to worry about.
    expect(channelCard(page.body, 'portal.ana')).toContain('Stays connected: renewed automatically');

    t.clock.advance(MINUTE);
    t.sandbox.world.instagram.applyEvent('portal.ana', 'password-change');
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    page = await browser.get('/portal');
    const card = channelCard(page.body, 'portal.ana');
    expect(card).toContain('<span class="icon" aria-hidden="true">✕</span> Disconnected</span>');
    expect(card).toContain(escapeHtml(describeReason('password_changed', 'Instagram').why));
    expect(card).toContain('<details class="why">');
    expect(card).toContain('>Reconnect<');
    expect(page.body).toContain('<span class="badge">1 new</span>');

    const again = await connectFromPortal(browser, { connection: /connection=(con_\w+)/.exec(back)![1]! }, 'portal.ana');
    expect(again).toMatch(/^\/portal\?action=reconnect&connection=con_\w+&status=connected$/);
    page = await browser.get(again);
    expect(page.body).toContain('@portal.ana on Instagram is connected again.');
    expect(channelCard(page.body, 'portal.ana')).toContain('✓</span> Connected</span>');
    const sessions = await t.system.deps.db.selectFrom('connect_sessions').select('purpose').where('creator_id', '=', 'ana').orderBy('created_at').execute();
    expect(sessions.map((s) => s.purpose)).toEqual(['connect', 'reconnect']);
  });

  it('a refused sign-in comes back with an error banner saying why', async () => {
    const browser = await openPortal({ id: 'ana' });
    const page = await browser.get('/portal?status=error&error=access_denied');
    expect(page.body).toContain('role="alert" tabindex="-1" autofocus>Nothing was connected: the sign-in was cancelled. Your channels are as they were.</div>');
    const odd = await browser.get('/portal?status=error&error=%3Cb%3E');
    expect(odd.body).toContain('the sign-in did not complete. Try again when you are ready.');
    expect(odd.body).not.toContain('<b>');
  });

  it('Disconnect asks for confirmation, then revokes; another creator’s channel cannot be touched', async () => {
    const browser = await openPortal({ id: 'ana' });
    const [connection] = (await t.api('GET', '/v1/connections?creatorId=ana')).json().data;
    const confirm = await browser.get(`/portal/channels/${connection.id}/disconnect`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Disconnect @portal.ana on Instagram?');
    expect(confirm.body).toContain('Yes, disconnect');
    expect((await t.api('GET', `/v1/connections/${connection.id}`)).json().status).toBe('active');

    const stranger = await openPortal({ id: 'mallory' });
    expect((await stranger.get(`/portal/channels/${connection.id}/disconnect`)).statusCode).toBe(404);
    expect((await stranger.post(`/portal/channels/${connection.id}/disconnect`, { csrf: await stranger.csrf() })).statusCode).toBe(404);
    expect((await browser.post(`/portal/channels/${connection.id}/disconnect`, { csrf: 'forged' })).statusCode).toBe(403);
    expect((await browser.post(`/portal/channels/${connection.id}/disconnect`, { csrf: await stranger.csrf() })).statusCode).toBe(403);
    const foreign = await browser.post(`/portal/channels/${connection.id}/disconnect`, { csrf: await browser.csrf() }, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect((await t.api('GET', `/v1/connections/${connection.id}`)).json().status).toBe('active');

    const done = await browser.post(`/portal/channels/${connection.id}/disconnect`, { csrf: await browser.csrf() }, { origin: PUBLIC_URL });
    expect(done.statusCode).toBe(303);
    const page = await browser.get(done.headers.location as string);
    expect(page.body).toContain('@portal.ana on Instagram is disconnected. Channelkeeper no longer reads it.');
    expect((await t.api('GET', `/v1/connections/${connection.id}`)).json()).toMatchObject({ status: 'disconnected', statusReason: 'disconnected_on_request' });
    expect(channelCard(page.body, 'portal.ana')).toContain(escapeHtml(describeReason('disconnected_on_request', 'Instagram').why));
  });
});

describe('what each channel says', () => {
  it('every disconnection reason has its tooltip: why in plain words, and what to do', async () => {
    const browser = await openPortal({ id: 'reasons', email: 'reasons@example.com' });
    const ids: Record<string, string> = {};
    for (const reason of disconnectReasons) {
      const username = `why.${reason.replaceAll('_', '.')}`;
      t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
      await t.connect({ creator: { id: 'reasons' }, account: username, returnUrl: 'https://p.example/' });
      ids[reason] = (await t.system.deps.db.selectFrom('connections').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
      await t.system.deps.db
        .updateTable('connections')
        .set({ status: 'disconnected', status_reason: reason, disconnected_at: t.clock.now() })
        .where('id', '=', ids[reason]!)
        .execute();
    }
    const page = (await browser.get('/portal')).body;
    for (const reason of disconnectReasons) {
      const card = channelCard(page, `why.${reason.replaceAll('_', '.')}`);
      const { why, fix } = describeReason(reason, 'Instagram', { grantDays: 60, professionalSwitch: instagramProfile.professionalSwitch });
      expect(card, reason).toContain('Disconnected');
      expect(card, reason).toContain(escapeHtml(why));
      expect(card, reason).toContain(escapeHtml(fix));
    }
    // The words the creators' help pages use.
    expect(page).toContain('expired after 60 days');
    expect(page).toContain('password or username was changed');
    expect(page).toContain('Access was removed in your Instagram settings');
    expect(page).toContain('Switch to professional account');
    expect(page).toContain('Instagram disconnected it for your account’s security');
    expect(page).toContain('A permission is missing');
  });

  it('an expiring channel says in how many days, and why', async () => {
    const browser = await openPortal({ id: 'soon', email: 'soon@example.com' });
    t.sandbox.world.instagram.createAccount({ username: 'ending.soon', accountType: 'BUSINESS' });
    await t.connect({ creator: { id: 'soon' }, account: 'ending.soon', returnUrl: 'https://p.example/' });
    await t.system.deps.db
      .updateTable('connections')
      .set({ status: 'expiring', status_reason: 'expires_soon', grant_expires_at: new Date(t.clock.now().getTime() + 3 * DAY - MINUTE) })
      .where('username', '=', 'ending.soon')
      .execute();
    const card = channelCard((await browser.get('/portal')).body, 'ending.soon');
    expect(card).toContain('<span class="status expiring"><span class="icon" aria-hidden="true">!</span> Expires in 3 days</span>');
    expect(card).toContain('Why is it expiring?');
    expect(card).toContain('>Reconnect<');
    expect(card).toContain('>Disconnect<');
  });
});
