/**
 * Partnership Ads in a real Chromium: the creator opens the request email's link, reads what the brand
 * asks, clicks Approve with Facebook, logs in on the sandbox's Facebook dialog as the person who manages
 * the Instagram account and lands back on the page approved; another request they deny; a third they
 * try with the wrong Facebook account and are told so. The Instagram Login connection's token is the
 * same before and after. Screenshots go to test/browser/screenshots/ (not committed).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import { HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';
import { type Channel, connectInstagram, createCampaign, join, mediaIdOf, publish, syncNow } from '../support/insights-fixtures.ts';

const shots = path.join(import.meta.dirname, 'screenshots');
const BRAND_IG = '17841400000000777';

describe.skipIf(!hasChromium)(`Partnership Ads consent in Chromium${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;
  let ana: Channel;
  let campaignId: string;
  let fb: FacebookWorld;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ now: '2026-03-01T00:00:00Z', env: { PRODUCT_NAME: 'Acme Creators' }, logLevel: 'warn' }));
    fb = t.sandbox.world.network<FacebookWorld>('facebook');
    ana = await connectInstagram(t, 'ana');
    fb.createUser({ username: 'anabiz.facebook', name: 'Ana Biz (Facebook)', pages: [{ name: 'Ana Page', instagram: { link: ana.username } }] });
    campaignId = await createCampaign(t, { hashtag: '#AcmeAds', state: 'live' });
    await join(t, campaignId, 'ana');
    t.clock.advance(MINUTE);
    browser = await launchChromium();
    fs.mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    return localPage(browser, { viewport });
  }

  /** A bound post, a brand's request for it through the API, and the link from the creator's email. */
  async function requestFor(caption: string): Promise<{ id: string; link: string; providerId: string }> {
    const providerId = publish(t, ana, caption);
    t.clock.advance(2 * HOUR);
    await syncNow(t, ana);
    const mediaId = await mediaIdOf(t.system.deps.db, providerId);
    const post = await t.system.deps.db.selectFrom('campaign_posts').select('id').where('media_id', '=', mediaId).executeTakeFirstOrThrow();
    const asked = await t.api('POST', `/v1/campaigns/${campaignId}/posts/${post.id}/partnership-ads`, { brandInstagramAccountId: BRAND_IG, durationDays: 30 });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id as string;
    const email = await t.system.deps.db.selectFrom('emails').select('text_body').where('dedupe_key', '=', `partnership:${id}:request`).executeTakeFirstOrThrow();
    return { id, providerId, link: email.text_body.match(/Approve or deny: (\S+)/)![1]! };
  }

  const igToken = () => t.system.deps.db.selectFrom('connection_tokens').selectAll().where('connection_id', '=', ana.connectionId).execute();
  const stateOf = async (id: string) => (await t.api('GET', `/v1/partnership-ads/${id}`)).json();

  it('request → email → Approve with Facebook → approved; the Instagram connection is untouched', async () => {
    const before = await igToken();
    const { id, link, providerId } = await requestFor('Summer launch with Acme #AcmeAds #ad');
    const page = await newPage();
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Acme asks to run your post as a Partnership Ad');
    expect(await page.locator('blockquote').first().innerText()).toBe('Summer launch with Acme #AcmeAds #ad');
    expect(await page.getByText('for 30 days').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(shots, 'partnership-1-request-desktop.png'), fullPage: true });

    await page.getByRole('button', { name: 'Approve with Facebook' }).click();
    // The sandbox's Facebook dialog, on its own origin: one form per person.
    const person = page.getByRole('form', { name: 'Ana Biz (Facebook)' });
    await person.waitFor();
    expect(new URL(page.url()).pathname).toMatch(/dialog\/oauth$/);
    await person.getByRole('button', { name: /^Continue as Ana Biz/ }).click();
    await page.waitForURL((url) => url.origin === base && url.searchParams.get('outcome') === 'approved');
    expect(await page.getByRole('status').innerText()).toBe('Approved. Acme may run this post as a Partnership Ad.');
    expect(await page.getByRole('heading', { name: 'You approved this request' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Deny' }).count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'partnership-2-approved-desktop.png'), fullPage: true });

    expect(await stateOf(id)).toMatchObject({ state: 'approved', grant: 'full', promotionEnabled: true });
    expect(fb.partnerApprovals(providerId)).toEqual([BRAND_IG]);
    expect(await igToken()).toEqual(before);
  });

  it('request → email → Deny → declined, and the brand is told', async () => {
    const { id, link } = await requestFor('Not this one #AcmeAds #ad');
    const page = await newPage({ width: 390, height: 844 });
    await page.goto(link);
    // A phone: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await page.screenshot({ path: path.join(shots, 'partnership-3-request-phone.png'), fullPage: true });
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL((url) => url.searchParams.get('outcome') === 'denied');
    expect(await page.getByRole('status').innerText()).toBe('You declined. Acme has been told.');
    expect(await page.getByRole('button', { name: 'Approve with Facebook' }).count()).toBe(0);
    expect(await stateOf(id)).toMatchObject({ state: 'denied' });
    expect((await t.api('GET', '/v1/brands/acme/notifications')).json().data[0]).toMatchObject({ kind: 'partnership_ads_denied' });
  });

  it('logging in with a Facebook account that does not manage the Instagram account is explained, and nothing is approved', async () => {
    const { id, link } = await requestFor('Wrong account #AcmeAds #ad');
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Approve with Facebook' }).click();
    const dana = page.getByRole('form', { name: /^Dana/ });
    await dana.getByRole('button', { name: /^Continue as/ }).click();
    await page.waitForURL((url) => url.searchParams.get('outcome') === 'wrong_owner');
    expect(await page.getByRole('alert').innerText()).toContain(`does not manage @${ana.username}`);
    expect(await page.getByRole('button', { name: 'Approve with Facebook' }).isVisible()).toBe(true);
    expect(await stateOf(id)).toMatchObject({ state: 'requested', lastAttemptError: 'wrong_owner' });
  });
});
