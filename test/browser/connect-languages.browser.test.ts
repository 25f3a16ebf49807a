/**
 * A Japanese-speaking creator, in Chromium, walks connect → disconnect → email → reconnect: the
 * connect link (language and zone set on the session) → Cancel on the network's consent → "Nothing
 * was connected" with Try again → consent → connected; the network revokes access (sandbox), the
 * reconnect email (its HTML part, as a mail client shows it), its link → consent → connected again;
 * the same link once more → "already connected again". Every page is checked with axe (desktop and
 * phone, light and dark). With SCREENSHOTS=1 the pages are saved to docs/screenshots/ for the docs.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { checkEveryWay, DESKTOP, expectAccessible, PHONE } from '../support/accessibility.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const SHOTS = process.env.SCREENSHOTS === '1' ? path.resolve('docs/screenshots') : null;

describe.skipIf(!hasChromium)(`connect, disconnect, email and reconnect in Japanese${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ env: { PRODUCT_NAME: 'Acme Creators' } }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Saves the page at desktop and phone width (SCREENSHOTS=1 only). */
  async function shoot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize(DESKTOP);
  }

  /**
   * The page as it is now, at desktop and phone width in light and dark mode, without loading it again
   * (a callback's page cannot be: its state is used once), then saved.
   */
  async function check(page: Page, name: string): Promise<void> {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        await expectAccessible(page, `${name} at ${viewport.width}px, ${colorScheme}`);
      }
    }
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'light' });
    await shoot(page, name);
  }

  it('walks the whole way in Japanese, with Tokyo times in the email', async () => {
    const created = await t.api('POST', '/v1/connect-sessions', {
      creator: { id: 'yui', email: 'yui@example.com', name: 'ゆい' },
      provider: 'instagram',
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = await localPage(browser, { viewport: DESKTOP, locale: 'en-US' });
    page.setDefaultTimeout(15_000);

    // Cancel on the consent page: nothing connected, in Japanese (the session's language beats the browser's English).
    await page.goto(created.json().url);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/oauth/callback/'));
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('連携されませんでした');
    await check(page, 'connect-denied-ja');

    // Try again → consent → connected.
    await page.getByRole('link', { name: 'もう一度試す' }).click();
    await page.getByRole('button', { name: /Continue as @ana\.business/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/oauth/callback/'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Instagramと連携しました');
    expect(await page.locator('h1 svg.mark').count()).toBe(1);
    await check(page, 'connect-ja');

    // The network ends the access: the reconnect email, in Japanese, with the link's end in Tokyo time.
    t.sandbox.world.instagram.applyEvent('ana.business', 'password-change');
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    const email = await t.system.deps.db.selectFrom('emails').selectAll().where('to_address', '=', 'yui@example.com').executeTakeFirstOrThrow();
    expect(email.subject).toBe('【要対応】Instagram @ana.businessをAcme Creatorsに再連携してください');
    expect(email.text_body).toContain('ゆい様');
    expect(email.text_body).not.toContain('UTC');
    const mail = await localPage(browser, { viewport: DESKTOP });
    await mail.setContent(email.html_body);
    await expectAccessible(mail, 'reconnect-email-ja');
    if (SHOTS) await mail.screenshot({ path: path.join(SHOTS, 'reconnect-email-ja.png'), fullPage: true });
    const link = /(http:\/\/127\.0\.0\.1:\d+\/reconnect\?token=\S+)/.exec(email.text_body)![1]!;

    // The email's link, a minute later → consent → connected again.
    t.clock.advance(60_000);
    await page.goto(link);
    await page.getByRole('button', { name: /Continue as @ana\.business/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/oauth/callback/'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Instagramと再連携しました');
    await check(page, 'reconnected-ja');

    // The same link once more: nothing to do, and the way to the Channels page.
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Instagramはすでに再連携されています');
    expect(await page.getByRole('link', { name: 'チャンネルページを開く' }).getAttribute('href')).toBe('/portal');
    await checkEveryWay(browser, page.url());
    await shoot(page, 'reconnect-already-ja');
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('a Facebook login in Brazilian Portuguese: the accounts to choose, each with its network’s mark, then connected', async () => {
    const created = await t.api('POST', '/v1/connect-sessions', { creator: { id: 'dana', email: 'dana@example.com' }, provider: 'facebook', locale: 'pt-BR' });
    expect(created.statusCode, created.body).toBe(201);
    const page = await localPage(browser, { viewport: DESKTOP });
    page.setDefaultTimeout(15_000);
    await page.goto(created.json().url);
    await page.getByRole('button', { name: /Continue as Dana Whitfield/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/connect/choose/'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Quais contas o Acme Creators deve conectar?');
    expect(await page.locator('ul.choices svg.mark').count()).toBe(3);
    await checkEveryWay(browser, page.url());
    await shoot(page, 'choose-pt-BR');
    await page.getByRole('checkbox', { name: /Dana Travel/ }).uncheck();
    await page.getByRole('button', { name: 'Conectar as contas selecionadas' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/connect/choose/'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Facebook conectado');
    expect(await page.getByRole('status').innerText()).toContain(' e ');
    await check(page, 'connected-pt-BR');
  });
});
