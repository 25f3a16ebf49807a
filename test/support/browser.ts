/**
 * What every browser test shares: where Chromium is (CI installs it with apt; playwright's own download
 * cannot work here), the flags it runs with, and a free loopback port to name in PUBLIC_URL before the
 * system is built.
 */
import fs from 'node:fs';
import net from 'node:net';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { createTestContext, type TestContext } from './context.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
/** Said in a suite's name when it is skipped. */
export const noChromium = `skipped: no Chromium at ${CHROMIUM} (CI installs it; on Debian: apt-get install chromium)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A test system served on a free loopback port, named in its PUBLIC_URL, for a browser to reach. */
export async function listeningTestContext(options: { now?: string; env?: Record<string, string>; logLevel?: string } = {}): Promise<{ t: TestContext; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestContext({ ...options, env: { PUBLIC_URL: base, ...options.env } });
  await t.system.app.listen({ port, host: '127.0.0.1' });
  return { t, base };
}

/** A page in a context of its own whose requests to anything but this machine are refused (avatars and thumbnails on CDNs). */
export async function localPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  return context.newPage();
}
