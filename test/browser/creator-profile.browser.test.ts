/**
 * Verified figures in a real Chromium (playwright-core): a creator's Instagram and YouTube channels
 * read daily for ten days by the account insights schedule, then the creator's Channels page shows each
 * channel's figures, a followers trend (an SVG whose accessible name says the trend in words) and "Verified
 * from Instagram on <date>"; the brand-facing profile page opened from a signed link shows the same, with
 * the audience, on a desktop and on a 390-px phone without sideways scrolling. Screenshots go to
 * test/browser/screenshots/ (not committed) for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccountInsights } from '../../src/insights/account-insights-run.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const shots = path.join(import.meta.dirname, 'screenshots');
const CREATOR = { id: 'mia', email: 'mia@example.com', name: 'Mia Moss' };

describe.skipIf(!hasChromium)(`the verified figures in Chromium${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;
  let lastDay: string;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ now: '2026-05-01T01:00:00Z', env: { PRODUCT_NAME: 'Acme Creators' } }));
    browser = await launchChromium();
    fs.mkdirSync(shots, { recursive: true });
    for (const [provider, account] of [
      ['instagram', 'ben.creator'],
      ['youtube', 'maya.makes'],
    ]) {
      const done = await t.connect({ creator: CREATOR, provider, account });
      expect([200, 302]).toContain(done.statusCode);
    }
    // Ten days of the schedule: a reading a day per channel, so the trend has ten points.
    for (let day = 0; day < 10; day++) {
      for (let at = 0; at < DAY; at += 4 * HOUR) {
        await readAccountInsights(t.system.deps);
        t.clock.advance(4 * HOUR);
      }
    }
    lastDay = (
      await t.system.deps.db
        .selectFrom('account_readings')
        .select((eb) => eb.fn.max('captured_at').as('last'))
        .executeTakeFirstOrThrow()
    )
      .last!.toISOString()
      .slice(0, 10);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const card = (page: Page, name: string) => page.locator('li.channel', { has: page.getByRole('heading', { name }) });

  async function expectVerifiedFigures(page: Page, name: string, network: string): Promise<void> {
    const channel = card(page, name);
    expect(Number((await channel.locator('dt:text-is("Followers") + dd').innerText()).replace(/,/g, ''))).toBeGreaterThan(0);
    const verified = channel.locator('.verified');
    // The date in the reader's formats: "May 10, 2026" in English.
    expect(await verified.innerText()).toMatch(new RegExp(`Verified from ${network} on [A-Z][a-z]{2} \\d{1,2}, 2026`));
    expect((await verified.locator('time').getAttribute('datetime'))!.slice(0, 10)).toBe(lastDay);
    const trend = channel.getByRole('img', { name: /^Followers went from [\d,]+ on .+ to [\d,]+ on .+\(/ });
    expect(await trend.isVisible()).toBe(true);
    expect(await trend.locator('polyline').getAttribute('points')).toMatch(/^([\d.]+,[\d.]+ ){9}[\d.]+,[\d.]+$/);
  }

  it('the Channels page shows each channel’s figures, its trend and when they were verified', async () => {
    const page = await localPage(browser, { viewport: { width: 1280, height: 900 } });
    const created = await t.api('POST', '/v1/portal-sessions', { creator: CREATOR, returnUrl: `${base}/` });
    await page.goto(created.json().url);
    await expectVerifiedFigures(page, '@ben.creator', 'Instagram');
    await expectVerifiedFigures(page, '@mayamakes', 'YouTube');
    // A figure the network does not report is left out, not shown as 0: YouTube counts no reach.
    expect(await card(page, '@mayamakes').locator('dt', { hasText: 'Reach' }).count()).toBe(0);
    await page.screenshot({ path: path.join(shots, 'figures-channels-desktop.png'), fullPage: true });
  });

  it('the brand-facing profile page opens from its signed link, on a desktop and on a phone', async () => {
    const link = await t.api('POST', `/v1/creators/${CREATOR.id}/profile-links`, {});
    expect(link.statusCode).toBe(201);
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const page = await localPage(browser, { viewport });
      await page.goto(link.json().url);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Mia Moss');
      expect(await page.getByText(/followers across 2 channels/).isVisible()).toBe(true);
      await expectVerifiedFigures(page, '@ben.creator', 'Instagram');
      await expectVerifiedFigures(page, '@mayamakes', 'YouTube');
      expect(await card(page, '@ben.creator').getByRole('heading', { name: 'Top countries' }).isVisible()).toBe(true);
      // Nothing wider than the screen: no sideways scrolling on a phone.
      expect(Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'))).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(shots, `figures-profile-${viewport.width}.png`), fullPage: true });
    }
  });
});
