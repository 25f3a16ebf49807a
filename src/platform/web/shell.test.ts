import { describe, expect, it } from 'vitest';
import { html } from '../../kernel/html.ts';
import { formatsFor } from '../i18n/format.ts';
import type { ReaderLocale } from '../i18n/locales.ts';
import { brandLogoUrl } from './brand-logo.ts';
import { pageFor } from './shell.ts';
import { anonymousViewer, type Brand, type Viewer } from './viewer.ts';

const acme: Brand = {
  productName: 'Acme Creators',
  senderName: 'Acme',
  accent: '#c2410c',
  accentDark: '#f0703a',
  supportEmail: 'creators@acme.test',
  supportUrl: 'https://help.acme.test/creators',
  logoPath: '/brand/ws_1/logo/0123456789abcdef',
  unbranded: false,
};

function viewer(brand: Partial<Brand>, locale: ReaderLocale = 'en', timeZone: string | null = 'Europe/Paris'): Viewer {
  const reader = { locale, timeZone };
  return { ...reader, formats: formatsFor(reader), brand: { ...acme, ...brand } };
}

describe('the page shell wears the workspace’s brand', () => {
  it('the logo heads the page with the product name as its text, and is the tab’s icon', () => {
    const out = pageFor(viewer({}), 'Your channels', html`<h1>Your channels</h1>`);
    expect(out).toContain('<header class="brandbar"><img src="/brand/ws_1/logo/0123456789abcdef" alt="Acme Creators logo"></header>');
    expect(out).toContain('<link rel="icon" href="/brand/ws_1/logo/0123456789abcdef">');
    expect(out).toContain('<title>Your channels · Acme Creators</title>');
  });

  it('the accent replaces ours in light mode and its derived twin in dark mode', () => {
    const out = pageFor(viewer({}), 't', html``);
    expect(out).toContain(':root{--accent:#c2410c}@media (prefers-color-scheme:dark){:root{--accent:#f0703a}}');
  });

  it('the footer gives the support email and the help page, in the reader’s language', () => {
    expect(pageFor(viewer({}), 't', html``)).toContain(
      'Questions? Write to <a href="mailto:creators@acme.test">creators@acme.test</a> or visit <a href="https://help.acme.test/creators" rel="noopener">help.acme.test/creators</a>.',
    );
    expect(pageFor(viewer({ supportUrl: null }, 'de'), 't', html``)).toContain('Fragen? Schreib uns an <a href="mailto:creators@acme.test">');
    expect(pageFor(viewer({ supportEmail: null }, 'ja'), 't', html``)).toContain('ご不明な点は <a href="https://help.acme.test/creators"');
  });

  it('without a logo the name heads the page; without a contact or UTC note there is no footer', () => {
    const out = pageFor(viewer({ logoPath: null, supportEmail: null, supportUrl: null }), 't', html``);
    expect(out).toContain('<header class="brandbar"><span>Acme Creators</span></header>');
    expect(out).toContain('<link rel="icon" href="/favicon.svg">');
    expect(out).not.toContain('<footer');
  });

  it('a workspace that set nothing shows the service’s name and our colours', () => {
    const out = pageFor(anonymousViewer({ productName: 'Channelkeeper' }), 't', html``);
    expect(out).toContain('<span>Channelkeeper</span>');
    expect(out).not.toContain(':root{--accent:#');
  });
});

describe('the logo in emails', () => {
  it('is the absolute URL under PUBLIC_URL, or none', () => {
    expect(brandLogoUrl('https://keeper.example.com/', acme)).toBe('https://keeper.example.com/brand/ws_1/logo/0123456789abcdef');
    expect(brandLogoUrl('https://keeper.example.com', { logoPath: null })).toBeNull();
  });
});
