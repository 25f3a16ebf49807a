import { describe, expect, it } from 'vitest';
import { networkMark } from './network-mark.ts';

describe('network marks', () => {
  it('draws the simple-icons path in the brand colour, hidden from screen readers (the name is written beside it)', () => {
    const mark = networkMark({ slug: 'instagram', hex: '#FF0069' }).value;
    expect(mark).toMatch(/^<svg class="mark" viewBox="0 0 24 24" aria-hidden="true"/);
    expect(mark).toContain('--mark:#FF0069');
    expect(mark).toMatch(/<path d="M[^"]+"\/>/);
  });
  it('a black mark is drawn in the text colour in dark mode', () => {
    expect(networkMark({ slug: 'threads', hex: '#000000' }).value).toContain('class="mark dim"');
  });
  it('an unknown or hostile slug draws nothing', () => {
    expect(networkMark({ slug: 'no-such-network', hex: '#000000' }).value).toBe('');
    expect(networkMark({ slug: '../../etc/passwd', hex: '#000000' }).value).toBe('');
  });
});
