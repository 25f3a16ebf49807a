/**
 * What every browser test shares: where Chromium is (CI installs it with apt; playwright's own download
 * cannot work here), the flags it runs with, and a free loopback port to name in PUBLIC_URL before the
 * system is built.
 */
import fs from 'node:fs';
import net from 'node:net';
import { chromium, type Browser } from 'playwright-core';

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
