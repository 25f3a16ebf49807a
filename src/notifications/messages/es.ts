import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** La sección de notificaciones, en español. */
export const es: Translation<typeof en> = {
  heading: 'Notificaciones',
  unread: '{count, plural, one {# nueva} other {# nuevas}}',
  newLabel: 'Nueva: ',
};
