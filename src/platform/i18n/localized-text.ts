/**
 * A sentence written in every supported language as data (a network profile's note on its figures),
 * for the few words that belong to a fact elsewhere rather than to one page's catalogue. The
 * pseudo-locale shows it as pseudo-text, like any catalogue message, so the text test still sees it.
 */
import { type Locale, PSEUDO_LOCALE, type ReaderLocale } from './locales.ts';
import { pseudoMessage } from './pseudo.ts';

export type LocalizedText = Readonly<Record<Locale, string>>;

/** The text in the reader's language (English's pseudo-text in the pseudo-locale). */
export function textFor(text: LocalizedText, locale: ReaderLocale): string {
  return locale === PSEUDO_LOCALE ? pseudoMessage(text.en) : text[locale];
}
