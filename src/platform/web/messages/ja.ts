import type { Translation } from '../../i18n/messages.ts';
import type { en } from './en.ts';

export const ja: Translation<typeof en> = {
  timesInUtc: '時刻はすべてUTCで表示しています。',
  supportEmail: 'ご不明な点は {contact} までお問い合わせください。',
  supportUrl: 'ご不明な点は {contact} をご覧ください。',
  supportBoth: 'ご不明な点は {email} までお問い合わせいただくか、{url} をご覧ください。',
  logoAlt: '{product}のロゴ',
};
