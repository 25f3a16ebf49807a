import { describe, expect, it } from 'vitest';
import { networkOfHost, normalizePermalink, permalinkVariants } from './permalink.ts';

describe('a post address is compared in one normal form', () => {
  it('without scheme or host case, www., trailing slash, query or fragment; the path keeps its case', () => {
    for (const url of ['https://www.instagram.com/p/C8xYz/', 'HTTPS://Instagram.com/p/C8xYz?igsh=abc', 'http://instagram.com/p/C8xYz/#top', 'https://m.instagram.com/p/C8xYz']) {
      expect(normalizePermalink(url)).toEqual({ url: 'https://instagram.com/p/C8xYz', host: 'instagram.com' });
    }
    expect(normalizePermalink('https://instagram.com/p/c8xyz')!.url).not.toBe('https://instagram.com/p/C8xYz');
  });

  it('refuses what is not a web address', () => {
    for (const url of ['not a url', 'ftp://instagram.com/p/1', 'javascript:alert(1)', 'https://localhost/p/1']) expect(normalizePermalink(url)).toBeUndefined();
  });

  it('lists the forms a network may have stored: with and without www. and the trailing slash', () => {
    expect(permalinkVariants(normalizePermalink('https://www.instagram.com/p/A/')!)).toEqual([
      'https://instagram.com/p/A',
      'https://instagram.com/p/A/',
      'https://www.instagram.com/p/A',
      'https://www.instagram.com/p/A/',
    ]);
  });

  it('names the network of a host, including short and country domains; none for others', () => {
    expect(networkOfHost('instagram.com')).toBe('instagram');
    expect(networkOfHost('youtu.be')).toBe('youtube');
    expect(networkOfHost('vm.tiktok.com')).toBe('tiktok');
    expect(networkOfHost('pinterest.co.uk')).toBe('pinterest');
    expect(networkOfHost('example.com')).toBeUndefined();
  });

  it('a host that only starts with a network name belongs to no network (pinterest.evil.com is not Pinterest)', () => {
    expect(networkOfHost('pinterest.fr')).toBe('pinterest');
    expect(networkOfHost('pinterest.com.au')).toBe('pinterest');
    expect(networkOfHost('uk.pinterest.com')).toBe('pinterest');
    for (const host of ['pinterest.evil.com', 'pinterest.co.uk.evil.com', 'www.pinterest.example', 'evilpinterest.fr', 'instagram.com.evil.com']) {
      expect(networkOfHost(host), host).toBeUndefined();
    }
  });
});
