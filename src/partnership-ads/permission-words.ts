/** Facebook permissions as a person reads them ("“Allow brand partner to boost”"), listed in the reader's language: never the scope's code. */
import type { ReaderLocale } from '../platform/i18n/locales.ts';
import { partnershipMessages } from './messages/index.ts';

export function permissionList(scopes: readonly string[], locale: ReaderLocale): string {
  const words = partnershipMessages.for(locale);
  const names = scopes.map((scope) => words.t('review.scope', { scope: /^[a-z_]+$/.test(scope) ? scope : 'other' }));
  return new Intl.ListFormat(locale === 'en-XA' ? 'en' : locale, { type: 'conjunction' }).format(names);
}
