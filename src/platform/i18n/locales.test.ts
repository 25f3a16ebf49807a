import { describe, expect, it } from 'vitest';
import { negotiateLocale, resolveLocale, supportedLocale, supportedTimeZone } from './locales.ts';

describe('choosing a reader’s language', () => {
  it('the creator’s stored locale comes before the browser’s and the workspace’s', () => {
    expect(resolveLocale({ stored: 'ja', acceptLanguage: 'de', workspaceDefault: 'fr' })).toBe('ja');
  });
  it('without a stored locale the browser’s Accept-Language decides, by weight', () => {
    expect(resolveLocale({ acceptLanguage: 'nl;q=0.9, fr;q=0.8, de;q=0.95', workspaceDefault: 'es' })).toBe('de');
  });
  it('without either, the workspace’s default, else English', () => {
    expect(resolveLocale({ acceptLanguage: 'nl, sv', workspaceDefault: 'es' })).toBe('es');
    expect(resolveLocale({})).toBe('en');
  });
  it('a region we do not have reads the same language (pt-PT reads pt-BR, es-MX reads es)', () => {
    expect(supportedLocale('pt-PT')).toBe('pt-BR');
    expect(supportedLocale('es_MX')).toBe('es');
    expect(supportedLocale('PT-br')).toBe('pt-BR');
    expect(supportedLocale('ja-JP')).toBe('ja');
    expect(supportedLocale('nl')).toBeNull();
  });
  it('q=0 refuses a language and a malformed header is ignored', () => {
    expect(negotiateLocale('fr;q=0, de')).toBe('de');
    expect(negotiateLocale(';;;,,=')).toBeNull();
  });
  it('the pseudo-locale is chosen only where allowed', () => {
    expect(negotiateLocale('en-XA')).toBe('en');
    expect(negotiateLocale('en-XA', { pseudo: true })).toBe('en-XA');
  });
  it('a time zone must be one Intl knows', () => {
    expect(supportedTimeZone('America/Sao_Paulo')).toBe('America/Sao_Paulo');
    expect(supportedTimeZone('Mars/Olympus')).toBeNull();
    expect(supportedTimeZone(null)).toBeNull();
  });
});
