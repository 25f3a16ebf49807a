/**
 * How every email, notice, page and webhook names a creator's account: its handle (`@ana.business`),
 * else its display name (a TikTok account connected before we asked for usernames), else the network's
 * id of the account; a network whose accounts are known by their names (a Facebook Page) puts the name
 * first. Never a generic phrase ("your TikTok account"): a creator with several accounts on one network
 * must be able to tell which one is meant. The webhooks build the same name in SQL
 * (webhooks/webhooks.repo.ts `accountNameSql`, kept equal by the webhook integration test); change both.
 */
import { profileOf, profiles } from './profiles.ts';

export interface NameableAccount {
  /** The network the account is on ('instagram' also for an Instagram account reached through Facebook Login). */
  network: string;
  username: string | null;
  displayName: string | null;
  accountId: string;
}

export function accountName(account: NameableAccount): string {
  // Some networks hand the handle back with its '@' (and people type it so); one '@' is ours to add.
  const bare = account.username?.trim().replace(/^@+/, '');
  const handle = bare ? `@${bare}` : null;
  const name = account.displayName?.trim() || null;
  const first = profileOf(account.network)?.accountsKnownBy === 'name' ? (name ?? handle) : (handle ?? name);
  return first ?? account.accountId;
}

/** The networks whose accounts are named by their names first (for the SQL twin of accountName). */
export const networksKnownByName: readonly string[] = profiles.filter((profile) => profile.accountsKnownBy === 'name').map((profile) => profile.id);
