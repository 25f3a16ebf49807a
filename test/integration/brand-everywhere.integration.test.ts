/**
 * The platform's brand everywhere a creator (or its brand) looks. A workspace sets its brand through
 * the API (product "Acme Creators", an accent, a logo, a support email); then every page and email we
 * show its people wears it, and the service's own name appears on none of them.
 *
 * `surfaces` below is THE list of those pages and emails: add each new one there. A surface still
 * drawn by the old `page(title, body, productName)` (no accent, logo or footer) is marked `awaiting`
 * with who converts it; its test then proves it is still unbranded, so when it is converted the test
 * fails and says to remove the mark.
 *
 * Not in the list, on purpose: the data-deletion status page (`/meta/data-deletion/:code`) is the
 * app's own, reached from Meta with no workspace behind it; pages for a link we cannot read (an
 * invalid connect, portal or reconnect token) cannot know whose brand to show, so they wear ours by
 * design; the operators' dashboard is ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import { watchExpiries } from '../../src/connections/expiry-watch.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { html } from '../../src/kernel/html.ts';
import { pageFor } from '../../src/platform/web/shell.ts';
import { viewerFor } from '../../src/platform/web/viewer.ts';
import { API_KEY, createTestContext, PUBLIC_URL, type TestContext } from '../support/context.ts';
import { type Channel, connectFacebookPage, connectInstagram, createCampaign, join, mediaIdOf, publish, syncNow } from '../support/insights-fixtures.ts';
import { acmeSvg } from '../support/logos.ts';

const BRAND = { productName: 'Acme Creators', accentColor: '#c2410c', supportEmail: 'creators@acme.test' };
const BRAND_IG = '17841400000000555';

let t: TestContext;

/** What the surfaces are opened from: links and ids made while setting the scene. */
interface Scene {
  logoPath: string;
  ana: Channel;
  second: Channel;
  campaignId: string;
  reviewPath: string;
  reconnectPath: string;
  expiredConnectPath: string;
  expiredPortalPath: string;
  usedPortalPath: string;
}
let scene: Scene;

interface Surface {
  status: number;
  /** A page's HTML; an email's subject, sender, text and HTML together. */
  body: string;
  /** An email's HTML part, where its logo shows. */
  html?: string;
}

interface Entry {
  name: string;
  kind: 'page' | 'email';
  open(): Promise<Surface>;
  /** The status it answers with (an email: 200). */
  status: number;
  /** Not yet drawn in the workspace's brand: who converts it. */
  awaiting?: string;
}

const get = async (url: string, cookie?: string): Promise<Surface> => {
  const answer = await t.system.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  return { status: answer.statusCode, body: answer.body };
};

/** A portal visit, as a browser makes it: follow the link, keep the cookie. */
async function portalCookie(body: object): Promise<string> {
  const created = await t.api('POST', '/v1/portal-sessions', body);
  const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
  return String(opened.headers['set-cookie']).split(';')[0] ?? '';
}

async function latestEmail(kind: string): Promise<Surface> {
  const email = await t.system.deps.db.selectFrom('emails').selectAll().where('kind', '=', kind).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return { status: 200, body: [email.subject, email.from_address ?? '', email.text_body, email.html_body].join('\n'), html: email.html_body };
}

/** The facebook login with two Pages stops at the page where the creator picks which to connect. */
async function choosePage(): Promise<Surface> {
  const session = await t.api('POST', '/v1/connect-sessions', { creator: { id: 'ana', email: 'ana@example.com' }, provider: 'facebook' });
  const opened = await t.system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
  const authorize = new URL(opened.headers.location as string);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('account', 'ana.two.pages');
  for (const scope of (authorize.searchParams.get('scope') ?? '').split(/[\s,]+/).filter(Boolean)) form.append('granted', scope);
  const decision = await t.sandbox.app.inject({
    method: 'POST',
    url: authorize.pathname,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  const back = new URL(decision.headers.location as string);
  const callback = await t.system.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
  expect(callback.headers.location).toMatch(/\/connect\/choose\//);
  return get(new URL(callback.headers.location as string).pathname);
}

/** Who converts each surface to pageFor and the brand (issue 15's helpers' branches). */

/** Every page and email a workspace's people see. */
const surfaces: Entry[] = [
  {
    name: 'connect: the connected page',
    kind: 'page',
    status: 200,
    open: async () => {
      const done = await t.connect({ creator: { id: 'ana', email: 'ana@example.com' }, account: scene.ana.username });
      return { status: done.statusCode, body: done.body };
    },
  },
  {
    name: 'connect: nothing was connected (consent denied)',
    kind: 'page',
    status: 400,
    open: async () => {
      const denied = await t.connect({ creator: { id: 'ana', email: 'ana@example.com' }, deny: true });
      return { status: denied.statusCode, body: denied.body };
    },
  },
  { name: 'connect: the link has expired', kind: 'page', status: 410, open: () => get(scene.expiredConnectPath) },
  { name: 'connect: choosing the accounts to connect', kind: 'page', status: 200, open: choosePage },
  { name: 'the Channels page', kind: 'page', status: 200, open: async () => get('/portal', await portalCookie({ creator: { id: 'ana' } })) },
  {
    name: 'the Channels page: confirm a disconnection',
    kind: 'page',
    status: 200,
    open: async () => get(`/portal/channels/${scene.ana.connectionId}/disconnect`, await portalCookie({ creator: { id: 'ana' } })),
  },
  { name: 'the Channels page: its link was already used', kind: 'page', status: 410, open: () => get(scene.usedPortalPath) },
  { name: 'the Channels page: its link has expired', kind: 'page', status: 410, open: () => get(scene.expiredPortalPath) },
  { name: 'reconnect: the email’s link has expired', kind: 'page', status: 410, open: () => get(scene.reconnectPath) },
  { name: 'Partnership Ads: the review page', kind: 'page', status: 200, open: () => get(scene.reviewPath) },
  {
    name: 'Partnership Ads: the brand’s Campaign Performance page',
    kind: 'page',
    status: 200,
    open: async () => get(`/portal/campaigns/${scene.campaignId}`, await portalCookie({ brand: { id: 'acme' }, campaignId: scene.campaignId })),
  },
  {
    name: 'the brand-facing creator profile page',
    kind: 'page',
    status: 200,
    open: async () => {
      const link = await t.api('POST', '/v1/creators/ana/profile-links', {});
      return get(new URL(link.json().url).pathname + new URL(link.json().url).search);
    },
  },
  { name: 'email: a channel is disconnected', kind: 'email', status: 200, open: () => latestEmail('connection_disconnected') },
  { name: 'email: a channel is reconnected', kind: 'email', status: 200, open: () => latestEmail('connection_reconnected') },
  { name: 'email: a channel’s login ends soon', kind: 'email', status: 200, open: () => latestEmail('connection_expiring') },
  { name: 'email: a brand asks for Partnership Ads', kind: 'email', status: 200, open: () => latestEmail('partnership_ads_requested') },
];

/** What a surface lacks of the brand, or shows of ours; empty when it wears the brand. */
function brandProblems(entry: Entry, surface: Surface): string[] {
  const problems: string[] = [];
  if (!surface.body.includes(BRAND.productName)) problems.push('the product name is missing');
  // Our name, capitalised as we write it (the test's PUBLIC_URL host is lower-case and is no brand).
  if (/Channelkeeper/.test(surface.body)) problems.push('"Channelkeeper" is shown');
  if (entry.kind === 'page') {
    if (!surface.body.includes(`--accent:${BRAND.accentColor}`)) problems.push('the accent is not applied');
    if (!surface.body.includes(`src="${scene.logoPath}"`)) problems.push('the logo is not shown');
    if (!surface.body.includes(BRAND.supportEmail)) problems.push('the support email is not in the footer');
  } else if (!surface.html?.includes(`src="${PUBLIC_URL}${scene.logoPath}"`)) {
    problems.push('the logo is not shown by its absolute URL');
  }
  return problems;
}

async function setScene(): Promise<Scene> {
  expect((await t.api('PUT', '/v1/workspace/branding', BRAND)).statusCode).toBe(200);
  const logo = await t.system.app.inject({
    method: 'PUT',
    url: '/v1/workspace/branding/logo',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'image/svg+xml' },
    payload: acmeSvg,
  });
  const logoPath = new URL(logo.json().logo.url).pathname;

  t.sandbox.world.network<FacebookWorld>('facebook').createUser({ username: 'ana.two.pages', pages: [{ name: 'Ana Studio' }, { name: 'Ana Shop' }] });
  const ana = await connectInstagram(t, 'ana', 'ana.studio');
  const second = await connectInstagram(t, 'ana', 'ana.second');
  const campaignId = await createCampaign(t, { hashtag: '#AcmeGlow', state: 'live' });
  await join(t, campaignId, 'ana');
  t.clock.advance(MINUTE);
  const providerId = publish(t, ana, 'Glow morning #AcmeGlow #ad');
  t.clock.advance(2 * HOUR);
  await syncNow(t, ana);
  const mediaId = await mediaIdOf(t.system.deps.db, providerId);
  const post = await t.system.deps.db.selectFrom('campaign_posts').select('id').where('campaign_id', '=', campaignId).where('media_id', '=', mediaId).executeTakeFirstOrThrow();
  expect((await t.api('POST', `/v1/campaigns/${campaignId}/posts/${post.id}/partnership-ads`, { brandInstagramAccountId: BRAND_IG })).statusCode).toBe(201);
  const requested = await latestEmail('partnership_ads_requested');
  const review = new URL(/Approve or deny: (\S+)/.exec(requested.body)?.[1] ?? '');

  // The second channel is lost (a password change) and comes back: the disconnected and reconnected emails.
  t.sandbox.world.instagram.applyEvent('ana.second', 'password-change');
  await verifyConnections(t.system.deps, { olderThanMs: 0 });
  const reconnect = new URL(/(http:\/\/channelkeeper\.test\/reconnect\?token=\S+)/.exec((await latestEmail('connection_disconnected')).body)?.[1] ?? '');
  await t.connect({ creator: { id: 'ana', email: 'ana@example.com' }, account: 'ana.second', returnUrl: 'https://platform.example/' });
  // A Facebook Page whose login (which nothing extends) ends in under three days: the reminder email.
  const page = await connectFacebookPage(t, 'ana', 'Ana Page');
  await t.system.deps.db
    .updateTable('connections')
    .set({ grant_expires_at: new Date(t.clock.now().getTime() + 3 * DAY - HOUR) })
    .where('id', '=', page.connectionId)
    .execute();
  await watchExpiries(t.system.deps);

  const connectSession = await t.api('POST', '/v1/connect-sessions', { creator: { id: 'ana' }, provider: 'instagram' });
  const expiringPortal = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'ana' } });
  const usedPortal = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'ana' } });
  await get(new URL(usedPortal.json().url).pathname);
  // Past every link's life but the review link's (30 days): the expired pages.
  t.clock.advance(8 * DAY);
  return {
    logoPath,
    ana,
    second,
    campaignId,
    reviewPath: `${review.pathname}${review.search}`,
    reconnectPath: `${reconnect.pathname}${reconnect.search}`,
    expiredConnectPath: new URL(connectSession.json().url).pathname,
    expiredPortalPath: new URL(expiringPortal.json().url).pathname,
    usedPortalPath: new URL(usedPortal.json().url).pathname,
  };
}

beforeAll(async () => {
  t = await createTestContext({ now: '2026-06-01T09:00:00Z', logLevel: 'warn' });
  scene = await setScene();
}, 60_000);
afterAll(() => t.close());

describe('a brand set through the API is on every page and email its people see', () => {
  for (const entry of surfaces) {
    if (entry.awaiting) {
      it(`${entry.name} (awaiting ${entry.awaiting})`, async () => {
        const surface = await entry.open();
        expect(surface.status, `${entry.name} did not open`).toBe(entry.status);
        expect(brandProblems(entry, surface), `${entry.name} now wears the brand: remove its "awaiting" mark`).not.toEqual([]);
      });
    } else {
      it(entry.name, async () => {
        const surface = await entry.open();
        expect(surface.status).toBe(entry.status);
        expect(brandProblems(entry, surface)).toEqual([]);
      });
    }
  }
});

describe('the check itself', () => {
  it('passes a page drawn by pageFor for the workspace, and fails one drawn with our name', async () => {
    const viewer = await viewerFor(t.system.deps.db, t.system.deps.settings, { workspaceId: scene.ana.workspaceId, creatorId: 'ana' });
    const branded = { status: 200, body: pageFor(viewer, 'Your channels', html`<h1>Your channels</h1>`) };
    const entry: Entry = { name: 'a converted page', kind: 'page', status: 200, open: async () => branded };
    expect(brandProblems(entry, branded)).toEqual([]);
    const ours = { status: 200, body: branded.body.replace('<h1>Your channels</h1>', '<p>Channelkeeper</p>') };
    expect(brandProblems(entry, ours)).toEqual(['"Channelkeeper" is shown']);
  });
});
