/**
 * The demo platform page (demo mode): a Connect button for every network the registry has, and the
 * creator's connections with network, login, status and expiry; then its campaign half, by clicks
 * only: create a campaign, publish a post with its hashtag on the sandbox, see it bind and its figures
 * read, and open the brand's Campaign Performance page. The browser test drives the same page in
 * Chromium; this one runs everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planInsights } from '../../src/insights/insights-plan.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
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

  it('the profile button reads what is due and opens the creator profile page, with the figures it read', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'demo.profile', accountType: 'BUSINESS', followersCount: 5_000 });
    await t.connect({ creator: { id: 'demo-prof', email: 'prof@example.com', name: 'Pro' }, account: 'demo.profile' });
    const res = await t.system.app.inject({ method: 'POST', url: '/demo/profile', ...form({ creatorId: 'demo-prof', email: 'prof@example.com', name: 'Pro' }) });
    expect(res.statusCode).toBe(303);
    const link = new URL(res.headers.location as string);
    expect(link.pathname).toBe('/creator-profile');
    const profile = await t.system.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Verified from Instagram on');
    expect(profile.body).toContain('@demo.profile');
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
    expect(page).toMatch(/<\/svg> Instagram<br><span class="muted nowrap" data-login="instagram_login">Instagram login<\/span>/);
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

describe('the Campaigns section of the demo page', () => {
  const creator = 'demo-camp';
  let connectionId: string;
  let campaignId: string;
  const post = (url: string, fields: Record<string, string>) => t.system.app.inject({ method: 'POST', url, ...form(fields) });
  const follow = (location: unknown) =>
    demo(
      String(location)
        .replace(/^\/demo/, '')
        .replace(/#.*$/, ''),
    );
  const row = (body: string, id: string) => new RegExp(`<tr data-campaign="${id}">[\\s\\S]*?</tr>`).exec(body)?.[0] ?? '';

  beforeAll(async () => {
    t.sandbox.world.instagram.createAccount({ username: 'demo.poster', accountType: 'BUSINESS', mediaCount: 2 });
    await t.connect({ creator: { id: creator, email: 'poster@example.com' }, account: 'demo.poster' });
    connectionId = (await t.api('GET', `/v1/connections?creatorId=${creator}`)).json().data[0].id;
    // The first sync after connecting, as the worker runs it within a minute.
    await runMediaSyncs(t.system.deps);
  });

  it('offers a form to create a campaign, filled with a demo brand, name and hashtag', async () => {
    const page = (await demo(`?creator=${creator}`)).body;
    expect(page).toContain('<h2 id="campaigns-heading">Campaigns</h2>');
    expect(page).toContain('<form class="card" method="post" action="/demo/campaigns">');
    for (const value of ['Acme', 'Summer demo', '#AcmeSummer26']) expect(page).toContain(`value="${value}"`);
  });

  it('creates a live campaign with the current creator in it, at content_creation, joined now', async () => {
    const created = await post('/demo/campaigns', { creatorId: creator, brandName: 'Acme', name: 'Summer demo', hashtag: '#AcmeSummer26' });
    expect(created.statusCode).toBe(303);
    const page = (await follow(created.headers.location)).body;
    expect(page).toContain('Created the live campaign &quot;Summer demo&quot; with demo-camp in it');
    campaignId = /<tr data-campaign="([^"]+)">/.exec(page)![1]!;
    expect((await t.api('GET', `/v1/campaigns/${campaignId}`)).json()).toMatchObject({ brand: { id: 'acme', name: 'Acme' }, state: 'live', hashtag: '#AcmeSummer26' });
    const [participant] = (await t.api('GET', `/v1/campaigns/${campaignId}/participants`)).json().data;
    expect(participant).toMatchObject({ creator: { id: creator }, stage: 'content_creation', joinedAt: new Date(Math.floor(t.clock.now().getTime() / 1000) * 1000).toISOString() });
    expect(row(page, campaignId)).toContain(`<button type="submit" data-publish="${connectionId}">Publish a post with the hashtag</button>`);
    expect(row(page, campaignId)).toContain('Open Campaign Performance page');
  });

  it('a refused hashtag is a 400 with the reason, and no campaign is made', async () => {
    const refused = await post('/demo/campaigns', { creatorId: creator, brandName: 'Acme', name: 'Bad', hashtag: 'no hash' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('invalid_request');
    expect((await t.api('GET', '/v1/campaigns')).json().data.map((c: { name: string }) => c.name)).toEqual(['Summer demo']);
  });

  it('publishes a post with the hashtag on the sandbox and queues the sync that binds it, with its first reading', async () => {
    t.clock.advance(60_000);
    const published = await post(`/demo/campaigns/${campaignId}/publish`, { creatorId: creator, connectionId });
    expect(published.statusCode).toBe(303);
    const banner = (await follow(published.headers.location)).body;
    expect(banner).toContain('Published a post with #AcmeSummer26 on @demo.poster in the sandbox, and a media sync of the channel is queued: the post binds within seconds');
    expect(banner).toContain('Refresh Insights on the Campaign Performance page');
    const made = t.sandbox.world.instagram.account('demo.poster')!.published.at(-1)!;
    expect(made.caption).toBe('Demo post for Summer demo #AcmeSummer26 #ad');
    t.sandbox.world.instagram.metrics.set(made.id, { views: 4321, reach: 3000, likes: 210, comments: 12, saved: 7, shares: 4, total_interactions: 233 });

    await runMediaSyncs(t.system.deps);
    expect(row((await demo(`?creator=${creator}`)).body, campaignId)).toMatch(/data-label="Posts bound"><span>1<\/span>/);
    const media = await t.system.deps.db.selectFrom('media').select('id').where('provider_media_id', '=', made.id).executeTakeFirstOrThrow();
    // Queued by the bind itself: the daily plan finds it already open and adds nothing.
    const open = await t.system.deps.db.selectFrom('insight_tasks').select(['reason', 'status']).where('media_id', '=', media.id).execute();
    expect(open).toEqual([{ reason: 'auto', status: 'queued' }]);
    expect((await planInsights(t.system.deps)).queued).toBe(0);
    await runInsightTasks(t.system.deps);
    expect(await t.system.deps.db.selectFrom('media_insights').select('media_id').where('media_id', '=', media.id).execute()).toHaveLength(1);
  });

  it("opens the brand's Campaign Performance page, which shows the post and its figures", async () => {
    const opened = await post(`/demo/campaigns/${campaignId}/performance`, {});
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toMatch(new RegExp(`^${PUBLIC_URL}/portal/open/`));
    const link = await t.system.app.inject({ method: 'GET', url: new URL(String(opened.headers.location)).pathname });
    expect(link.headers.location).toBe(`/portal/campaigns/${campaignId}`);
    const cookie = String(link.headers['set-cookie']).split(';')[0]!;
    const page = await t.system.app.inject({ method: 'GET', url: String(link.headers.location), headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Summer demo</h1>');
    expect(page.body).toContain('Demo post for Summer demo #AcmeSummer26 #ad');
    expect(page.body).toMatch(/<td class="num" data-label="Views"><span>4,321<\/span>/);
  });

  it('"Add the creator" puts them in a campaign they are not in yet', async () => {
    const other = (await t.api('POST', '/v1/campaigns', { brand: { id: 'globex', name: 'Globex' }, name: 'Winter', hashtag: '#GlobexWinter', state: 'live' })).json();
    const before = row((await demo(`?creator=${creator}`)).body, other.id);
    expect(before).toContain(`action="/demo/campaigns/${other.id}/participants"`);
    expect(before).not.toContain('data-publish');
    const added = await post(`/demo/campaigns/${other.id}/participants`, { creatorId: creator });
    const after = (await follow(added.headers.location)).body;
    expect(after).toContain('Added demo-camp to the campaign');
    expect(row(after, other.id)).toContain('data-publish');
    expect((await t.api('GET', `/v1/campaigns/${other.id}/participants`)).json().data).toMatchObject([{ creator: { id: creator }, stage: 'content_creation' }]);
  });

  it('a creator without an Instagram Login channel is told publishing works only there; a foreign channel is refused', async () => {
    await post(`/demo/campaigns/${campaignId}/participants`, { creatorId: 'c1' });
    expect(row((await demo('?creator=c1')).body, campaignId)).toContain('Connect Instagram (Instagram Login) to publish a sandbox post from here');
    const foreign = await post(`/demo/campaigns/${campaignId}/publish`, { creatorId: 'c1', connectionId });
    expect((await follow(foreign.headers.location)).body).toContain('That did not work:');
  });
});

describe('the demo mailbox', () => {
  it("shows an email's plain text with the service's own links clickable and other addresses as text", async () => {
    await t.system.deps.db
      .insertInto('emails')
      .values({
        id: 'eml_mailbox_test',
        workspace_id: 'ws_x',
        creator_id: null,
        connection_id: null,
        kind: 'partnership_ads_requested',
        dedupe_key: 'mailbox-test',
        to_address: 'ana@example.com',
        from_address: 'no-reply@example.com',
        subject: 'Review it',
        text_body: `Approve or deny: ${PUBLIC_URL}/partnership-ads?token=a.b&x=<1>\nThe post: https://www.instagram.com/p/abc/`,
        html_body: '<p>hi</p>',
        status: 'stored',
        priority: 'normal',
        next_attempt_at: t.clock.now(),
        last_error: null,
        created_at: t.clock.now(),
      })
      .execute();
    const page = await t.system.app.inject({ method: 'GET', url: '/demo/mailbox/eml_mailbox_test' });
    expect(page.body).toContain(`<a href="${PUBLIC_URL}/partnership-ads?token=a.b&amp;x=&lt;1&gt;">${PUBLIC_URL}/partnership-ads?token=a.b&amp;x=&lt;1&gt;</a>`);
    expect(page.body).toContain('The post: https://www.instagram.com/p/abc/');
    expect(page.body).not.toContain('href="https://www.instagram.com');
  });
});
