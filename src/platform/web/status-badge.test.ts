import { describe, expect, it } from 'vitest';
import { html } from '../../kernel/html.ts';
import { statusBadge } from './status-badge.ts';

describe('a status is shown by colour, icon and word', () => {
  it('each state has its class (the colour), its own icon hidden from screen readers, and the word', () => {
    const badges = (['connected', 'expiring', 'disconnected'] as const).map((state) => statusBadge(state, state.toUpperCase()).value);
    for (const [i, state] of (['connected', 'expiring', 'disconnected'] as const).entries()) {
      expect(badges[i]).toMatch(new RegExp(`^<span class="status ${state}"><svg [^>]*aria-hidden="true"[^>]*>.*</svg>${state.toUpperCase()}</span>$`));
    }
    const paths = badges.map((badge) => /d="([^"]+)"/.exec(badge)?.[1]);
    expect(new Set(paths).size).toBe(3);
  });

  it('the word is escaped, and markup the page built is kept', () => {
    expect(statusBadge('expiring', '<b>soon</b>').value).toContain('&lt;b&gt;soon&lt;/b&gt;');
    expect(statusBadge('expiring', html`Expires <time>1 Mar</time>`).value).toContain('Expires <time>1 Mar</time>');
  });
});
