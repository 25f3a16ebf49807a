import { describe, expect, it } from 'vitest';
import { acmeSvg, solidPng, tinyJpeg } from '../../test/support/logos.ts';
import { checkLogo, jpegSize, MAX_LOGO_BYTES, pngSize } from './logo.rules.ts';

describe('PNG and JPEG logos are what they say, of a sane size', () => {
  it('a PNG and a JPEG are read for their dimensions', () => {
    expect(pngSize(solidPng(64, 16))).toEqual({ width: 64, height: 16 });
    expect(jpegSize(tinyJpeg)).toEqual({ width: 1, height: 1 });
    expect(checkLogo(solidPng(64, 16), 'image/png')).toMatchObject({ ok: true, logo: { contentType: 'image/png', width: 64, height: 16 } });
    expect(checkLogo(tinyJpeg, 'image/jpeg')).toMatchObject({ ok: true, logo: { contentType: 'image/jpeg', width: 1, height: 1 } });
  });

  it('bytes that do not match the declared type are refused (a JPEG sent as PNG, HTML sent as an image)', () => {
    expect(checkLogo(tinyJpeg, 'image/png')).toMatchObject({ ok: false, problem: 'not_an_image' });
    expect(checkLogo(solidPng(4, 4), 'image/jpeg')).toMatchObject({ ok: false, problem: 'not_an_image' });
    expect(checkLogo(new TextEncoder().encode('<html><script>alert(1)</script>'), 'image/png')).toMatchObject({ ok: false, problem: 'not_an_image' });
  });

  it('an image wider or taller than 4096 pixels is refused, and so is an empty body', () => {
    expect(checkLogo(solidPng(5000, 1), 'image/png')).toMatchObject({ ok: false, problem: 'dimensions' });
    expect(checkLogo(new Uint8Array(), 'image/png')).toMatchObject({ ok: false, problem: 'empty' });
  });

  it('a file over 200 KB is refused, whatever its type', () => {
    expect(checkLogo(new Uint8Array(MAX_LOGO_BYTES + 1), 'image/png')).toMatchObject({ ok: false, problem: 'too_large' });
  });
});

describe('SVG logos', () => {
  it('are stored rebuilt, without their scripts', () => {
    const result = checkLogo(new TextEncoder().encode(acmeSvg), 'image/svg+xml');
    if (!result.ok) throw new Error(result.message);
    const svg = new TextDecoder().decode(result.logo.bytes);
    expect(svg).toContain('<text x="40" y="22"');
    expect(svg).not.toMatch(/script|onload|alert/);
    expect(result.logo).toMatchObject({ contentType: 'image/svg+xml', width: null, height: null });
  });
});
