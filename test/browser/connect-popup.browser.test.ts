/**
 * The embeddable connect flow in a real Chromium (playwright-core). A platform page served from its own
 * loopback origin (a tiny node:http server, another port than the service's) loads /connect.js from the
 * service as a module; a click opens the connect link in a popup, the test drives the sandbox's consent
 * page inside it, and the platform page sees what connect() settles with. Requests off this machine are
 * refused. Every wait is bounded (10 s for a step, 1.5 s to show that nothing arrives).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, listeningTestContext, localPage, noChromium } from '../support/browser.ts';
import type { TestContext } from '../support/context.ts';

/** How long a page that must receive nothing is watched: the result is posted as the popup's page loads, well within this. */
const NOTHING_ARRIVES_MS = 1_500;

/**
 * The platform's page: `link` is the connect link; `api=global` calls window.Channelkeeper.connect
 * instead of the imported function; `block=1` makes window.open answer null as a popup blocker does;
 * `fallback=off` passes redirectFallback: false. Every message the page receives is kept in `seen`.
 */
function platformPage(service: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Platform</title></head><body>
<h1>Platform</h1><button id="connect">Connect Instagram</button>
<script type="module">
import { connect } from '${service}/connect.js';
const params = new URLSearchParams(location.search);
window.seen = [];
addEventListener('message', (event) => window.seen.push({ origin: event.origin, data: event.data }));
if (params.get('block') === '1') window.open = () => null;
document.getElementById('connect').addEventListener('click', () => {
  const run = params.get('api') === 'global' ? window.Channelkeeper.connect : connect;
  run(params.get('link'), params.get('fallback') === 'off' ? { redirectFallback: false } : undefined).then(
    (value) => { window.outcome = { value }; },
    (error) => { window.outcome = { error: { name: error.name, reason: error.reason, code: error.code ?? null } }; },
  );
});
window.ready = true;
</script></body></html>`;
}

describe.skipIf(!hasChromium)(`the connect popup in Chromium${hasChromium ? '' : ` (${noChromium})`}`, () => {
  let t: TestContext;
  let browser: Browser;
  let base: string;
  let platform: string;
  let server: http.Server;

  beforeAll(async () => {
    ({ t, base } = await listeningTestContext({ env: { PRODUCT_NAME: 'Acme Creators' } }));
    server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(platformPage(base));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    platform = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(platform).not.toBe(base);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.close();
  });

  async function connectLink(input: { allowedOrigins: string[]; returnUrl?: string }): Promise<string> {
    const res = await t.api('POST', '/v1/connect-sessions', { creator: { id: 'ana', email: 'ana@example.com' }, provider: 'instagram', ...input });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().url;
  }

  async function openPlatform(link: string, query: Record<string, string> = {}): Promise<Page> {
    const page = await localPage(browser, { viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    await page.goto(`${platform}/?${new URLSearchParams({ link, ...query })}`);
    await page.waitForFunction('window.ready === true');
    return page;
  }

  async function clickConnect(page: Page): Promise<Page> {
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#connect')]);
    popup.setDefaultTimeout(10_000);
    await popup.waitForURL((url) => url.pathname.endsWith('/oauth/authorize'));
    return popup;
  }

  const outcomeOf = async (page: Page) => (await page.waitForFunction('window.outcome')).jsonValue();

  it('approving in the popup resolves with the connection; the popup closes itself', async () => {
    const page = await openPlatform(await connectLink({ allowedOrigins: [platform] }));
    const popup = await clickConnect(page);
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: /Continue as @ana\.business/ }).click();
    await closed;
    const [connection] = (await t.api('GET', '/v1/connections?creatorId=ana')).json().data;
    expect(await outcomeOf(page)).toEqual({ value: { connectionId: connection.id, connectionIds: [connection.id], status: 'connected' } });
    expect(await page.evaluate('window.seen')).toEqual([{ origin: base, data: expect.objectContaining({ source: 'channelkeeper', type: 'connect.result', reason: 'connected' }) }]);
    await page.context().close();
  });

  it('an opener whose origin is not allowed receives nothing, and the popup keeps showing the result', async () => {
    const page = await openPlatform(await connectLink({ allowedOrigins: ['https://platform.example'] }));
    const popup = await clickConnect(page);
    await popup.getByRole('button', { name: /Continue as @ana\.business/ }).click();
    await popup.waitForURL((url) => url.href.startsWith(`${base}/oauth/callback/`));
    // The same account as the test before: the page says it is connected again.
    expect(await popup.getByRole('heading', { level: 1 }).textContent()).toBe('Instagram connected again');
    // The page posted as it loaded; the browser delivers nothing to an origin the session did not name.
    await expect(page.waitForFunction('window.outcome !== undefined || window.seen.length > 0', null, { timeout: NOTHING_ARRIVES_MS })).rejects.toThrow(/Timeout/);
    expect(await page.evaluate('window.seen')).toEqual([]);
    expect(popup.isClosed()).toBe(false);
    expect(await popup.getByRole('status').textContent()).toMatch(/@ana\.business is (re)?connected/);
    await page.context().close();
  });

  it('closing the popup before the end rejects with reason cancelled (the global Channelkeeper.connect)', async () => {
    const page = await openPlatform(await connectLink({ allowedOrigins: [platform] }), { api: 'global' });
    const popup = await clickConnect(page);
    await popup.close();
    expect(await outcomeOf(page)).toEqual({ error: { name: 'ChannelkeeperConnectError', reason: 'cancelled', code: null } });
    await page.context().close();
  });

  it('declining on the consent page rejects with reason cancelled and the catalogued code', async () => {
    const page = await openPlatform(await connectLink({ allowedOrigins: [platform] }));
    const popup = await clickConnect(page);
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Cancel' }).click();
    await closed;
    expect(await outcomeOf(page)).toEqual({ error: { name: 'ChannelkeeperConnectError', reason: 'cancelled', code: 'access_denied' } });
    await page.context().close();
  });

  it('a blocked popup rejects with popup_blocked, then (unless told not to) the page itself follows the link to the end', async () => {
    const link = await connectLink({ allowedOrigins: [platform], returnUrl: `${platform}/after` });
    const stay = await openPlatform(link, { block: '1', fallback: 'off' });
    expect(await stay.evaluate('window.outcome')).toBeUndefined();
    await stay.click('#connect');
    expect(await outcomeOf(stay)).toEqual({ error: { name: 'ChannelkeeperConnectError', reason: 'popup_blocked', code: null } });
    expect(new URL(stay.url()).pathname).toBe('/');
    await stay.context().close();

    const page = await openPlatform(link, { block: '1' });
    await page.click('#connect');
    await page.waitForURL((url) => url.pathname.endsWith('/oauth/authorize'));
    await page.getByRole('button', { name: /Continue as @ana\.business/ }).click();
    // No opener: the last page goes on to the returnUrl, as the redirect did before allowed origins.
    await page.waitForURL((url) => url.href.startsWith(`${platform}/after`));
    const back = new URL(page.url());
    expect(back.searchParams.get('status')).toBe('connected');
    expect(back.searchParams.get('connection')).toMatch(/^con_/);
    await page.context().close();
  });
});
