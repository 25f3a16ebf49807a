/**
 * In-app notices shown on the Channels page and at GET /v1/creators/:id/notifications: a title and
 * one or two plain sentences, the same words as the emails (describeReason), without links (the
 * page itself has the buttons). Each is stored as a key and values (rendered in the page reader's
 * language by connectionNoticeTexts) and as English text for the API.
 */
import type { NoticeContent, NoticeMessage, NoticeTexts, NoticeValues } from '../notifications/index.ts';
import type { ReaderLocale } from '../platform/i18n/locales.ts';
import { profileOf } from '../providers/profiles.ts';
import { type AccountRef, labelOf } from './account-label.ts';
import { describeReason } from './connection.rules.ts';
import { quotedList } from './lists.ts';
import { connectionMessages } from './messages/emails/index.ts';

interface NoticeAbout {
  /** The login's network, as people know it ("Instagram"). */
  network: string;
  account: AccountRef;
}

export interface DisconnectedNoticeInput extends NoticeAbout {
  reason: string;
  grantDays?: number | null;
  /** The account's own network id, whose profile says how to switch back to a professional account. */
  accountNetwork?: string;
  campaigns?: readonly string[];
}

export interface ExpiringNoticeInput extends NoticeAbout {
  daysLeft: number;
  grantDays?: number | null;
}

const withEnglish = (message: NoticeMessage, urgent: boolean): NoticeContent => ({ ...connectionNoticeTexts(message, 'en')!, urgent, message });

const about = (input: NoticeAbout) => ({ network: input.network, account: input.account.name, on: input.account.on });

export function disconnectedNotice(input: DisconnectedNoticeInput): NoticeContent {
  const campaigns = [...(input.campaigns ?? [])];
  const values = { ...about(input), reason: input.reason, grantDays: input.grantDays ?? null, accountNetwork: input.accountNetwork ?? null, campaigns };
  return withEnglish({ key: 'connections.disconnected', values }, campaigns.length > 0);
}

export function expiringNotice(input: ExpiringNoticeInput): NoticeContent {
  return withEnglish({ key: 'connections.expiring', values: { ...about(input), daysLeft: input.daysLeft, grantDays: input.grantDays ?? null } }, false);
}

export function reconnectedNotice(input: NoticeAbout): NoticeContent {
  return withEnglish({ key: 'connections.reconnected', values: about(input) }, false);
}

const text = (values: NoticeValues, name: string): string => (typeof values[name] === 'string' ? (values[name] as string) : '');
const count = (values: NoticeValues, name: string): number | null => (typeof values[name] === 'number' ? (values[name] as number) : null);
const list = (values: NoticeValues, name: string): string[] => (Array.isArray(values[name]) ? (values[name] as string[]) : []);

/** The connection notices in a reader's language, from what was stored; null for any other key. */
export const connectionNoticeTexts: NoticeTexts = (message, locale) => {
  const { values } = message;
  const words = connectionMessages.for(locale);
  const network = text(values, 'network');
  const account = labelOf({ name: text(values, 'account'), on: text(values, 'on') || null }, locale);
  const named = { network, account };
  if (message.key === 'connections.reconnected') return { title: words.t('notices.reconnected', named), body: words.t('notices.reconnectedBody') };
  if (message.key === 'connections.expiring') {
    const { why, fix } = describeReason('expires_soon', network, { grantDays: count(values, 'grantDays'), account, locale });
    return { title: words.t('notices.expiring', { ...named, days: Math.max(1, count(values, 'daysLeft') ?? 1) }), body: `${why} ${fix}` };
  }
  if (message.key === 'connections.disconnected') return disconnectedTexts(values, locale, named);
  return null;
};

function disconnectedTexts(values: NoticeValues, locale: ReaderLocale, named: { network: string; account: string }) {
  const words = connectionMessages.for(locale);
  const switchNetwork = text(values, 'accountNetwork');
  const { why, fix } = describeReason(text(values, 'reason') || null, named.network, {
    grantDays: count(values, 'grantDays'),
    professionalSwitch: switchNetwork ? profileOf(switchNetwork)?.professionalSwitch : undefined,
    account: named.account,
    locale,
  });
  const campaigns = list(values, 'campaigns');
  const during = campaigns.length > 0 ? ` ${words.t('notices.campaigns', { count: campaigns.length, campaigns: quotedList(campaigns, locale) })}` : '';
  return { title: words.t(campaigns.length > 0 ? 'notices.disconnectedUrgent' : 'notices.disconnected', named), body: `${why} ${fix}${during}` };
}
