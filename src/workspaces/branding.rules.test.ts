import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAccent, contrastRatio, DARK_BACKGROUND, MIN_TEXT_CONTRAST } from '../kernel/colour.ts';
import { accentDarkOf, checkBrandChanges } from './branding.rules.ts';

describe('the accent colour must read', () => {
  it('a dark enough accent is accepted, lower-cased, and its dark-mode twin reads on the dark background', () => {
    expect(checkBrandChanges({ accentColor: '#C2410C' })).toEqual({ ok: true, value: { accentColor: '#c2410c' } });
    const dark = accentDarkOf('#c2410c') ?? '';
    expect(contrastRatio(dark, DARK_BACKGROUND)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('a pale accent is refused with the measured contrast and the 4.5:1 needed', () => {
    const result = checkBrandChanges({ accentColor: '#ffcc00' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'branding_invalid', details: { field: 'accentColor', problem: 'low_contrast', contrastWithWhite: 1.51, needed: 4.5 } },
    });
    if (!result.ok) expect(result.error.message).toContain('1.51:1');
  });

  it('any accent accepted reads in both modes: white on it and it on white, dark text on its twin and the twin on the dark page', () => {
    const hex = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map((rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`);
    fc.assert(
      fc.property(hex, (accent) => {
        if (!checkBrandChanges({ accentColor: accent }).ok) return;
        const dark = accentDarkOf(accent) ?? '';
        expect(contrastRatio(accent, '#ffffff')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        expect(contrastRatio(dark, DARK_BACKGROUND)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      }),
      { numRuns: 2000 },
    );
  });

  it('a colour just under the line is refused rather than rounded up to it', () => {
    // #777777 on white measures 4.478:1, shown as 4.47 (floored, never rounded up to the line).
    expect(checkAccent('#777777')).toEqual({ ratio: 4.47, readable: false });
    expect(checkAccent('#767676').readable).toBe(true);
  });
});

describe('the other brand settings', () => {
  it('a support URL must be https and carry no credentials', () => {
    expect(checkBrandChanges({ supportUrl: 'http://help.acme.test' })).toMatchObject({ ok: false, error: { details: { field: 'supportUrl', problem: 'not_https' } } });
    expect(checkBrandChanges({ supportUrl: 'https://me:pw@help.acme.test' })).toMatchObject({ ok: false, error: { details: { problem: 'credentials' } } });
    expect(checkBrandChanges({ supportUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { details: { problem: 'not_https' } } });
    expect(checkBrandChanges({ supportUrl: 'https://help.acme.test/creators' })).toMatchObject({ ok: true });
  });

  it('a sender name that would break the From header is refused', () => {
    expect(checkBrandChanges({ emailSenderName: 'Acme\r\nBcc: x@evil.test' })).toMatchObject({ ok: false, error: { details: { field: 'emailSenderName' } } });
    expect(checkBrandChanges({ emailSenderName: 'Acme "Creators"' })).toMatchObject({ ok: false });
    expect(checkBrandChanges({ emailSenderName: 'Acme Creators' })).toMatchObject({ ok: true });
  });

  it('the default language is stored as the supported language it names, and an unknown one is refused', () => {
    expect(checkBrandChanges({ defaultLocale: 'pt-br' })).toEqual({ ok: true, value: { defaultLocale: 'pt-BR' } });
    expect(checkBrandChanges({ defaultLocale: 'es-MX' })).toEqual({ ok: true, value: { defaultLocale: 'es' } });
    expect(checkBrandChanges({ defaultLocale: 'ko' })).toMatchObject({ ok: false, error: { details: { field: 'defaultLocale', problem: 'unsupported_locale' } } });
  });

  it('null clears a field without any check', () => {
    expect(checkBrandChanges({ accentColor: null, supportUrl: null })).toEqual({ ok: true, value: { accentColor: null, supportUrl: null } });
  });
});
