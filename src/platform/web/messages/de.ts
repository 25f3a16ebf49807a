import type { Translation } from '../../i18n/messages.ts';
import type { en } from './en.ts';

export const de: Translation<typeof en> = {
  timesInUtc: 'Alle Zeiten in UTC.',
  supportEmail: 'Fragen? Schreib uns an {contact}.',
  supportUrl: 'Fragen? Hier gibt es Hilfe: {contact}.',
  supportBoth: 'Fragen? Schreib uns an {email} oder schau auf {url} vorbei.',
  logoAlt: 'Logo von {product}',
};
