/**
 * The demo platform page (demo mode): a Connect button for every network the registry has, and the
 * creator's connections with network, login, status and expiry. The browser test drives the same page in
 * Chromium; this one runs everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const demo = (query = '') => t.system.app.inject({ method: 'GET', url: `/demo${query}` });
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

describe('the demo platform page', () => {
  it('offers one Connect button per network the registry has, in its order', async () => {
    const page = await demo();
    expect(page.statusCode).toBe(200);
    const buttons = [...page.body.matchAll(/<button type="submit" name="provider" value="([^"]+)">Connect ([^<]+)<\/button>/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(buttons).toEqual(t.system.deps.providers.all().map((p) => `${p.id}:${p.displayName}`));
  });

  it('a Connect button starts a connect link that comes back to this creator on the demo page', async () => {
    const res = await t.system.app.inject({ method: 'POST', url: '/demo/connect', ...form({ creatorId: 'demo-7', email: 'd7@example.com', name: 'D', provider: 'pinterest' }) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^${PUBLIC_URL}/connect/`));
    const session = await t.system.deps.db.selectFrom('connect_sessions').select(['provider', 'return_url']).where('creator_id', '=', 'demo-7').executeTakeFirstOrThrow();
    expect(session).toEqual({ provider: 'pinterest', return_url: `${PUBLIC_URL}/demo?creator=demo-7` });
    // The creator is remembered, so the page comes back with the same details filled in.
    expect((await demo('?creator=demo-7')).body).toContain('value="d7@example.com"');
  });

  it('an unknown network is refused', async () => {
    const res = await t.system.app.inject({ method: 'POST', url: '/demo/connect', ...form({ creatorId: 'c1', email: 'c1@example.com', provider: 'myspace' }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('unsupported_provider');
  });

  it("lists the creator's connections with network, login, status and when they expire; other creators are links", async () => {
    await t.connect({ creator: { id: 'c1' }, provider: 'youtube', account: 'maya.makes' });
    await t.connect({ creator: { id: 'c2' }, provider: 'instagram', account: 'ana.business' });
    const [connection] = (await t.api('GET', '/v1/connections?creatorId=c2')).json().data;
    const page = (await demo('?creator=c2&status=connected&connection=x')).body;
    expect(page).toContain('Connected one account.');
    expect(page).toContain(`data-connection="${connection.id}"`);
    expect(page).toMatch(/Instagram<br><span class="muted nowrap">via <code data-login>instagram_login<\/code>/);
    expect(page).toContain('<strong>@ana.business</strong>');
    expect(page).toContain('<span class="ok">active</span>');
    expect(page).toContain(`<time datetime="${connection.expiresAt}">`);
    expect(page).not.toContain('@mayamakes');
    expect(page).toContain('<a href="/demo?creator=c1">c1</a>');
  });

  it('a Facebook login that connected several accounts is counted in the banner', async () => {
    expect((await demo('?status=connected&connection=a&connections=a,b,c')).body).toContain('Connected 3 accounts.');
  });

  it('a failed connect is explained in words, and whatever comes back in the URL is escaped', async () => {
    expect((await demo('?status=error&error=access_denied')).body).toContain('You cancelled the permission request');
    const forged = await demo(`?status=error&error=${encodeURIComponent('<script>alert(1)</script>')}&creator=${encodeURIComponent('"><b>')}`);
    expect(forged.statusCode).toBe(200);
    expect(forged.body).not.toContain('<script>alert');
    expect(forged.body).not.toContain('"><b>');
  });

  it('a repeated query parameter does not break the page', async () => {
    expect((await demo('?creator=a&creator=b&status=x&status=y')).statusCode).toBe(200);
  });
});
