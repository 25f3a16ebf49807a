/**
 * Partnership Ads on the portal pages, through HTTP with real portal sessions: the brand asks from its
 * Campaign Performance page (a form next to each Instagram post) and sees where each request stands;
 * the creator sees the requests on the Channels page with a fresh Review link, and revokes an approval
 * there after a confirmation; each side sees the other's answer (the brand as a notice on top).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../src/kernel/clock.ts';
import { errorCatalog } from '../../src/kernel/errors.ts';
import { escapeHtml } from '../../src/kernel/html.ts';
import { storeToken } from '../../src/partnership-ads/partnership-ads.repo.ts';
import { partnershipEndReason } from '../../src/partnership-ads/partnership-messages.ts';
import { formatsFor } from '../../src/platform/i18n/format.ts';
import { loadCampaignPerformance } from '../../src/portal/campaign-performance.ts';
import { createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';
import { type Channel, connectInstagram, connectPinterest, join, publish, syncNow } from '../support/insights-fixtures.ts';

// The brand's pages read English by default, with times in the reader's format (the footer says they
// are in UTC); the Channels page still marks each time UTC.
const timeTag = (date: Date) => formatsFor({ locale: 'en', timeZone: null }).timeTag(date);

const TAG = '#AcmeGlow';
const BRAND_IG = '17841400000000001';

let t: TestContext;
let ana: Channel;
let campaignId: string;
let igPost: string;
let pinPost: string;
let globexCampaign: string;

interface Visitor {
  landing: string;
  get(path: string): Promise<LightMyRequestResponse>;
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The session's CSRF token, from the page at `path`. */
  csrf(path: string): Promise<string>;
}

/** Opens a portal session the way a browser does (follow the link, keep the cookie). */
async function open(body: object): Promise<Visitor> {
  const created = await t.api('POST', '/v1/portal-sessions', body);
  expect(created.statusCode, created.body).toBe(201);
  const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
  expect(opened.statusCode).toBe(303);
  const cookie = String(opened.headers['set-cookie']).split(';')[0]!;
  const visitor: Visitor = {
    landing: String(opened.headers.location),
    get: (url) => t.system.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, form, headers = {}) =>
      t.system.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(form).toString(),
      }),
    async csrf(path) {
      return /name="csrf" value="([^"]+)"/.exec((await visitor.get(path)).body)![1]!;
    },
  };
  return visitor;
}

const campaignPath = () => `/portal/campaigns/${campaignId}`;
const askPath = (postId = igPost) => `${campaignPath()}/posts/${postId}/partnership-ads`;
/** One post's row of the Campaign Performance table. */
const postRow = (body: string, postId: string) => {
  const start = body.indexOf(`<tr data-post="${postId}">`);
  expect(start, `row of ${postId}`).toBeGreaterThan(-1);
  return body.slice(start, body.indexOf('</tr>', start));
};
/** One request's item on the Channels page. */
const channelsItem = (body: string, requestId: string) => {
  const start = body.indexOf(`data-partnership="${requestId}"`);
  expect(start, `item of ${requestId}`).toBeGreaterThan(-1);
  return body.slice(start, body.indexOf('</li>', start));
};
const requestsOf = (postId: string) => t.system.deps.db.selectFrom('partnership_ad_requests').selectAll().where('campaign_post_id', '=', postId).orderBy('requested_at').execute();

/** The brand submits the page's form for the post; returns the page it lands on. */
async function ask(brand: Visitor, form: Record<string, string>, postId = igPost): Promise<LightMyRequestResponse> {
  const sent = await brand.post(askPath(postId), { csrf: await brand.csrf(campaignPath()), ...form });
  expect(sent.statusCode, sent.body).toBe(303);
  return brand.get(String(sent.headers.location));
}

beforeAll(async () => {
  t = await createTestContext({ now: '2026-06-01T09:00:00Z' });
  ana = await connectInstagram(t, 'ana', 'ana.studio');
  const pins = await connectPinterest(t, 'ana', TAG, 1);
  const created = await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Glow 26', hashtag: TAG, networks: ['instagram', 'pinterest'], state: 'live' });
  campaignId = created.json().id;
  await join(t, campaignId, 'ana', new Date(t.clock.now().getTime() - 60 * DAY));
  globexCampaign = (await t.api('POST', '/v1/campaigns', { brand: { id: 'globex', name: 'Globex' }, name: 'Other', hashtag: '#Globex' })).json().id;
  t.clock.advance(MINUTE);
  publish(t, ana, `Glow <b>serum</b> morning ${TAG} #ad`);
  await syncNow(t, ana);
  await syncNow(t, pins);
  const posts = (await t.api('GET', `/v1/campaigns/${campaignId}/posts?limit=100`)).json().data as { id: string; network: string }[];
  igPost = posts.find((p) => p.network === 'instagram')!.id;
  pinPost = posts.find((p) => p.network === 'pinterest')!.id;
});
afterAll(() => t.close());

describe('a brand asks from the Campaign Performance page', () => {
  it('offers the form next to an Instagram post only', async () => {
    const brand = await open({ brand: { id: 'acme' }, campaignId });
    const page = await brand.get(brand.landing);
    expect(page.statusCode).toBe(200);
    const row = postRow(page.body, igPost);
    expect(row).toContain(`action="${askPath()}"`);
    expect(row).toContain('name="durationDays" type="number" min="1" max="60" value="30"');
    // The brand has no Instagram account on record yet: an empty field.
    expect(row).toMatch(/name="brandInstagramAccountId"[^>]* value=""/);
    const pin = postRow(page.body, pinPost);
    expect(pin).not.toContain('<form');
    expect(pin).toContain('Partnership Ads are for Instagram posts.');
  });

  it('shows why nothing was asked as the banner, with the sentence: no brand Instagram account, a duration out of range', async () => {
    const brand = await open({ brand: { id: 'acme' }, campaignId });
    const missing = await ask(brand, { durationDays: '30', brandInstagramAccountId: '', message: '' });
    expect(missing.statusCode).toBe(200);
    expect(missing.body).toContain(
      `role="alert">Partnership Ads were not requested. ${escapeHtml('Give the id of your brand’s Instagram account that may boost the post; it is remembered for your next requests.')}</div>`,
    );
    const long = await ask(brand, { durationDays: '90', brandInstagramAccountId: BRAND_IG });
    expect(long.body).toContain('Partnership Ads were not requested. Choose a duration from 1 to 60 days.');
    const letters = await ask(brand, { durationDays: '30', brandInstagramAccountId: 'acme.official' });
    expect(letters.body).toContain('Partnership Ads were not requested. The brand’s Instagram account id is a number');
    const notInstagram = await ask(brand, { durationDays: '30', brandInstagramAccountId: BRAND_IG }, pinPost);
    expect(notInstagram.body).toContain('Partnership Ads were not requested. Partnership Ads are for Instagram posts.');
    expect(await requestsOf(igPost)).toEqual([]);
  });

  it("a message holding a NUL character is the banner's sentence, not a 500 (PostgreSQL cannot store one)", async () => {
    const brand = await open({ brand: { id: 'acme' }, campaignId });
    const page = await ask(brand, { durationDays: '30', brandInstagramAccountId: BRAND_IG, message: 'Hi\u0000there' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('role="alert">Partnership Ads were not requested. The note to the creator is plain text of 500 characters at most.');
    expect(await requestsOf(igPost)).toEqual([]);
  });

  it('refuses the form without the session’s CSRF token, and on another brand’s campaign', async () => {
    const brand = await open({ brand: { id: 'acme' }, campaignId });
    expect((await brand.post(askPath(), { csrf: 'forged', brandInstagramAccountId: BRAND_IG })).statusCode).toBe(403);
    const globex = await open({ brand: { id: 'globex' } });
    expect((await globex.post(askPath(), { csrf: await globex.csrf(`/portal/campaigns/${globexCampaign}`), brandInstagramAccountId: BRAND_IG })).statusCode).toBe(404);
    expect(await requestsOf(igPost)).toEqual([]);
  });

  it('asks once: the post then waits for the creator, and a second submit sends nothing new', async () => {
    const brand = await open({ brand: { id: 'acme' }, campaignId });
    const asked = await ask(brand, { durationDays: '14', brandInstagramAccountId: BRAND_IG, message: 'Love <this> one' });
    expect(asked.body).toContain('role="status">Partnership Ads requested.');
    const row = postRow(asked.body, igPost);
    expect(row).toContain('<span class="pstate waiting">Waiting for the creator</span>');
    expect(row).toContain(`Asked on ${timeTag(t.clock.now()).value} for 14 days.`);
    expect(row).toContain('>Withdraw<');
    expect(row).not.toContain(`action="${askPath()}"`);

    const again = await ask(brand, { durationDays: '30', brandInstagramAccountId: BRAND_IG });
    expect(again.body).toContain('This post already has an open Partnership Ads request: nothing new was sent.');
    const rows = await requestsOf(igPost);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'requested', duration_days: 14, message: 'Love <this> one', sponsor_instagram_id: BRAND_IG });
    const emails = await t.system.deps.db.selectFrom('emails').select('kind').where('creator_id', '=', 'ana').where('kind', '=', 'partnership_ads_requested').execute();
    expect(emails).toHaveLength(1);
  });
});

describe('the creator on the Channels page', () => {
  it('lists the waiting request with a Review link that opens the review page', async () => {
    const [request] = await requestsOf(igPost);
    const creator = await open({ creator: { id: 'ana' } });
    const page = await creator.get('/portal');
    expect(page.body).toContain('<h2 id="partnerships-h">Partnership Ads</h2>');
    const item = channelsItem(page.body, request!.id);
    expect(item).toContain('<h3 id="pa-');
    expect(item).toContain('>Acme</h3>');
    expect(item).toContain('Campaign “Glow 26”');
    expect(item).toContain('>@ana.studio</a>');
    expect(item).toContain('“Glow &lt;b&gt;serum&lt;/b&gt; morning #AcmeGlow #ad”');
    expect(item).toContain('<span class="pstate waiting">Waiting for you</span>');
    expect(item).toContain('to run this post as an ad for 14 days.');
    expect(item).not.toContain('>Revoke');
    const review = /<a class="button" href="([^"]+)">Review/.exec(item)![1]!;
    expect(review.startsWith(`${PUBLIC_URL}/partnership-ads?token=`)).toBe(true);
    const link = new URL(review.replaceAll('&amp;', '&'));
    const opened = await t.system.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Acme asks to run your post as a Partnership Ad');
    expect(opened.body).toContain('Approve with Facebook');
  });

  it('shows an approval until when, partial with what was not granted, and Revoke; revoking needs the CSRF token, works once, and only for the creator’s own', async () => {
    const [request] = await requestsOf(igPost);
    const id = request!.id;
    const now = t.clock.now();
    const until = new Date(now.getTime() + 14 * DAY);
    await t.system.deps.db
      .updateTable('partnership_ad_requests')
      .set({
        state: 'approved',
        grant_level: 'partial',
        granted_scopes: ['pages_show_list', 'instagram_basic'],
        declined_scopes: ['instagram_branded_content_creator'],
        promotion_enabled: false,
        decided_at: now,
        expires_at: until,
        version: request!.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await storeToken(t.system.deps.db, { requestId: id, sealed: t.system.deps.keyRing.seal('fb-user-token', `partnership:${id}`), expiresAt: until, now });

    const creator = await open({ creator: { id: 'ana' } });
    const item = channelsItem((await creator.get('/portal')).body, id);
    // In the creator's language (English here: no locale, no Accept-Language), times in UTC.
    expect(item).toContain(`<span class="pstate partial">Approved in part until ${timeTag(until).value}</span>`);
    expect(item).toContain('You did not grant “Allow brand partner to boost”.');
    expect(item).toContain('>Review<'); // to grant what is missing
    expect(item).toContain(`href="/portal/partnership-ads/${id}/revoke"`);
    const brand = await open({ brand: { id: 'acme' }, campaignId });
    const approved = postRow((await brand.get(brand.landing)).body, igPost);
    expect(approved).toContain('Approved in part until');
    expect(approved).toContain('Declined: “Allow brand partner to boost”.');

    const stranger = await open({ creator: { id: 'mallory' } });
    expect((await stranger.get(`/portal/partnership-ads/${id}/revoke`)).statusCode).toBe(404);
    expect((await stranger.post(`/portal/partnership-ads/${id}/revoke`, { csrf: await stranger.csrf('/portal') })).statusCode).toBe(404);
    expect((await creator.post(`/portal/partnership-ads/${id}/revoke`, { csrf: 'forged' })).statusCode).toBe(403);
    expect((await creator.post(`/portal/partnership-ads/${id}/revoke`, { csrf: await stranger.csrf('/portal') })).statusCode).toBe(403);
    expect((await creator.post(`/portal/partnership-ads/${id}/revoke`, { csrf: await creator.csrf('/portal') }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await requestsOf(igPost))[0]!.state).toBe('approved');

    const confirm = await creator.get(`/portal/partnership-ads/${id}/revoke`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('<h1>Revoke Partnership Ads for Acme?</h1>');
    expect(confirm.body).toContain('Yes, revoke');
    const csrf = /name="csrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    const done = await creator.post(`/portal/partnership-ads/${id}/revoke`, { csrf }, { origin: PUBLIC_URL });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/portal?status=partnership_revoked&partnership=${id}`);
    const after = await creator.get(String(done.headers.location));
    expect(after.body).toContain('role="status" tabindex="-1" autofocus>You revoked Partnership Ads for Acme. They have been told.</div>');
    const revoked = channelsItem(after.body, id);
    expect(revoked).toContain('<span class="pstate ended">Revoked</span>');
    expect(revoked).toContain('You revoked the approval on');
    expect(revoked).not.toMatch(/>Revoke<|>Review</);
    expect((await requestsOf(igPost))[0]).toMatchObject({ state: 'revoked', state_reason: 'creator' });
    expect(await t.system.deps.db.selectFrom('partnership_ad_tokens').select('request_id').where('request_id', '=', id).execute()).toEqual([]);
    // The creator revoked it themselves: no notice tells them what they just did.
    const kinds = (await t.api('GET', '/v1/creators/ana/notifications')).json().data.map((n: { kind: string }) => n.kind);
    expect(kinds).not.toContain('partnership_ads_revoked');

    const twice = await creator.post(`/portal/partnership-ads/${id}/revoke`, { csrf });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain(escapeHtml(errorCatalog.partnership_request_closed.message));
    expect((await creator.get(`/portal/partnership-ads/${id}/revoke`)).statusCode).toBe(409);
  });
});

describe('the brand sees the answer', () => {
  it('shows "revoked" with the reason next to the post, and the notice on top once as new; the form is back, prefilled', async () => {
    const brand = await open({ brand: { id: 'acme' }, campaignId });
    const page = await brand.get(brand.landing);
    expect(page.body).toContain('<h2 id="notices-h">Notifications <span class="badge">1 new</span></h2>');
    expect(page.body).toContain('<span class="sr">New: </span>@ana.studio revoked Partnership Ads</strong>');
    const row = postRow(page.body, igPost);
    expect(row).toContain('<span class="pstate ended">Revoked</span>');
    expect(row).toContain(`${escapeHtml(partnershipEndReason('creator'))}. Stop running the post as an ad.`);
    expect(row).toMatch(new RegExp(`name="brandInstagramAccountId"[^>]* value="${BRAND_IG}"`));

    const notices = await t.system.deps.db.selectFrom('notifications').select(['kind', 'read_at', 'creator_id']).where('brand_id', '=', 'acme').execute();
    expect(notices).toEqual([{ kind: 'partnership_ads_revoked', read_at: t.clock.now(), creator_id: null }]);
    // Seen once: the campaign page shows only new notices; the campaigns list keeps them, no longer new.
    expect((await brand.get(brand.landing)).body).not.toContain('id="notices-h"');
    const list = await brand.get('/portal/campaigns');
    expect(list.body).toContain('<h2 id="notices-h">Notifications</h2>');
    expect(list.body).toContain('<strong>@ana.studio revoked Partnership Ads</strong>');
    // Only the brand's own: another brand sees none.
    const globex = await open({ brand: { id: 'globex' } });
    expect((await globex.get('/portal/campaigns')).body).not.toContain('id="notices-h"');
  });

  it('withdraws an open request from the page, once, and only its own; the creator is told', async () => {
    const brand = await open({ brand: { id: 'acme' }, campaignId });
    // Asked in the very instant the revoked request was (the clock has not moved): the open one is the post's latest still.
    await ask(brand, { durationDays: '7', brandInstagramAccountId: BRAND_IG });
    expect(postRow((await brand.get(campaignPath())).body, igPost)).toContain('Waiting for the creator');
    t.clock.advance(MINUTE);
    const open_ = (await requestsOf(igPost)).find((r) => r.state === 'requested')!;
    const withdrawPath = `${askPath()}/${open_.id}/withdraw`;
    const globex = await open({ brand: { id: 'globex' } });
    expect((await globex.post(withdrawPath, { csrf: await globex.csrf(`/portal/campaigns/${globexCampaign}`) })).statusCode).toBe(404);
    expect((await brand.post(`${askPath(pinPost)}/${open_.id}/withdraw`, { csrf: await brand.csrf(campaignPath()) })).statusCode).toBe(404);
    expect((await brand.post(withdrawPath, { csrf: 'forged' })).statusCode).toBe(403);

    const withdrawn = await brand.post(withdrawPath, { csrf: await brand.csrf(campaignPath()) });
    expect(withdrawn.statusCode).toBe(303);
    const page = await brand.get(String(withdrawn.headers.location));
    expect(page.body).toContain('The Partnership Ads request is withdrawn.');
    expect(postRow(page.body, igPost)).toContain('<span class="pstate ended">Withdrawn</span>');
    const again = await brand.get(String((await brand.post(withdrawPath, { csrf: await brand.csrf(campaignPath()) })).headers.location));
    expect(again.body).toContain('Nothing was withdrawn. The request has already been answered or has ended.');

    const creator = await open({ creator: { id: 'ana' } });
    const channels = (await creator.get('/portal')).body;
    expect(channels).toContain('Acme withdrew its Partnership Ads request');
    expect(channelsItem(channels, open_.id)).toContain('Acme withdrew the request on');
  });

  it("a post bound to two of the brand's campaigns shows its one open request on both pages, and either page can withdraw it", async () => {
    const second = (
      await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Glow 26 encore', hashtag: TAG, networks: ['instagram'], state: 'live' })
    ).json().id as string;
    await join(t, second, 'ana', new Date(t.clock.now().getTime() - 60 * DAY));
    const secondPost = (await t.api('GET', `/v1/campaigns/${second}/posts?limit=100`)).json().data.find((p: { network: string; mediaId: string }) => p.network === 'instagram') as {
      id: string;
    };
    const asked = await t.api('POST', `/v1/campaigns/${campaignId}/posts/${igPost}/partnership-ads`, { durationDays: 10 });
    expect(asked.statusCode).toBe(201);
    // Asking from the other campaign gets the same open request back.
    expect((await t.api('POST', `/v1/campaigns/${second}/posts/${secondPost.id}/partnership-ads`, {})).json().id).toBe(asked.json().id);
    const brand = await open({ brand: { id: 'acme' }, campaignId: second });
    const row = postRow((await brand.get(`/portal/campaigns/${second}`)).body, secondPost.id);
    expect(row).toContain('Waiting for the creator');
    expect(row).not.toContain(`action="/portal/campaigns/${second}/posts/${secondPost.id}/partnership-ads"`);
    const withdrawPath = `/portal/campaigns/${second}/posts/${secondPost.id}/partnership-ads/${asked.json().id}/withdraw`;
    expect(row).toContain(`action="${withdrawPath}"`);
    const withdrawn = await brand.post(withdrawPath, { csrf: await brand.csrf(`/portal/campaigns/${second}`) });
    expect(withdrawn.statusCode).toBe(303);
    expect((await t.api('GET', `/v1/partnership-ads/${asked.json().id}`)).json().state).toBe('withdrawn');
  });

  it('reads the statuses of a page of posts in a fixed number of queries, not one per post', async () => {
    const deps = t.system.deps;
    const { workspace_id: workspaceId } = await deps.db.selectFrom('campaigns').select('workspace_id').where('id', '=', campaignId).executeTakeFirstOrThrow();
    let queries = 0;
    const counting = { ...deps, db: deps.db.withPlugin({ transformQuery: (args) => (queries++, args.node), transformResult: async (args) => args.result }) };
    const count = async () => {
      queries = 0;
      const loaded = await loadCampaignPerformance(counting, { workspaceId, brandId: 'acme' }, campaignId);
      expect(loaded.ok).toBe(true);
      return { queries, asked: loaded.ok ? loaded.value.view.posts.filter((p) => p.partnership.latest).length : 0 };
    };
    const before = await count();
    for (let i = 0; i < 3; i++) {
      t.clock.advance(MINUTE);
      publish(t, ana, `More glow ${i} ${TAG}`);
    }
    await syncNow(t, ana);
    const posts = (await t.api('GET', `/v1/campaigns/${campaignId}/posts?limit=100`)).json().data as { id: string; network: string }[];
    for (const post of posts.filter((p) => p.network === 'instagram' && p.id !== igPost)) {
      expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts/${post.id}/partnership-ads`, { durationDays: 5 })).statusCode).toBe(201);
    }
    const after = await count();
    expect(after.asked).toBe(before.asked + 3);
    expect(after.queries).toBe(before.queries);
  });
});

describe('after 30 days', () => {
  it('ended requests leave the Channels page; open ones stay', async () => {
    t.clock.advance(31 * DAY);
    const creator = await open({ creator: { id: 'ana' } });
    const page = (await creator.get('/portal')).body;
    const ended = (await t.system.deps.db.selectFrom('partnership_ad_requests').select('id').where('state', 'not in', ['requested', 'approved']).execute()).map((r) => r.id);
    expect(ended.length).toBeGreaterThan(0);
    for (const id of ended) expect(page).not.toContain(`data-partnership="${id}"`);
    expect(page.match(/<span class="pstate waiting">Waiting for you<\/span>/g)).toHaveLength(3);
  });
});
