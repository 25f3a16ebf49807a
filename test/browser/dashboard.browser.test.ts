/**
 * The dashboard in a real browser (Chromium through playwright-core), at desktop and phone widths:
 * nothing wider than the screen, the chart drawn, the table fallback reachable with the keyboard.
 * Full-page screenshots go to screenshots/ (git-ignored) for a person to look at.
 * Skipped where /usr/bin/chromium is missing: playwright-core brings no browser of its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/kernel/clock.ts';
import { hasChromium, launchChromium } from '../support/browser.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

const shots = path.resolve(import.meta.dirname, '../../screenshots');
const returnUrl = 'https://platform.example/back';

describe.skipIf(!hasChromium)('the dashboard in a browser (needs /usr/bin/chromium)', () => {
  let t: TestContext;
  let browser: Browser;
  let dashboardUrl: string;

  beforeAll(async () => {
    t = await createTestContext({ now: '2026-03-01T10:00:00Z' });
    await t.connect({ creator: { id: 'cr-dana', email: 'dana@example.com' }, provider: 'facebook', account: 'dana.fb', returnUrl });
    await t.connect({ creator: { id: 'cr-ana', email: 'ana@example.com' }, account: 'ana.business', returnUrl });
    await t.connect({ creator: { id: 'cr-ben', email: 'ben@example.com' }, account: 'ben.creator', returnUrl });
    await t.connect({ creator: { id: 'cr-tess', email: 'tess@example.com' }, provider: 'tiktok', account: 'tess.tiktok', returnUrl });
    t.clock.advance(3 * DAY);
    await t.sandbox.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ben.creator/password-change' });
    const [ben] = (await t.api('GET', '/v1/connections?creatorId=cr-ben')).json().data;
    await t.api('POST', `/v1/connections/${ben.id}/verify`);
    t.clock.advance(2 * DAY);
    const address = await t.system.app.listen({ host: '127.0.0.1', port: 0 });
    const link = new URL((await t.api('POST', '/v1/dashboard-sessions')).json().url);
    dashboardUrl = `${address}${link.pathname}${link.search}`;
    browser = await launchChromium();
    fs.mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const view of [
    { name: 'desktop', width: 1280, height: 900 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    it(`fits a ${view.width}-pixel ${view.name} screen, with the chart drawn`, async () => {
      const page = await browser.newPage({ viewport: { width: view.width, height: view.height }, deviceScaleFactor: view.name === 'phone' ? 2 : 1 });
      const answer = await page.goto(dashboardUrl);
      expect(answer?.status()).toBe(200);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(view.width);
      const chart = await page.locator('svg.chart').boundingBox();
      expect(chart!.width).toBeGreaterThan(Math.min(view.width, 880) - 48);
      expect(await page.locator('svg.chart rect.exp').count()).toBe(1);
      expect(await page.locator('svg.chart rect.rem').count()).toBe(3);
      await page.screenshot({ path: path.join(shots, `dashboard-${view.name}.png`), fullPage: true });
      await page.close();
    });
  }

  it('opens the table of the next 60 days from the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await page.goto(dashboardUrl);
    for (let i = 0; i < 5 && (await page.evaluate<string>('document.activeElement?.tagName')) !== 'SUMMARY'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.tagName')).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    expect(await page.locator('details').getAttribute('open')).not.toBeNull();
    expect(await page.locator('details tbody tr').count()).toBe(60);
    await page.evaluate('document.querySelector("details").scrollIntoView()');
    await page.screenshot({ path: path.join(shots, 'dashboard-phone-table.png') });
    await page.close();
  });
});
