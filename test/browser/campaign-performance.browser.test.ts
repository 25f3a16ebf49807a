/**
 * The Campaign Performance page in a real Chromium (playwright-core): a brand opens its campaign,
 * sees the post a creator published with the campaign's hashtag and its figures, clicks Refresh
 * Insights, sees the button disabled with the date it was last used and when it comes back, and the
 * progress of the queued refresh until it is done. Screenshots (desktop and a 390-px phone) go to
 * test/browser/screenshots/ (not committed). Requests to anything but this machine are refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAudiences } from '../../src/insights/audience.ts';
import { planInsights } from '../../src/insights/insights-plan.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const shots = path.join(import.meta.dirname, 'screenshots');

describe.skipIf(!hasChromium)(`the Campaign Performance page in Chromium${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;
  let campaignId: string;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ now: '2026-06-01T09:00:00Z', env: { PRODUCT_NAME: 'Acme Creators' } }));
    browser = await launchChromium();
    fs.mkdirSync(shots, { recursive: true });
    // A creator in a live campaign publishes two posts with its hashtag; two days of readings follow.
    await t.connect({ creator: { id: 'ana', name: 'Ana Lima' }, account: 'ana.business', returnUrl: `${base}/` });
    campaignId = (
      await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Summer 26', hashtag: '#AcmeSummer26', networks: ['instagram'], state: 'live' })
    ).json().id;
    await t.api('PUT', `/v1/campaigns/${campaignId}/participants/ana`, { stage: 'content_creation', joinedAt: '2026-06-01T08:00:00Z' });
    t.clock.advance(HOUR);
    const world = t.sandbox.world.instagram;
    const reel = world.publishMedia('ana.business', { mediaType: 'VIDEO', productType: 'REELS', caption: 'Sunset run #AcmeSummer26 #ad' });
    const photo = world.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'FEED', caption: 'Packing list #acmesummer26' });
    world.metrics.set(reel.id, { views: 5400, reach: 4100, likes: 380, comments: 41, saved: 22, shares: 17, total_interactions: 460 });
    world.metrics.set(photo.id, { views: 2100, reach: 1800, likes: 150, comments: 12, saved: 30, shares: 4, total_interactions: 196 });
    const connection = (await t.system.deps.db.selectFrom('connections').select('id').executeTakeFirstOrThrow()).id;
    await t.api('POST', `/v1/connections/${connection}/media-sync`);
    await runMediaSyncs(t.system.deps);
    await planInsights(t.system.deps);
    await runInsightTasks(t.system.deps);
    t.clock.advance(DAY);
    world.metrics.set(reel.id, { views: 9100, total_interactions: 720 });
    await planInsights(t.system.deps);
    await runInsightTasks(t.system.deps);
    await refreshAudiences(t.system.deps);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openCampaign(viewport: { width: number; height: number }): Promise<Page> {
    const page = await localPage(browser, { viewport, timezoneId: 'UTC' });
    const created = await t.api('POST', '/v1/portal-sessions', { brand: { id: 'acme' }, campaignId });
    await page.goto(created.json().url);
    expect(new URL(page.url()).pathname).toBe(`/portal/campaigns/${campaignId}`);
    return page;
  }

  it('shows totals, the chart and each post with its figures and flags', async () => {
    const page = await openCampaign({ width: 1280, height: 900 });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Summer 26');
    const rows = page.locator('section[aria-labelledby="posts-h"] tbody tr');
    expect(await rows.count()).toBe(2);
    await expect(page.locator('tr', { hasText: 'Sunset run' }).locator('td[data-label="Views"]').textContent()).resolves.toBe('9,100');
    await expect(page.locator('tr', { hasText: 'Packing list' }).getByText('No #ad disclosure').count()).resolves.toBe(1);
    // A big total reads short at a glance, with the exact figure on hover.
    await expect(page.locator('.totals li', { hasText: 'Views' }).locator('.n').textContent()).resolves.toBe('11.2K');
    await expect(page.locator('.totals li', { hasText: 'Views' }).locator('.n span').getAttribute('title')).resolves.toBe('11,200');
    await expect(page.locator('svg.chart polyline.v').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'Audience' }).count()).resolves.toBe(1);
    await expect(page.locator('.audience h3').allTextContents()).resolves.toEqual(['Age', 'Gender', 'Country', 'City']);
    await page.screenshot({ path: path.join(shots, 'campaign-desktop.png'), fullPage: true });
    await page.context().close();
  });

  it('Refresh Insights: click, see it disabled with the date it was last used, see progress until done', async () => {
    const page = await openCampaign({ width: 1280, height: 900 });
    const button = page.getByRole('button', { name: 'Refresh Insights' });
    expect(await button.isEnabled()).toBe(true);
    await button.click();
    await page.waitForURL(/refresh=queued/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Insights refresh queued');
    expect(await page.getByRole('button', { name: 'Refresh Insights' }).isDisabled()).toBe(true);
    const state = await page.locator('#refresh-state').textContent();
    // In the reader's format (English here); the footer says once that times are in UTC.
    expect(state).toBe('Last used Jun 2, 2026, 10:00 AM, available again at Jun 2, 2026, 10:00 PM.');
    await expect(page.locator('[data-refresh="queued"]').textContent()).resolves.toContain('Queued: 0 of 2 posts done.');
    await expect(page.locator('progress#refresh-progress').getAttribute('max')).resolves.toBe('2');

    t.clock.advance(10 * 60_000);
    await runInsightTasks(t.system.deps);
    await page.goto(`${base}/portal/campaigns/${campaignId}?live=0`);
    await expect(page.locator('[data-refresh="done"]').textContent()).resolves.toContain('The last refresh is done: 2 of 2 posts updated.');
    expect(await page.getByRole('button', { name: 'Refresh Insights' }).isDisabled()).toBe(true);
    await page.context().close();
  });

  it('reads on a phone without sideways scrolling', async () => {
    const page = await openCampaign({ width: 390, height: 844 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(Number(overflow)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(shots, 'campaign-phone.png'), fullPage: true });
    await page.context().close();
  });
});
