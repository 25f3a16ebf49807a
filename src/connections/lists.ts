/** Lists as the reader's language writes them: names quoted by its marks, joined by its "and". */
import { PSEUDO_LOCALE, type ReaderLocale } from '../platform/i18n/locales.ts';
import { connectionMessages } from './messages/emails/index.ts';

/** Campaign names quoted and joined as the reader's language writes a list ("A", "B" and "C"). */
export function quotedList(names: readonly string[], locale: ReaderLocale): string {
  const words = connectionMessages.for(locale);
  return joined(
    names.map((name) => words.t('account.quoted', { name })),
    locale,
  );
}

/** A list in the reader's language ("A, B and C" / "A、B、C"); the pseudo-locale joins as English. */
export function joined(items: readonly string[], locale: ReaderLocale): string {
  return new Intl.ListFormat(locale === PSEUDO_LOCALE ? 'en' : locale, { type: 'conjunction' }).format(items);
}
