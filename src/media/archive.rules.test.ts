import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../kernel/clock.ts';
import { archiveRetryDelayMs, byteRange, fileLinkExpiry, formatBytes, isCdnLink, mediaExtension, storageKey } from './archive.rules.ts';

describe('the media archive’s rules', () => {
  it('a failed copy is tried again 5, 10, 20, 40 and 80 minutes later', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => archiveRetryDelayMs(attempt) / MINUTE)).toEqual([5, 10, 20, 40, 80]);
  });

  it('only images and videos are kept, each under the extension of its type', () => {
    expect(mediaExtension('image/jpeg')).toBe('jpg');
    expect(mediaExtension('video/mp4; charset=binary')).toBe('mp4');
    expect(mediaExtension('text/html; charset=utf-8')).toBeUndefined();
    expect(mediaExtension(null)).toBeUndefined();
    expect(storageKey('ws_1', 'med_2', 'maf_3', 'jpg')).toBe('ws_1/med_2/maf_3.jpg');
  });

  it('only https links on the network’s CDN hosts (or their subdomains) are fetched', () => {
    const hosts = ['cdninstagram.com', 'fbcdn.net'];
    expect(isCdnLink(new URL('https://scontent-lhr8-1.cdninstagram.com/v/t51/1.jpg?oe=1'), hosts)).toBe(true);
    expect(isCdnLink(new URL('https://fbcdn.net/x.jpg'), hosts)).toBe(true);
    expect(isCdnLink(new URL('http://scontent.cdninstagram.com/x.jpg'), hosts)).toBe(false);
    expect(isCdnLink(new URL('https://evilcdninstagram.com/x.jpg'), hosts)).toBe(false);
    expect(isCdnLink(new URL('https://169.254.169.254/latest/meta-data'), hosts)).toBe(false);
    expect(isCdnLink(new URL('https://user@scontent.cdninstagram.com/x.jpg'), hosts)).toBe(false);
  });

  it('a served link lasts until midnight UTC eight days on: at least a week, the same all day', () => {
    const morning = fileLinkExpiry(new Date('2026-06-01T00:00:01Z'));
    expect(morning.toISOString()).toBe('2026-06-09T00:00:00.000Z');
    expect(fileLinkExpiry(new Date('2026-06-01T23:59:59Z'))).toEqual(morning);
    expect(morning.getTime() - new Date('2026-06-01T23:59:59Z').getTime()).toBeGreaterThan(7 * DAY);
  });

  it('sizes read as people write them', () => {
    expect(formatBytes(52_429)).toBe('51 KB');
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});

describe('byte ranges of a served copy', () => {
  it('a-b, a- and the last n bytes; past the end is unsatisfiable; anything else is the whole file', () => {
    expect(byteRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(byteRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(byteRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(byteRange('bytes=-10', 1000)).toEqual({ start: 990, end: 999 });
    expect(byteRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(byteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(byteRange('bytes=-0', 1000)).toBe('unsatisfiable');
    for (const whole of [undefined, 'bytes=0-1,5-6', 'items=0-1', 'bytes=-', 'bytes=9-3']) expect(byteRange(whole, 1000)).toBeUndefined();
  });
});
