import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { messageBooks } from './messages.ts';
import { SUPPORTED_LOCALES } from './platform/i18n/locales.ts';
import { keysOf, type Messages } from './platform/i18n/messages.ts';

/** The arguments a message uses (`{name}`, `{count, plural, …}`), nested ones included. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: ReturnType<typeof parse>) => {
    for (const element of elements) {
      if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) names.add(element.value);
      if (element.type === TYPE.plural || element.type === TYPE.select) {
        names.add(element.value);
        for (const option of Object.values(element.options)) walk(option.value);
      }
      if (element.type === TYPE.tag) walk(element.children);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

function messageAt(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

describe('message catalogues', () => {
  it('each book has a namespace of its own', () => {
    const names = messageBooks.map((book) => book.namespace);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const book of messageBooks) {
    const english = keysOf(book.catalogs.en);
    for (const locale of SUPPORTED_LOCALES) {
      it(`${book.namespace}: ${locale} has every English key and no other`, () => {
        const keys = keysOf(book.catalogs[locale] as Messages);
        expect(english.filter((key) => !keys.includes(key))).toEqual([]);
        expect(keys.filter((key) => !english.includes(key))).toEqual([]);
      });

      it(`${book.namespace}: ${locale} messages are valid ICU with the English message's arguments`, () => {
        for (const key of english) {
          const message = messageAt(book.catalogs[locale] as Messages, key) ?? '';
          expect(message.trim(), `${book.namespace}:${key} (${locale}) is empty`).not.toBe('');
          expect(argumentsOf(message), `${book.namespace}:${key} (${locale})`).toEqual(argumentsOf(messageAt(book.catalogs.en, key) ?? ''));
        }
      });
    }
  }
});
