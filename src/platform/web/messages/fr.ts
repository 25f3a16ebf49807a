import type { Translation } from '../../i18n/messages.ts';
import type { en } from './en.ts';

export const fr: Translation<typeof en> = {
  timesInUtc: 'Les heures sont indiquées en UTC.',
  supportEmail: 'Une question ? Écrivez à {contact}.',
  supportUrl: 'Une question ? Rendez-vous sur {contact}.',
  supportBoth: 'Une question ? Écrivez à {email} ou rendez-vous sur {url}.',
  logoAlt: 'Logo de {product}',
};
