/**
 * The Channels page as creators anywhere meet it, in a real Chromium: in English, Japanese and
 * Brazilian Portuguese, at desktop and phone widths, in light and dark mode, with no serious axe
 * violation; walked with the keyboard alone (Disconnect, confirm, the banner; Reconnect through the
 * network's consent page); on a 390-px phone without sideways scrolling and with buttons a thumb can
 * hit; and beside a brand's Campaign Performance visit in the same browser. With SCREENSHOTS=1 it
 * saves docs/screenshots/channels-<locale>-<desktop|phone>.png for the README's tour.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadsWorld } from '../../sandbox/threads/world.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { checkEveryWay, DESKTOP, expectAccessible, PHONE } from '../support/accessibility.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const screenshots = process.env.SCREENSHOTS === '1' ? path.join(import.meta.dirname, '../../docs/screenshots') : null;

describe.skipIf(!hasChromium)(`the Channels page in six languages, by keyboard and on a phone${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ now: '2026-06-01T09:00:00Z', env: { PRODUCT_NAME: 'Acme Creators', PSEUDO_LOCALE: 'on' } }));
    browser = await launchChromium();
    if (screenshots) fs.mkdirSync(screenshots, { recursive: true });
    // Three channels: Instagram (renewed automatically), TikTok (connected until its refresh token ends), Threads disconnected.
    const creator = { id: 'ana', email: 'ana@example.com', name: 'Ana' };
    await t.connect({ creator, account: 'ana.business', returnUrl: `${base}/` });
    await t.connect({ creator, provider: 'tiktok', account: 'tess.tiktok', returnUrl: `${base}/` });
    await t.connect({ creator, provider: 'threads', account: 'tara.threads', returnUrl: `${base}/` });
    t.sandbox.world.network<ThreadsWorld>('threads').applyEvent('tara.threads', 'revoke');
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh visit for the creator, in `locale` when given (stored on the creator, as the API does). */
  async function visitCookie(body: Record<string, unknown> = {}): Promise<{ name: string; value: string }> {
    const created = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'ana' }, returnUrl: `${base}/`, locale: 'en', ...body });
    expect(created.statusCode, created.body).toBe(201);
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
    const [name = '', value = ''] = String(opened.headers['set-cookie']).split(';')[0]!.split('=');
    return { name, value };
  }

  const withVisit = (cookie: { name: string; value: string }) => async (page: Page) => {
    await page.context().addCookies([{ ...cookie, url: `${base}/portal` }]);
  };

  it('in English, Japanese and Brazilian Portuguese: no serious axe violation at either width, light or dark', async () => {
    // Once while posts sync (the page offers to update itself, and does not on its own), then at rest.
    expect(await t.system.deps.db.selectFrom('media_syncs').select('status').where('status', '=', 'queued').execute()).not.toEqual([]);
    await checkEveryWay(browser, `${base}/portal`, withVisit(await visitCookie()));
    await runMediaSyncs(t.system.deps);
    for (const locale of ['en', 'ja', 'pt-BR']) {
      const cookie = await visitCookie({ locale });
      await checkEveryWay(browser, `${base}/portal`, withVisit(cookie));
      for (const [name, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const page = await localPage(browser, { viewport });
        await withVisit(cookie)(page);
        await page.goto(`${base}/portal`);
        expect(await page.getAttribute('html', 'lang')).toBe(locale);
        if (screenshots) await page.screenshot({ path: path.join(screenshots, `channels-${locale}-${name}.png`), fullPage: true });
        await page.context().close();
      }
    }
    // Twelve axe runs and six screenshots: longer than one page's test.
  }, 300_000);

  it('on a 390-px phone: no sideways scroll, every button at least 44 px high, marks and handles shown', async () => {
    const page = await localPage(browser, { viewport: PHONE });
    await withVisit(await visitCookie())(page);
    await page.goto(`${base}/portal`);
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    const heights = await page.locator('main button, main a.button').evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().height));
    expect(heights.length).toBeGreaterThan(5);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    const tiktok = page.locator('li.channel', { has: page.getByRole('heading', { name: '@tess.tiktok' }) });
    expect(await tiktok.locator('.net svg.mark').count()).toBe(1);
    expect(await tiktok.locator('.life').innerText()).toMatch(/^Connected until [A-Z][a-z]{2} \d+, 2026$/);
    expect(
      await page
        .locator('li.channel', { has: page.getByRole('heading', { name: '@ana.business' }) })
        .locator('.life')
        .innerText(),
    ).toBe('Stays connected: renewed automatically');
    expect(await page.locator('.networks button svg.mark').count()).toBe(await page.locator('.networks button').count());
    await page.context().close();
  });

  it('in the pseudo-locale (every message 40 % longer): nothing breaks on a phone or a desktop', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'pseudo.long', accountType: 'BUSINESS' });
    await t.connect({ creator: { id: 'pseudo' }, account: 'pseudo.long', returnUrl: `${base}/` });
    const created = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'pseudo' }, returnUrl: `${base}/` });
    const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
    const [name = '', value = ''] = String(opened.headers['set-cookie']).split(';')[0]!.split('=');
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await localPage(browser, { viewport, extraHTTPHeaders: { 'accept-language': 'en-XA' } });
      await page.context().addCookies([{ name, value, url: `${base}/portal` }]);
      // The new channel's posts are syncing: the page says so, and reloads itself only when asked.
      await page.goto(`${base}/portal`);
      expect(await page.getAttribute('html', 'lang')).toBe('en-XA');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('⟦');
      expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
      const heights = await page.locator('main button, main a.button').evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().height));
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
      await expectAccessible(page);
      await page.context().close();
    }
  });

  /** Presses Tab until `target` has the focus: the keyboard alone reaches it. */
  async function tabTo(page: Page, target: string, limit = 80): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      // A string: the page runs it, not Node (no DOM types here).
      if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(target)}) ?? false`)) return;
    }
    throw new Error(`Tab never reached ${target}`);
  }

  it('keyboard only: Tab to Disconnect, Enter, confirm, hear the banner; then Reconnect through the consent page', async () => {
    const page = await localPage(browser, { viewport: DESKTOP });
    await withVisit(await visitCookie())(page);
    await page.goto(`${base}/portal`);
    const [instagram] = (await t.api('GET', '/v1/connections?creatorId=ana')).json().data.filter((c: { provider: string }) => c.provider === 'instagram');
    await tabTo(page, `a[href="/portal/channels/${instagram.id}/disconnect"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.endsWith('/disconnect'));
    await expectAccessible(page);
    await tabTo(page, 'form button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('status') === 'disconnected');
    // The banner says what happened and has the focus: a screen reader starts there.
    const banner = page.getByRole('status');
    expect(await banner.innerText()).toBe('@ana.business on Instagram is disconnected. Acme Creators no longer reads it.');
    expect(await page.evaluate(`document.activeElement?.classList.contains('banner')`)).toBe(true);
    await expectAccessible(page);

    await tabTo(page, `form:has(input[name=connection][value="${instagram.id}"]) button[type=submit]`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.includes('authorize') || url.pathname.includes('oauth'));
    await tabTo(page, 'button');
    expect(await page.evaluate(`document.activeElement?.textContent ?? ''`)).toContain('ana.business');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/portal');
    expect(await page.getByRole('status').innerText()).toMatch(/^@ana\.business on Instagram is connected again\./);
    expect(await page.evaluate(`document.activeElement?.getAttribute('role')`)).toBe('status');
    await page.context().close();
  });

  it('a brand’s visit and the creator’s in one browser: both pages keep working', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await context.newPage();
    const brandLink = (await t.api('POST', '/v1/portal-sessions', { brand: { id: 'acme', name: 'Acme' } })).json().url;
    await page.goto(brandLink);
    expect(new URL(page.url()).pathname).toBe('/portal/campaigns');
    const creatorLink = (await t.api('POST', '/v1/portal-sessions', { creator: { id: 'ana' } })).json().url;
    await page.goto(creatorLink);
    expect(new URL(page.url()).pathname).toBe('/portal');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Your channels');
    await page.goBack();
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/portal/campaigns');
    expect(await page.content()).not.toContain('has ended');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.goto(`${base}/portal`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Your channels');
    await context.close();
  });
});
