/**
 * A connection's account as a creator reads it in emails and notices: its name (accountName: handle,
 * a Page's name, or the network's id), and the network it is on when that is not the login's own (an
 * Instagram account reached through Facebook Login: "@dana.bakes on Instagram").
 */
import type { ReaderLocale } from '../platform/i18n/locales.ts';
import { accountName } from '../providers/account-name.ts';
import type { LocalizedText } from '../providers/network-profile.ts';
import { displayNameOf, profileOf } from '../providers/profiles.ts';
import type { Connection } from './connection.rules.ts';
import { connectionMessages } from './messages/emails/index.ts';

export type Labelled = Pick<Connection, 'network' | 'provider' | 'username' | 'displayName' | 'accountId'>;

/** An account as notices store it: its name, and the network it is on when not the login's own. */
export interface AccountRef {
  name: string;
  on: string | null;
}

export function accountRef(connection: Labelled): AccountRef {
  return { name: accountName(connection), on: connection.network === connection.provider ? null : displayNameOf(connection.network) };
}

/** "@dana.bakes on Instagram" in the reader's language, or the name alone. */
export function labelOf(ref: AccountRef, locale: ReaderLocale = 'en'): string {
  return ref.on ? connectionMessages.for(locale).t('account.on', { account: ref.name, network: ref.on }) : ref.name;
}

/** The label in the reader's language (English for the API, webhooks and logs). */
export function accountLabel(connection: Labelled, locale: ReaderLocale = 'en'): string {
  return labelOf(accountRef(connection), locale);
}

/** How the connection's account switches back to a professional one, for the `not_professional` reason. */
export function professionalSwitchOf(connection: Pick<Connection, 'network'>): LocalizedText | undefined {
  return profileOf(connection.network)?.professionalSwitch;
}
