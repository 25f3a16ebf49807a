/**
 * axe-core in Chromium (@axe-core/playwright): every page a browser test opens is checked, at the
 * width and colour scheme the test set, and must show no serious or critical violation (WCAG 2.2 A
 * and AA rules, plus axe's best practices). `checkEveryWay` opens a URL at desktop and phone widths in
 * light and dark mode.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** The page's serious and critical violations, as short lines a failing test can print. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
}

export async function expectAccessible(page: Page, where = page.url()): Promise<void> {
  expect(await seriousViolations(page), `axe on ${where}`).toEqual([]);
}

/**
 * Opens `url` in four fresh pages (desktop and phone, light and dark) and checks each. `prepare` runs
 * before the page is opened in each (to set a cookie a session needs).
 */
export async function checkEveryWay(browser: Browser, url: string, prepare?: (page: Page) => Promise<void>): Promise<void> {
  for (const viewport of [DESKTOP, PHONE]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport, colorScheme });
      try {
        await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
        const page = await context.newPage();
        await prepare?.(page);
        await page.goto(url);
        await expectAccessible(page, `${url} at ${viewport.width}px, ${colorScheme}`);
      } finally {
        await context.close();
      }
    }
  }
}
