/**
 * Partnership Ads on the portal pages in a real Chromium (playwright-core), desktop and a 390-px phone:
 * the brand opens the request form next to a post and sends it; the creator sees the request on the
 * Channels page and its Review link opens the review page; an approval is revoked from the Channels
 * page through its confirmation. Neither page scrolls sideways on the phone, with the form open.
 * Screenshots go to test/browser/screenshots/ (not committed). Requests off this machine are refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { storeToken } from '../../src/partnership-ads/partnership-ads.repo.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const shots = path.join(import.meta.dirname, 'screenshots');
// The page and the table's scroll box: a post's form or caption must not push either sideways.
const overflow = `Math.max(0, ...[document.documentElement, ...document.querySelectorAll('.scroll')].map((e) => e.scrollWidth - e.clientWidth))`;

describe.skipIf(!hasChromium)(`Partnership Ads on the portal pages in Chromium${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;
  let campaignId: string;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ now: '2026-06-01T09:00:00Z', env: { PRODUCT_NAME: 'Acme Creators' } }));
    browser = await launchChromium();
    fs.mkdirSync(shots, { recursive: true });
    await t.connect({ creator: { id: 'ana', name: 'Ana Lima', email: 'ana@example.com' }, account: 'ana.business', returnUrl: `${base}/` });
    campaignId = (
      await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Summer 26', hashtag: '#AcmeSummer26', networks: ['instagram'], state: 'live' })
    ).json().id;
    await t.api('PUT', `/v1/campaigns/${campaignId}/participants/ana`, { stage: 'confirmed', joinedAt: '2026-06-01T08:00:00Z' });
    t.clock.advance(HOUR);
    const world = t.sandbox.world.instagram;
    world.publishMedia('ana.business', {
      mediaType: 'IMAGE',
      productType: 'FEED',
      caption: 'A caption with a long link https://example.com/an/exceedingly/long/path/that/never/breaks #AcmeSummer26 #ad',
    });
    world.publishMedia('ana.business', { mediaType: 'VIDEO', productType: 'REELS', caption: 'Sunset run #AcmeSummer26 #ad' });
    const connection = (await t.system.deps.db.selectFrom('connections').select('id').executeTakeFirstOrThrow()).id;
    await t.api('POST', `/v1/connections/${connection}/media-sync`);
    await runMediaSyncs(t.system.deps);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(body: object, viewport: { width: number; height: number }): Promise<Page> {
    const page = await localPage(browser, { viewport, timezoneId: 'UTC' });
    await page.goto((await t.api('POST', '/v1/portal-sessions', body)).json().url);
    return page;
  }

  const phone = { width: 390, height: 844 };
  const desktop = { width: 1280, height: 900 };
  const row = (page: Page, text: string) => page.locator('tbody tr', { hasText: text });

  it('the brand requests from the form next to a post, on a phone, and sees it waiting for the creator', async () => {
    const page = await open({ brand: { id: 'acme' }, campaignId }, phone);
    const post = row(page, 'Sunset run');
    await post.getByText('Request Partnership Ads').click();
    expect(await page.evaluate(overflow)).toBe(0);
    await page.screenshot({ path: path.join(shots, 'partnership-form-phone.png'), fullPage: true });
    await post.getByLabel('For how many days').fill('21');
    await post.getByLabel('Your brand’s Instagram account id').fill('17841400000000001');
    await post.getByLabel('A note to the creator').fill('For our summer push');
    await post.getByRole('button', { name: 'Send the request' }).click();
    await page.waitForURL(/partnership=requested/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Partnership Ads requested.');
    await expect(row(page, 'Sunset run').locator('.pstate').textContent()).resolves.toBe('Waiting for the creator');
    // The account is remembered: the next post's form has it already.
    await row(page, 'A caption with a long link').getByText('Request Partnership Ads').click();
    await expect(row(page, 'A caption with a long link').getByLabel('Your brand’s Instagram account id').inputValue()).resolves.toBe('17841400000000001');
    expect(await page.evaluate(overflow)).toBe(0);
    await page.context().close();
  });

  it('the creator sees the request on the Channels page and the Review link opens the review page', async () => {
    const page = await open({ creator: { id: 'ana' } }, phone);
    const item = page.locator('li.partnership');
    await expect(item.locator('.pstate').textContent()).resolves.toBe('Waiting for you');
    expect(await page.evaluate(overflow)).toBe(0);
    await page.screenshot({ path: path.join(shots, 'partnership-channels-phone.png'), fullPage: true });
    await item.getByRole('link', { name: /^Review/ }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Acme asks to run your post as a Partnership Ad');
    await page.context().close();
  });

  it('the creator revokes an approval through its confirmation, and the brand sees it revoked', async () => {
    const db = t.system.deps.db;
    const request = await db.selectFrom('partnership_ad_requests').selectAll().where('state', '=', 'requested').executeTakeFirstOrThrow();
    const now = t.clock.now();
    const until = new Date(now.getTime() + 21 * DAY);
    await db
      .updateTable('partnership_ad_requests')
      .set({
        state: 'approved',
        grant_level: 'full',
        granted_scopes: ['pages_show_list', 'instagram_basic', 'instagram_branded_content_creator'],
        promotion_enabled: false,
        decided_at: now,
        expires_at: until,
        version: request.version + 1,
        updated_at: now,
      })
      .where('id', '=', request.id)
      .execute();
    await storeToken(db, { requestId: request.id, sealed: t.system.deps.keyRing.seal('fb-user-token', `partnership:${request.id}`), expiresAt: until, now });

    const page = await open({ creator: { id: 'ana' } }, desktop);
    const item = page.locator('li.partnership');
    // In the creator's language and its format (English here); the page says once that times are in UTC.
    await expect(item.locator('.pstate').textContent()).resolves.toBe('Approved until Jun 22, 2026, 10:00 AM');
    await page.screenshot({ path: path.join(shots, 'partnership-channels-desktop.png'), fullPage: true });
    await item.getByRole('link', { name: /^Revoke/ }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Revoke Partnership Ads for Acme?');
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await page.waitForURL((url) => url.pathname === '/portal' && url.searchParams.get('status') === 'partnership_revoked');
    await expect(page.getByRole('status').textContent()).resolves.toBe('You revoked Partnership Ads for Acme. They have been told.');
    await expect(item.locator('.pstate').textContent()).resolves.toBe('Revoked');
    await page.context().close();

    const brand = await open({ brand: { id: 'acme' }, campaignId }, phone);
    await expect(row(brand, 'Sunset run').locator('.pstate').textContent()).resolves.toBe('Revoked');
    await expect(brand.locator('.notice strong').first().textContent()).resolves.toBe('New: @ana.business revoked Partnership Ads');
    expect(await brand.evaluate(overflow)).toBe(0);
    await brand.screenshot({ path: path.join(shots, 'partnership-campaign-phone.png'), fullPage: true });
    await brand.context().close();
  });
});
