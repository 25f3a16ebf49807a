/**
 * The Channels page in a real Chromium (playwright-core): a creator connects Instagram from it, sees
 * the channel disconnected after a password change with the reason in its tooltip (opened from the
 * keyboard), reconnects, and sees it connected with the banner; then a Threads profile the same way (removing
 * the app in Threads' settings instead of a password change). Screenshots of a desktop and a
 * 390-px phone view go to test/browser/screenshots/ (not committed) for a person to look at. The same
 * Instagram account connected again through its Facebook Page is shown once, with both logins under it.
 * Every request to anything but this machine is refused: avatars point at Instagram's CDN.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadsWorld } from '../../sandbox/threads/world.ts';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

const shots = path.join(import.meta.dirname, 'screenshots');

describe.skipIf(!hasChromium)(`the Channels page in Chromium${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ env: { PRODUCT_NAME: 'Acme Creators' } }));
    browser = await launchChromium();
    fs.mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    return localPage(browser, { viewport });
  }

  async function openPortal(page: Page): Promise<void> {
    const created = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'ana', email: 'ana@example.com', name: 'Ana' }, returnUrl: `${base}/` });
    await page.goto(created.json().url);
    expect(new URL(page.url()).pathname).toBe('/portal');
  }

  /** On the sandbox's consent page (Instagram's or Threads'): continue as the account. */
  async function consent(page: Page, username: string): Promise<void> {
    await page.getByRole('button', { name: `Continue as @${username}`, exact: false }).click();
    await page.waitForURL((url) => url.pathname === '/portal');
  }

  const card = (page: Page, username: string) => page.locator('li.channel', { has: page.getByRole('heading', { name: `@${username}` }) });

  it('connect, see disconnected with the reason, reconnect, see connected', async () => {
    const page = await newPage({ width: 1280, height: 900 });
    await openPortal(page);
    expect(await page.getByText('No channel is connected yet').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(shots, '1-empty-desktop.png'), fullPage: true });

    await page.getByRole('button', { name: 'Connect Instagram', exact: true }).click();
    await consent(page, 'ana.business');
    expect(await page.getByRole('status').innerText()).toMatch(/^@ana\.business on Instagram is connected\./);
    expect(await card(page, 'ana.business').locator('.status').innerText()).toBe('✓ Connected');

    t.sandbox.world.instagram.applyEvent('ana.business', 'password-change');
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    await page.goto(`${base}/portal`);
    const channel = card(page, 'ana.business');
    expect(await channel.locator('.status').innerText()).toBe('✕ Disconnected');
    const tip = channel.locator('.tip');
    expect(await tip.isVisible()).toBe(false);
    // The tooltip opens from the keyboard (and on a tap): no hover needed.
    await channel.locator('summary').focus();
    await page.keyboard.press('Enter');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.innerText()).toContain('Your Instagram password or username was changed, which signs out connected apps.');
    expect(await tip.innerText()).toContain('What to do: Reconnect your Instagram account to resume.');
    expect(await page.locator('#notices-h .badge').innerText()).toBe('1 new');
    await page.screenshot({ path: path.join(shots, '2-disconnected-desktop.png'), fullPage: true });

    const phone = await newPage({ width: 390, height: 844 });
    await openPortal(phone);
    await card(phone, 'ana.business').locator('summary').click();
    await phone.screenshot({ path: path.join(shots, '3-disconnected-phone.png'), fullPage: true });
    // Nothing wider than the phone: no sideways scrolling (the page runs this, not Node).
    const overflow = await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);

    await channel.getByRole('button', { name: /^Reconnect/ }).click();
    await consent(page, 'ana.business');
    expect(await page.getByRole('status').innerText()).toMatch(/^@ana\.business on Instagram is connected again\./);
    expect(await card(page, 'ana.business').locator('.status').innerText()).toBe('✓ Connected');
    await page.screenshot({ path: path.join(shots, '4-reconnected-desktop.png'), fullPage: true });
    // The reconnect queued a media sync; the page shows it, then (after the worker ran) when it finished.
    expect(await card(page, 'ana.business').locator('.sync').innerText()).toBe('Syncing posts…');
    expect(await runMediaSyncs(t.system.deps)).toMatchObject({ done: 1 });
    await page.reload();
    expect(await card(page, 'ana.business').locator('.sync').innerText()).toMatch(/^Posts last synced Jan \d+, 2026, \d+:\d\d [AP]M$/);
    await phone.goto(`${base}/portal`);
    await phone.screenshot({ path: path.join(shots, '5-reconnected-phone.png'), fullPage: true });

    const connections = (await t.api('GET', '/v1/connections?creatorId=ana')).json().data;
    expect(connections).toMatchObject([{ username: 'ana.business', status: 'active' }]);
  });

  it('a Threads profile: connect, see disconnected after the app is removed, reconnect', async () => {
    const page = await newPage({ width: 1280, height: 900 });
    await openPortal(page);
    await page.getByRole('button', { name: 'Connect Threads', exact: true }).click();
    await consent(page, 'tara.threads');
    expect(await page.getByRole('status').innerText()).toMatch(/^@tara\.threads on Threads is connected\./);
    expect(await card(page, 'tara.threads').locator('.status').innerText()).toBe('✓ Connected');

    t.sandbox.world.network<ThreadsWorld>('threads').applyEvent('tara.threads', 'revoke');
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    await page.goto(`${base}/portal`);
    const channel = card(page, 'tara.threads');
    expect(await channel.locator('.status').innerText()).toBe('✕ Disconnected');
    await channel.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await channel.locator('.tip').innerText()).toContain('Access was removed in your Threads settings');
    await page.screenshot({ path: path.join(shots, '6-threads-disconnected-desktop.png'), fullPage: true });

    await channel.getByRole('button', { name: /^Reconnect/ }).click();
    await consent(page, 'tara.threads');
    expect(await page.getByRole('status').innerText()).toMatch(/^@tara\.threads on Threads is connected again\./);
    expect(await card(page, 'tara.threads').locator('.status').innerText()).toBe('✓ Connected');
  });

  it('one account, two logins: connected again through its Facebook Page, it is shown once with both logins under it', async () => {
    const page = await newPage({ width: 1280, height: 900 });
    await openPortal(page);
    await page.getByRole('button', { name: 'Connect Facebook', exact: true }).click();
    await page.getByRole('button', { name: 'Continue as Ana (Facebook) (ana.facebook)' }).click();
    await page.getByRole('button', { name: 'Connect selected accounts' }).click();
    await page.waitForURL((url) => url.pathname === '/portal');
    // The Instagram account once, with its two logins; the Page (named by its Page name) is an account of its own.
    await expect.poll(() => page.getByRole('heading', { name: '@ana.business' }).count()).toBe(1);
    const account = card(page, 'ana.business');
    expect(await account.getAttribute('data-logins')).toBe('2');
    expect(await account.locator('li.login strong').allInnerTexts()).toEqual(['Instagram Login', 'Facebook Login']);
    expect(await account.locator('li.login .status').allInnerTexts()).toEqual(['✓ Connected', '✓ Connected']);
    expect(await page.getByRole('heading', { name: 'Ana Business', exact: true }).count()).toBe(1);

    // Instagram Login stops working: the account still works through the Page, and the page says so.
    t.sandbox.world.instagram.applyEvent('ana.business', 'password-change');
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    await page.goto(`${base}/portal`);
    expect(await account.locator('li.login .status').allInnerTexts()).toEqual(['✕ Disconnected', '✓ Connected']);
    expect(await account.innerText()).toContain('its posts are read through whichever works');
    await account.locator('li.login').first().locator('summary').click();
    expect(await account.locator('li.login').first().locator('.tip').innerText()).toContain('Your Instagram password or username was changed');
    await page.screenshot({ path: path.join(shots, '8-two-logins-desktop.png'), fullPage: true });

    const phone = await newPage({ width: 390, height: 844 });
    await openPortal(phone);
    await phone.screenshot({ path: path.join(shots, '9-two-logins-phone.png'), fullPage: true });
    expect(await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);

    const connections = (await t.api('GET', '/v1/connections?creatorId=ana')).json().data as { network: string; provider: string; linkedConnectionIds: string[]; id: string }[];
    const [direct, throughPage] = [connections.find((c) => c.provider === 'instagram')!, connections.find((c) => c.provider === 'facebook' && c.network === 'instagram')!];
    expect(direct.linkedConnectionIds).toEqual([throughPage.id]);
  });
});
