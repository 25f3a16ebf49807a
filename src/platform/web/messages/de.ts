import type { Translation } from '../../i18n/messages.ts';
import type { en } from './en.ts';

export const de: Translation<typeof en> = {
  timesInUtc: 'Alle Zeiten in UTC.',
  supportEmail: 'Fragen? Schreib uns an {contact}.',
  supportUrl: 'Fragen? Hier gibt es Hilfe: {contact}.',
  logoAlt: 'Logo von {product}',
};
