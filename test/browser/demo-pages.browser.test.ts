/**
 * The demo pages and the dashboard in Chromium: the demo shows the accounts' pictures (loaded from the
 * sandbox's CDN through the origin map), the mailbox reads on a phone with no sideways scroll inside its
 * card, every page has a way back, what a button did shows in a banner in view with the focus on it, and
 * axe finds nothing serious at either width in either colour scheme. SCREENSHOTS=1 saves them in docs/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { checkEveryWay, PHONE } from '../support/accessibility.ts';
import { hasChromium, launchChromium, listeningTestContext, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const shots = process.env.SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/screenshots') : null;

async function screenshot(page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

describe.skipIf(!hasChromium)(`the demo pages in a browser ${hasChromium ? '' : noChromium}`, () => {
  let t: TestContext;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ now: '2026-03-01T10:00:00Z', env: { PSEUDO_LOCALE: 'on' } }));
    const creator = { id: 'c1', email: 'ana@example.com', name: 'Ana' };
    await t.connect({ creator, account: 'ana.business' });
    await t.connect({ creator, provider: 'tiktok', account: 'tess.tiktok' });
    await t.connect({ creator, provider: 'youtube', account: 'maya.makes' });
    await t.connect({ creator, provider: 'facebook', account: 'dana.fb' });
    // A lost channel, so the mailbox has an email and the dashboard a failure.
    await t.connect({ creator: { id: 'c2', email: 'ben@example.com' }, account: 'ben.creator' });
    t.clock.advance(DAY);
    await t.sandbox.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ben.creator/password-change' });
    const [ben] = (await t.api('GET', '/v1/connections?creatorId=c2')).json().data;
    await t.api('POST', `/v1/connections/${ben.id}/verify`);
    browser = await launchChromium();
    if (shots) fs.mkdirSync(shots, { recursive: true });
  }, 180_000); // five connections through the sandbox's consent pages, on two busy cores
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows each account’s picture, loaded from the network’s CDN as the sandbox serves it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/demo?creator=c1`);
    const pictures = page.locator('tr[data-connection] img.avatar');
    expect(await pictures.count()).toBeGreaterThanOrEqual(4);
    await page.waitForFunction("[...document.querySelectorAll('img.avatar')].every((img) => img.complete)");
    const sizes = await page.evaluate<{ src: string; width: number }[]>(
      "[...document.querySelectorAll('tr[data-connection] img.avatar')].map((img) => ({ src: img.src, width: img.naturalWidth }))",
    );
    for (const { src, width } of sizes) expect(width, src).toBeGreaterThan(0);
    // Not the CDNs' own hosts, which do not exist here: the sandbox the origin map points at.
    expect(sizes.every(({ src }) => src.startsWith(t.sandbox.url))).toBe(true);
    await screenshot(page, 'demo-desktop');
    await page.close();
  });

  it('lists the mailbox on a phone with no sideways scroll inside its card, and leads back to the demo', async () => {
    const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2 });
    await page.goto(`${base}/demo/mailbox`);
    expect(await page.locator('tr[data-email]').count()).toBeGreaterThan(0);
    const cards = await page.evaluate<{ scroll: number; client: number }[]>(
      "[...document.querySelectorAll('.card')].map((card) => ({ scroll: card.scrollWidth, client: card.clientWidth }))",
    );
    for (const card of cards) expect(card.scroll).toBeLessThanOrEqual(card.client);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    const subject = await page.locator('tr[data-email] a').first().boundingBox();
    expect(subject!.x + subject!.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'mailbox-phone');
    await page.getByRole('link', { name: 'Demo platform' }).click();
    expect(new URL(page.url()).pathname).toBe('/demo');
    await page.close();
  });

  it('“Check every channel now” on the dashboard ends on a banner in view, with the focus on it, and the way back leads to the demo', async () => {
    const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2 });
    await page.goto(`${base}/demo/dashboard`);
    await page.getByRole('button', { name: 'Check every channel now' }).click();
    await page.waitForURL((url) => url.searchParams.has('checked'));
    const banner = page.locator('#banner');
    expect(await banner.textContent()).toMatch(/^Checked \d+ channels with their networks\./);
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('banner');
    const box = await banner.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(PHONE.height);
    await screenshot(page, 'dashboard-phone-checked');
    await page.getByRole('link', { name: '← Back to the demo platform' }).click();
    expect(new URL(page.url()).pathname).toBe('/demo');
    await page.close();
  });

  it('a campaign button’s banner shows where its buttons are, in view, with the focus on it', async () => {
    const page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2 });
    await page.goto(`${base}/demo?creator=c1`);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'campaign_created');
    const banner = page.locator('#banner');
    expect(await banner.textContent()).toContain('Created the live campaign');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('banner');
    const box = await banner.boundingBox();
    const scrolled = await page.evaluate<number>('window.scrollY');
    expect(scrolled).toBeGreaterThan(0);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    await screenshot(page, 'demo-phone-campaign-banner');
    await page.close();
  });

  it('the demo story can be walked: the brand asks for Partnership Ads, the creator approves from the email, the brand sees it approved', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/demo?creator=c1`);
    // The campaign the previous case created: the creator publishes a post with its hashtag, and it binds.
    await page.getByRole('button', { name: 'Publish a post with the hashtag' }).first().click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'published');
    t.clock.advance(MINUTE);
    await runMediaSyncs(t.system.deps);
    // As the brand: its Campaign Performance page, and a request next to the post.
    await page.goto(`${base}/demo?creator=c1`);
    await page.getByRole('button', { name: 'Open Campaign Performance page' }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/portal/campaigns/'));
    const campaignUrl = page.url();
    await page.getByText('Request Partnership Ads').first().click();
    await page.getByLabel('Your brand’s Instagram account id').first().fill('17841400000000777');
    await page.getByRole('button', { name: 'Send the request' }).first().click();
    await page.waitForURL((url) => url.searchParams.get('partnership') === 'requested');
    // As the creator: the email in the mailbox, its link, Approve with Facebook on the sandbox's dialog.
    await page.goto(`${base}/demo/mailbox`);
    await page.locator('tr[data-email] a').first().click();
    await page.locator('pre a[href*="/partnership-ads?token="]').first().click();
    // The post's picture on the review page loads (from the sandbox's CDN, through the origin map).
    await page.waitForFunction('[...document.images].every((img) => img.complete)');
    expect(await page.evaluate<number[]>('[...document.images].map((img) => img.naturalWidth)')).not.toContain(0);
    await page.getByRole('button', { name: 'Approve with Facebook' }).click();
    await page
      .getByRole('form', { name: 'Ana (Facebook)' })
      .getByRole('button', { name: /^Continue as/ })
      .click();
    await page.waitForURL((url) => url.origin === base && url.searchParams.get('outcome') === 'approved');
    await screenshot(page, 'demo-story-approved');
    // As the brand again, in the same browser: the request stands approved.
    await page.goto(campaignUrl);
    expect(await page.locator('[data-partnership]').first().getAttribute('data-partnership')).toBe('approved');
    await page.close();
  });

  it('the dashboard fits a phone in Japanese and with the pseudo-locale’s 40 % longer words', async () => {
    for (const locale of ['ja', 'en-XA']) {
      const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, locale, extraHTTPHeaders: { 'accept-language': locale } });
      const page = await context.newPage();
      await page.goto(`${base}/demo/dashboard?checked=3&disconnected=1#banner`);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth'), locale).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, `dashboard-phone-${locale}`);
      await context.close();
    }
  });

  it('the demo page, the dashboard, the mailbox and an email have no serious accessibility violation, at both widths, light and dark', async () => {
    await checkEveryWay(browser, `${base}/demo?creator=c1&status=connected`);
    await checkEveryWay(browser, `${base}/demo/dashboard`);
    await checkEveryWay(browser, `${base}/demo/mailbox`);
    const [email] = await t.system.deps.db.selectFrom('emails').select('id').execute();
    await checkEveryWay(browser, `${base}/demo/mailbox/${email!.id}`);
  });
});
