/**
 * What each network itself knows, read from the sandbox's own records (its exported state and its own
 * token checks), never from our database: whether an account's grant to our app still works, the newest
 * token of that grant (the one we must hold), and the tokens a refresh rotated away.
 *
 * "The grant" is what the network issued to the person and what the service must keep to stay connected;
 * each network's kit (sandbox/<network>/kit.ts) says which token that is and reads its records. Short-lived
 * tokens from a code exchange are never the grant.
 */
import { kitOf, kits } from '../bench/lib/kits.ts';
import type { GrantToken, GrantTokenKind, StartedSandbox } from '../sandbox/index.ts';
import type { ProviderId } from '../src/providers/profiles.ts';
import type { SoakAccount } from './population.ts';

export interface NetworkSnapshot {
  /** Whether any token of the account's grant to our app works now. */
  grantAlive(account: SoakAccount): boolean;
  /** The newest working token of the grant (the one a refresh would next present); undefined when none works. */
  newestLiveToken(account: SoakAccount): string | undefined;
  /** Every grant token a refresh rotated away, per provider. */
  rotatedOut(): { provider: ProviderId; value: string }[];
  /** What the network says of one of the account's grant tokens (for reports), or undefined if it is not one. */
  describe(account: SoakAccount, value: string): { issuedAt: string; alive: boolean; rotatedOut: boolean } | undefined;
}

/** Which of our tokens is the network's grant (kits say: the access token, the refresh token, or the person's kept in the shared grant). */
export function grantTokenKind(provider: ProviderId): GrantTokenKind {
  return kitOf(provider).grantTokenKind;
}

/** Reads the sandbox's records now, through every network's kit; cheap enough to take once a simulated day. */
export function snapshotNetworks(sandbox: StartedSandbox): NetworkSnapshot {
  const byProvider = new Map(kits.map((kit) => [kit.provider, kit.grantTokens(sandbox.world)]));
  const tokensOf = (account: SoakAccount) => byProvider.get(account.provider)?.get(account.grantKey) ?? [];
  return {
    grantAlive: (account) => tokensOf(account).some((token) => token.alive()),
    newestLiveToken: (account) =>
      tokensOf(account)
        .filter((token) => token.alive())
        .sort((a, b) => b.issuedAtMs - a.issuedAtMs || b.order - a.order)[0]?.value,
    describe: (account, value) => {
      const token = tokensOf(account).find((t) => t.value === value);
      return token && { issuedAt: new Date(token.issuedAtMs).toISOString(), alive: token.alive(), rotatedOut: token.rotatedOut };
    },
    rotatedOut: () =>
      [...byProvider].flatMap(([provider, grants]) =>
        [...grants.values()].flatMap((tokens: GrantToken[]) => tokens.filter((token) => token.rotatedOut).map((token) => ({ provider, value: token.value }))),
      ),
  };
}

/** Ends the account's grant at the network, as the creator removing our app there would. */
export function revokeAtNetwork(sandbox: StartedSandbox, account: SoakAccount): void {
  kitOf(account.provider).revoke(sandbox.world, account);
}
