import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** Der Bereich Benachrichtigungen, auf Deutsch. */
export const de: Translation<typeof en> = {
  heading: 'Benachrichtigungen',
  unread: '{count, plural, other {# neu}}',
  newLabel: 'Neu: ',
};
