/**
 * A workspace's brand in a real Chromium: its logo and our favicon load as images (no page asks for a
 * missing icon), a logo opened on its own runs nothing even if a script slipped past the sanitiser
 * (the CSP it is served with), and the Channels page with the brand set is axe-clean at desktop and
 * phone widths in light and dark mode, with the accent on its buttons and the logo in its header.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEveryWay, DESKTOP } from '../support/accessibility.ts';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import { API_KEY, type TestContext } from '../support/context.ts';
import { acmeSvg } from '../support/logos.ts';

const ACCENT = '#c2410c';

describe.skipIf(!hasChromium)(`the brand in Chromium${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;
  let logoPath: string;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext());
    browser = await launchChromium();
    expect((await t.api('PUT', '/v1/workspace/branding', { productName: 'Acme Creators', accentColor: ACCENT, supportEmail: 'creators@acme.test' })).statusCode).toBe(200);
    const logo = await t.system.app.inject({
      method: 'PUT',
      url: '/v1/workspace/branding/logo',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'image/svg+xml' },
      payload: acmeSvg,
    });
    logoPath = new URL(logo.json().logo.url).pathname;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens the Channels page as a creator does: from a fresh link, which leaves the session's cookie. */
  async function openChannels(page: Page): Promise<void> {
    const created = await t.api('POST', '/v1/portal-sessions', { creator: { id: 'ana', email: 'ana@example.com', name: 'Ana' }, returnUrl: `${base}/` });
    await page.goto(created.json().url);
  }

  it('the logo and the favicon draw as images', async () => {
    // Not localPage: playwright's request interception loses an image behind a redirect (/favicon.ico), and this page loads nothing from elsewhere.
    const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    // Any page of ours will do as the document the images load into: the data-deletion page for an unknown code.
    await page.goto(`${base}/meta/data-deletion/unknown`);
    // A string, as the other browser tests do: it runs in the page, where Image exists.
    const sources = JSON.stringify(['/favicon.svg', '/favicon.ico', logoPath]);
    const sizes = (await page.evaluate(
      `Promise.all(${sources}.map((src) => new Promise((resolve) => { const img = new Image(); img.onload = () => resolve(img.naturalWidth); img.onerror = () => resolve(0); img.src = src; })))`,
    )) as number[];
    expect(
      sizes.every((width) => width > 0),
      `natural widths ${sizes}`,
    ).toBe(true);
    await page.context().close();
  });

  it('a logo opened on its own runs no script, even one stored past the sanitiser', async () => {
    // As if the allowlist had a gap: the CSP the logo is served with is the second wall.
    const hostile = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>document.title="ran";fetch("/ran")</script><rect width="10" height="10"/></svg>';
    await t.system.deps.db
      .updateTable('workspaces')
      .set({ logo: new TextEncoder().encode(hostile), logo_type: 'image/svg+xml', logo_sha256: 'f'.repeat(64) })
      .execute();
    const page = await localPage(browser, { viewport: DESKTOP });
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    const workspaceId = logoPath.split('/')[2];
    const answer = await page.goto(`${base}/brand/${workspaceId}/logo/${'f'.repeat(16)}`);
    expect(answer?.status()).toBe(200);
    await page.waitForTimeout(200);
    expect(await page.title()).not.toBe('ran');
    expect(asked).not.toContain('/ran');
    await page.context().close();
    // The real logo again, for the tests after this one.
    const logo = await t.system.app.inject({
      method: 'PUT',
      url: '/v1/workspace/branding/logo',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'image/svg+xml' },
      payload: acmeSvg,
    });
    logoPath = new URL(logo.json().logo.url).pathname;
  });

  it('the branded Channels page asks for nothing that is missing and is axe-clean at both widths in light and dark', async () => {
    const page = await localPage(browser, { viewport: DESKTOP });
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await openChannels(page);
    await page.waitForLoadState('networkidle');
    expect(failed).toEqual([]);
    await page.context().close();
    await checkEveryWay(browser, `${base}/portal`, openChannels);
  });

  /** What the page lacks of the brand: the accent on its buttons, the logo drawn in its header. */
  async function brandProblems(page: Page): Promise<string[]> {
    const seen = (await page.evaluate(`(() => {
      const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim().toLowerCase();
      const logo = document.querySelector('header img[src="${logoPath}"]');
      return { accent, logoWidth: logo ? logo.naturalWidth : 0 };
    })()`)) as { accent: string; logoWidth: number };
    const problems: string[] = [];
    if (seen.accent !== ACCENT) problems.push(`the accent is ${seen.accent}, not the workspace's`);
    if (seen.logoWidth === 0) problems.push('no logo is drawn in the header');
    return problems;
  }

  it('the Channels page wears the accent and the logo', async () => {
    const page = await localPage(browser, { viewport: DESKTOP, colorScheme: 'light' });
    await openChannels(page);
    await page.waitForLoadState('networkidle');
    expect(await brandProblems(page)).toEqual([]);
    await page.context().close();
  });
});
