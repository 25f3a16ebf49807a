import type { Translation } from '../../platform/i18n/messages.ts';
import type { en } from './en.ts';

/** お知らせ欄（日本語）。 */
export const ja: Translation<typeof en> = {
  heading: 'お知らせ',
  unread: '{count, plural, other {新着#件}}',
  newLabel: '新着：',
};
