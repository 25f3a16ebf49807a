import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** A seção de notificações, em português do Brasil. */
export const ptBR: Translation<typeof en> = {
  heading: 'Notificações',
  unread: '{count, plural, one {# nova} other {# novas}}',
  newLabel: 'Nova: ',
};
