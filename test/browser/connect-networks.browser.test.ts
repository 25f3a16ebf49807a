/**
 * A person in real Chromium connects one account of each network from the demo page: Connect → the
 * sandbox's consent page (pick the account, allow) → back through our callback (→ the Facebook account
 * choice) → the demo page lists the connection as active. The system runs as `npm start` runs it in demo
 * mode (createSystem starts the sandbox and points every provider origin at it), in-process, on free
 * loopback ports, so every redirect is a real browser navigation over HTTP on 127.0.0.1.
 *
 * Screenshots of every page a creator sees (desktop and a 390-px phone) go to SCREENSHOT_DIR or a temp dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSystem, type System } from '../../src/system.ts';
import { freePort, hasChromium, launchChromium, noChromium } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const suite = hasChromium ? describe : describe.skip;
const title = 'connecting one account of each network in Chromium';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let system: System;
let database: TestDatabase;
let browser: Browser;
let page: Page;
let publicUrl: string;
let sandboxUrl: string;
let shots: string;
const logs: string[] = [];

/** How far the page, or any scrolling box in it (a table), runs past the right edge. */
const overflowScript = `Math.max(0, ...[document.documentElement, ...document.querySelectorAll('.scroll')].map((e) => e.scrollWidth - e.clientWidth))`;

/** Full-page screenshots at desktop and phone width; neither may scroll sideways. */
async function capture(name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  // A string, not a function: the project compiles without the DOM library.
  const desktop = Number(await page.evaluate(overflowScript));
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(shots, `${name}-phone.png`), fullPage: true });
  const phone = Number(await page.evaluate(overflowScript));
  await page.setViewportSize(DESKTOP);
  expect({ desktop, phone }, `${name} scrolls sideways`).toEqual({ desktop: 0, phone: 0 });
}

async function openDemo(): Promise<void> {
  await page.goto(`${publicUrl}/demo`);
  await expect.poll(() => page.title()).toContain('Demo platform');
}

async function connect(network: string): Promise<void> {
  await page.getByRole('button', { name: `Connect ${network}` }).click();
  await page.waitForURL((url) => url.href.startsWith(sandboxUrl));
}

/** Back on the demo page after a connect, with the connection of `account` listed as active. */
async function expectListed(account: string | RegExp, network: string, login: string): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(`${publicUrl}/demo`) && url.searchParams.get('status') === 'connected');
  await expect.poll(() => page.getByRole('status').textContent()).toContain('Connected');
  const row = page.locator('tr[data-connection]', { has: page.locator('td[data-label="Account"]', { hasText: account }) });
  await expect.poll(() => row.count()).toBe(1);
  expect(await row.locator('td[data-label="Network"]').textContent()).toContain(network);
  expect(await row.locator('[data-login]').getAttribute('data-login')).toBe(login);
  expect(await row.locator('td[data-label="Status"]').textContent()).toBe('active');
  expect(await row.locator('td[data-label="Expires"]').textContent()).not.toBe('');
}

suite(title, () => {
  beforeAll(async () => {
    shots = process.env.SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'channelkeeper-browser-'));
    fs.mkdirSync(shots, { recursive: true });
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    database = await createTestDatabase();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    // No provider credentials: demo mode, as `npm start` on a laptop. SANDBOX_PORT=0: the sandbox picks a free port.
    const config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      SANDBOX_PORT: '0',
      ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
      WORKERS: 'off',
      LOG_LEVEL: 'warn',
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    });
    system = await createSystem(config, { inMemory: true, logger: createLogger(config.logLevel, sink) });
    if (!system.sandbox) throw new Error(`the sandbox did not start: ${logs.join('')}`);
    sandboxUrl = system.sandbox.url;
    await system.app.listen({ port: config.port, host: config.host });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
    await database?.drop();
  });

  it('the demo page offers a Connect button for every network the registry has', async () => {
    await openDemo();
    const offered = await page.getByRole('button', { name: /^Connect / }).allTextContents();
    expect(offered).toEqual(system.deps.providers.all().map((p) => `Connect ${p.displayName}`));
    await capture('demo-empty');
  });

  it('an Instagram professional account connects', async () => {
    await openDemo();
    await connect('Instagram');
    await capture('consent-instagram');
    await page.getByRole('button', { name: /Continue as @ana\.business/ }).click();
    await expectListed('@ana.business', 'Instagram', 'instagram_login');
  });

  it('a Facebook login offers its Pages and linked Instagram account; the ones kept ticked are connected', async () => {
    await openDemo();
    await connect('Facebook');
    await capture('consent-facebook');
    await page.getByRole('button', { name: /Continue as Dana Whitfield/ }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/connect/choose/'));
    await expect.poll(() => page.getByRole('checkbox').count()).toBe(3);
    await capture('choice-facebook');
    await page.getByRole('checkbox', { name: /Dana Travel/ }).uncheck();
    await page.getByRole('button', { name: 'Connect selected accounts' }).click();
    // A Page is named by its Page name (as Meta names it), not its username.
    await expectListed(/^\s*Dana Bakes\s*$/, 'Facebook', 'facebook_login');
    await expectListed('@dana.bakes', 'Instagram', 'facebook_login');
    expect(await page.locator('tr[data-connection]', { hasText: 'Dana Travel' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('2 accounts');
  });

  it('a TikTok account connects', async () => {
    await openDemo();
    await connect('TikTok');
    await capture('consent-tiktok');
    await page.getByLabel('@tess.tiktok').check();
    await page.getByRole('button', { name: 'Authorize' }).click();
    // TikTok tells a username only to apps granted user.info.profile, so the row shows the display name.
    await expectListed('Tess Creates', 'TikTok', 'tiktok_login_kit');
  });

  it('a YouTube channel connects, starting from the keyboard alone', async () => {
    await openDemo();
    // Tab through the page as a keyboard user would until Connect YouTube has the focus, then press Enter.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement?.textContent')) === 'Connect YouTube') break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.href.startsWith(sandboxUrl));
    await capture('consent-youtube');
    await page.getByLabel(/Maya Lind/).check();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expectListed('@mayamakes', 'YouTube', 'google_oauth');
  });

  it('a Pinterest business account connects', async () => {
    await openDemo();
    await connect('Pinterest');
    await capture('consent-pinterest');
    await page.getByLabel(/pia\.pins/).check();
    await page.getByRole('button', { name: 'Give access' }).click();
    await expectListed('@pia.pins', 'Pinterest', 'pinterest_oauth');
    await capture('demo-connected');
  });

  it('a Threads profile connects, the private one too', async () => {
    await openDemo();
    await connect('Threads');
    await capture('consent-threads');
    await page.getByRole('button', { name: /Continue as @tara\.threads \(Public profile\)/ }).click();
    await expectListed('@tara.threads', 'Threads', 'threads_login');
    await openDemo();
    await connect('Threads');
    await page.getByRole('button', { name: /Continue as @paul\.private \(Private profile\)/ }).click();
    await expectListed('@paul.private', 'Threads', 'threads_login');
  });

  it('cancelling on the consent page connects nothing and says so, with a way back', async () => {
    await openDemo();
    const before = await page.locator('tr[data-connection]').count();
    await connect('Pinterest');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${publicUrl}/oauth/callback/`));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Nothing was connected');
    await capture('denied');
    await page.getByRole('link', { name: /Back to/ }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'error');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('cancelled');
    expect(await page.locator('tr[data-connection]').count()).toBe(before);
  });
});

if (!hasChromium) {
  const reason = noChromium;
  console.warn(`${title}: ${reason}`);
  describe(title, () => {
    it.skip(reason, () => {});
  });
}
