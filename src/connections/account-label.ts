/**
 * A connection's account as a creator reads it in emails and notices: its name (accountName: handle,
 * a Page's name, or the network's id), and the network it is on when that is not the login's own (an
 * Instagram account reached through Facebook Login: "@dana.bakes on Instagram").
 */
import { accountName } from '../providers/account-name.ts';
import { displayNameOf, profileOf } from '../providers/profiles.ts';
import type { Connection } from './connection.rules.ts';

export type Labelled = Pick<Connection, 'network' | 'provider' | 'username' | 'displayName' | 'accountId'>;

export function accountLabel(connection: Labelled): string {
  const name = accountName(connection);
  return connection.network === connection.provider ? name : `${name} on ${displayNameOf(connection.network)}`;
}

/** How the connection's account switches back to a professional one, for the `not_professional` reason. */
export function professionalSwitchOf(connection: Pick<Connection, 'network'>): string | undefined {
  return profileOf(connection.network)?.professionalSwitch;
}
