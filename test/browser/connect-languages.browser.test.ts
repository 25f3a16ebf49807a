/**
 * A creator, in Chromium, in Japanese, English and Brazilian Portuguese, walks connect → disconnect → email → reconnect: the
 * connect link (language and zone set on the session) → Cancel on the network's consent → "Nothing
 * was connected" with Try again → consent → connected; the network revokes access (sandbox), the
 * reconnect email (its HTML part, as a mail client shows it), its link → consent → connected again;
 * the same link once more → "already connected again". Every page is checked with axe (desktop and
 * phone, light and dark). With SCREENSHOTS=1 the pages are saved to docs/screenshots/ for the docs.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionMessages, connectMessages } from '../../src/connections/index.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { checkEveryWay, DESKTOP, expectAccessible, PHONE } from '../support/accessibility.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const SHOTS = process.env.SCREENSHOTS === '1' ? path.resolve('docs/screenshots') : null;

describe.skipIf(!hasChromium)(`connect, disconnect, email and reconnect in three languages${hasChromium ? '' : ` (${noChromium})`}`, () => {
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
  async function check(page: Page, name: string | null): Promise<void> {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        await expectAccessible(page, `${name ?? page.url()} at ${viewport.width}px, ${colorScheme}`);
      }
    }
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'light' });
    if (name) await shoot(page, name);
  }

  /** One creator's walk, and the words each page must show in their language. */
  interface Walk {
    locale: 'en' | 'ja' | 'pt-BR';
    timeZone: string;
    creator: { id: string; email: string; name: string };
    /** A professional Instagram account of the sandbox's; made first when it is not one of its own. */
    account: string;
    create?: boolean;
    greeting: string;
    /** Saved for the docs (SCREENSHOTS=1). */
    shots: boolean;
  }

  async function walk(w: Walk): Promise<void> {
    const pages = connectMessages.for(w.locale);
    const emails = connectionMessages.for(w.locale);
    if (w.create) t.sandbox.world.instagram.createAccount({ username: w.account, accountType: 'BUSINESS' });
    const created = await t.api('POST', '/v1/connect-sessions', { creator: w.creator, provider: 'instagram', locale: w.locale, timeZone: w.timeZone });
    expect(created.statusCode, created.body).toBe(201);
    const page = await localPage(browser, { viewport: DESKTOP, locale: w.locale === 'en' ? 'de-DE' : 'en-US' });
    page.setDefaultTimeout(15_000);
    const named = (name: string) => (w.shots ? name : null);
    const account = new RegExp(`Continue as @${w.account.replace(/\./g, '\\.')}`);

    // Cancel on the consent page: nothing connected, in the session's language (it beats the browser's).
    await page.goto(created.json().url);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/oauth/callback/'));
    expect(await page.locator('html').getAttribute('lang')).toBe(w.locale);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(pages.t('failure.title.access_denied'));
    await check(page, named(`connect-denied-${w.locale}`));

    // Try again → consent → connected.
    await page.getByRole('link', { name: pages.t('failure.tryAgain') }).click();
    await page.getByRole('button', { name: account }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/oauth/callback/'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(pages.t('connected.heading', { network: 'Instagram' }));
    expect(await page.locator('h1 svg.mark').count()).toBe(1);
    await check(page, named(`connect-${w.locale}`));

    // The network ends the access: the reconnect email, in the creator's language, with the link's end in their zone.
    t.sandbox.world.instagram.applyEvent(w.account, 'password-change');
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    const email = await t.system.deps.db.selectFrom('emails').selectAll().where('to_address', '=', w.creator.email).executeTakeFirstOrThrow();
    const product = 'Acme Creators';
    expect(email.subject).toBe(emails.t('email.disconnected.subject', { network: 'Instagram', short: `@${w.account}`, product }));
    expect(email.text_body).toContain(w.greeting);
    expect(email.text_body).not.toContain('UTC');
    const mail = await localPage(browser, { viewport: DESKTOP });
    await mail.setContent(email.html_body);
    expect(await mail.locator('html').getAttribute('lang')).toBe(w.locale);
    await expectAccessible(mail, `reconnect-email-${w.locale}`);
    if (SHOTS && w.shots) await mail.screenshot({ path: path.join(SHOTS, `reconnect-email-${w.locale}.png`), fullPage: true });
    await mail.context().close();
    const link = /(http:\/\/127\.0\.0\.1:\d+\/reconnect\?token=\S+)/.exec(email.text_body)![1]!;

    // The email's link, a minute later → consent → connected again.
    t.clock.advance(60_000);
    await page.goto(link);
    await page.getByRole('button', { name: account }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/oauth/callback/'));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(pages.t('connected.headingAgain', { network: 'Instagram' }));
    await check(page, named(`reconnected-${w.locale}`));

    // The same link once more: nothing to do, and the way to the Channels page.
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(pages.t('already.heading', { network: 'Instagram' }));
    expect(await page.getByRole('link', { name: pages.t('already.channels') }).getAttribute('href')).toBe('/portal');
    await checkEveryWay(browser, page.url());
    if (w.shots) await shoot(page, `reconnect-already-${w.locale}`);
    await page.context().close();
  }

  it('walks the whole way in Japanese, with Tokyo times in the email', async () => {
    // The catalogue's words, checked once by hand here, so the walk is not only the catalogue read back.
    expect(connectMessages.for('ja').t('failure.title.access_denied')).toBe('連携されませんでした');
    expect(connectMessages.for('ja').t('connected.heading', { network: 'Instagram' })).toBe('Instagramと連携しました');
    await walk({ locale: 'ja', timeZone: 'Asia/Tokyo', creator: { id: 'yui', email: 'yui@example.com', name: 'ゆい' }, account: 'ana.business', greeting: 'ゆい様', shots: true });
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('walks the whole way in English, with New York times in the email', async () => {
    await walk({
      locale: 'en',
      timeZone: 'America/New_York',
      creator: { id: 'ben', email: 'ben@example.com', name: 'Ben' },
      account: 'ben.creator',
      greeting: 'Hi Ben,',
      shots: false,
    });
  });

  it('walks the whole way in Brazilian Portuguese, with São Paulo times in the email', async () => {
    await walk({
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      creator: { id: 'bia', email: 'bia@example.com', name: 'Bia' },
      account: 'bia.cria',
      create: true,
      greeting: 'Olá, Bia,',
      shots: false,
    });
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
