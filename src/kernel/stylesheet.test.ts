import { describe, expect, it } from 'vitest';
import { contrastRatio, MIN_TEXT_CONTRAST } from './colour.ts';
import { stylesheet } from './stylesheet.ts';

/** The `--name:#rrggbb` colours of the light block (before the dark media query) or of the dark one. */
function colours(mode: 'light' | 'dark'): Record<string, string> {
  const [light, dark] = stylesheet.split('@media (prefers-color-scheme:dark)');
  const block = mode === 'light' ? (light ?? '') : (dark?.split('}}')[0] ?? '');
  return Object.fromEntries([...block.matchAll(/--([\w-]+):(#[0-9a-f]{6})\b/gi)].map((match) => [match[1], match[2]]));
}

describe('the shared stylesheet', () => {
  it('keeps the class names pages are built on', () => {
    for (const selector of [
      '.card',
      '.muted',
      '.bad',
      '.ok',
      '.warn',
      '.button',
      'button.secondary',
      'table.stack',
      '.status.connected',
      '.status.expiring',
      '.status.disconnected',
      '.fields',
      '.actions',
      '.sr',
    ]) {
      expect(stylesheet).toContain(selector);
    }
  });

  it('defines the tokens: a type scale, a spacing scale, radii and a focus ring', () => {
    for (const token of ['--text-sm', '--text-xl', '--space-1', '--space-7', '--radius', '--radius-pill', '--focus-ring', '--touch']) {
      expect(stylesheet).toContain(`${token}:`);
    }
  });

  for (const mode of ['light', 'dark'] as const) {
    it(`in ${mode} mode every text colour reads on the page and on a card, and button text reads on the accent`, () => {
      const c = colours(mode);
      for (const text of ['fg', 'muted', 'accent', 'bad', 'ok', 'warn']) {
        for (const background of ['bg', 'card']) {
          expect(contrastRatio(c[text] ?? '', c[background] ?? ''), `${text} on ${background}`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        }
      }
      expect(contrastRatio(c['on-accent'] ?? '', c.accent ?? ''), 'button text').toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    });
  }
});
