import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** La section des notifications, en français. */
export const fr: Translation<typeof en> = {
  heading: 'Notifications',
  unread: '{count, plural, one {# nouvelle} other {# nouvelles}}',
  newLabel: 'Nouvelle : ',
};
