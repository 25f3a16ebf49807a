import { describe, expect, it } from 'vitest';
import { html } from '../../kernel/html.ts';
import { formatsFor } from './format.ts';
import { defineMessages } from './messages.ts';
import { pseudoMessage } from './pseudo.ts';

const en = { posts: '{count, plural, one {# post} other {# posts}} by {name}', revoke: 'Revoke it from {link}.', nested: { ok: 'All good' } } as const;
const book = defineMessages('test', {
  en,
  es: { posts: '{count, plural, one {# publicación} other {# publicaciones}} de {name}', revoke: 'Revócalo desde {link}.', nested: { ok: 'Todo bien' } },
  'pt-BR': { posts: '{count, plural, one {# post} other {# posts}} de {name}', revoke: 'Revogue em {link}.', nested: { ok: 'Tudo certo' } },
  fr: { posts: '{count, plural, one {# publication} other {# publications}} de {name}', revoke: 'Révoquez-le depuis {link}.', nested: { ok: 'Tout va bien' } },
  de: { posts: '{count, plural, one {# Beitrag} other {# Beiträge}} von {name}', revoke: 'Widerrufe es unter {link}.', nested: { ok: 'Alles gut' } },
  ja: { posts: '{name}の投稿{count}件', revoke: '{link}から取り消せます。', nested: { ok: '問題ありません' } },
});

describe('message books', () => {
  it('plurals follow the language’s rules', () => {
    expect(book.for('en').t('posts', { count: 1, name: 'Ana' })).toBe('1 post by Ana');
    expect(book.for('de').t('posts', { count: 3, name: 'Ana' })).toBe('3 Beiträge von Ana');
    expect(book.for('ja').t('posts', { count: 3, name: 'Ana' })).toBe('Anaの投稿3件');
    expect(book.for('en').t('nested.ok')).toBe('All good');
  });
  it('html() escapes the sentence and the plain values but keeps trusted markup where the language puts it', () => {
    const link = html`<a href="/portal/channels">Channels</a>`;
    expect(book.for('ja').html('revoke', { link }).value).toBe('<a href="/portal/channels">Channels</a>から取り消せます。');
    expect(book.for('en').html('posts', { count: 2, name: '<b>Ana</b>' }).value).toBe('2 posts by &lt;b&gt;Ana&lt;/b&gt;');
  });
  it('the pseudo-locale brackets, accents and lengthens the text but keeps the arguments', () => {
    const pseudo = book.for('en-XA').t('posts', { count: 2, name: 'Ana' });
    expect(pseudo.startsWith('⟦')).toBe(true);
    expect(pseudo).toContain('2 þöšţš ƀý Ana');
    expect(pseudoMessage('Hello').length).toBeGreaterThanOrEqual(Math.ceil('Hello'.length * 1.4));
  });
});

describe('formats', () => {
  const when = new Date('2026-06-10T09:30:00Z');
  it('dates in the reader’s language and time zone, else UTC (and says so)', () => {
    expect(formatsFor({ locale: 'de', timeZone: 'Europe/Berlin' }).dateTime(when)).toBe('10.06.2026, 11:30');
    expect(formatsFor({ locale: 'ja', timeZone: null }).inUtc).toBe(true);
    expect(formatsFor({ locale: 'pt-BR', timeZone: null }).dayMonth('2026-03-01')).toMatch(/^1 de mar/);
  });
  it('numbers in the reader’s language', () => {
    expect(formatsFor({ locale: 'de', timeZone: null }).number(12345.5)).toBe('12.345,5');
    expect(formatsFor({ locale: 'fr', timeZone: null }).percent(0.042)).toMatch(/^4,2\s%$/);
  });
});
