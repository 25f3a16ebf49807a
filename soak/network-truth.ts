/**
 * What each network itself knows, read from the sandbox's own records (its exported state and its own
 * token checks), never from our database: whether an account's grant to our app still works, the newest
 * token of that grant (the one we must hold), and the tokens a refresh rotated away.
 *
 * "The grant" is what the network issued to the person and what the service must keep to stay connected:
 * the long-lived token for Instagram (refreshing it issues the next one), the person's long-lived user
 * token for Facebook (its Page tokens outlive it, but the service ends the connection with it, see
 * docs/networks.md#facebook), the refresh tokens for TikTok, YouTube and Pinterest. Short-lived tokens
 * from a code exchange and access tokens are not the grant.
 */
import type { FacebookWorld } from '../sandbox/facebook/world.ts';
import type { StartedSandbox } from '../sandbox/index.ts';
import type { PinterestWorld } from '../sandbox/pinterest/world.ts';
import type { ThreadsWorld } from '../sandbox/threads/world.ts';
import type { TikTokWorld } from '../sandbox/tiktok/world.ts';
import type { GoogleWorld } from '../sandbox/youtube/world.ts';
import type { ProviderId } from '../src/providers/profiles.ts';
import type { SoakAccount } from './population.ts';

interface GrantToken {
  value: string;
  issuedAtMs: number;
  /** Issue order within the network (two tokens can share an instant on a clock that stands still). */
  order: number;
  /** Rotated away by a refresh (the network's record: superseded, spent). */
  rotatedOut: boolean;
  alive: () => boolean;
}

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

/** Networks whose grant token we hold as a refresh token (Instagram's is its access token, Facebook's is kept in the shared grant). */
export const grantTokenKind: Record<ProviderId, 'access' | 'refresh' | 'person'> = {
  instagram: 'access',
  facebook: 'person',
  tiktok: 'refresh',
  youtube: 'refresh',
  pinterest: 'refresh',
  threads: 'access',
};

/** Reads the sandbox's records now; cheap enough to take once a simulated day. */
export function snapshotNetworks(sandbox: StartedSandbox): NetworkSnapshot {
  const byProvider: Record<ProviderId, Map<string, GrantToken[]>> = {
    instagram: instagramGrants(sandbox),
    facebook: facebookGrants(sandbox),
    tiktok: tiktokGrants(sandbox),
    youtube: googleGrants(sandbox),
    pinterest: pinterestGrants(sandbox),
    threads: threadsGrants(sandbox),
  };
  const tokensOf = (account: SoakAccount) => byProvider[account.provider].get(grantKey(account)) ?? [];
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
      (Object.entries(byProvider) as [ProviderId, Map<string, GrantToken[]>][]).flatMap(([provider, grants]) =>
        [...grants.values()].flatMap((tokens) => tokens.filter((token) => token.rotatedOut).map((token) => ({ provider, value: token.value }))),
      ),
  };
}

/** The key each network files an account's grant under: the username, or Facebook's person id. */
function grantKey(account: SoakAccount): string {
  return account.provider === 'facebook' ? account.callKeys[1]! : account.username;
}

/** Groups tokens by account; `items` come in the order the network issued them (its records keep insertion order). */
function group<T>(items: T[], key: (item: T) => string, token: (item: T) => Omit<GrantToken, 'order'>): Map<string, GrantToken[]> {
  const out = new Map<string, GrantToken[]>();
  items.forEach((item, order) => {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push({ ...token(item), order });
    out.set(k, list);
  });
  return out;
}

function instagramGrants(sandbox: StartedSandbox): Map<string, GrantToken[]> {
  const world = sandbox.world.instagram;
  const tokens = world.exportState().tokens.filter((t) => t.kind === 'long');
  return group(
    tokens,
    (t) => t.username,
    (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: t.supersededAtMs !== undefined, alive: () => world.check(t.value).ok }),
  );
}

function facebookGrants(sandbox: StartedSandbox): Map<string, GrantToken[]> {
  const world = sandbox.world.network<FacebookWorld>('facebook');
  const tokens = world.exportState().tokens.filter((t) => t.kind === 'user-long');
  return group(
    tokens,
    (t) => t.userId,
    (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: false, alive: () => world.check(t.value, { data: true }).ok }),
  );
}

function tiktokGrants(sandbox: StartedSandbox): Map<string, GrantToken[]> {
  const world = sandbox.world.network<TikTokWorld>('tiktok');
  const state = world.exportState();
  const owner = new Map(state.grants.map((g) => [g.id, g.username]));
  return group(
    state.refreshTokens,
    (t) => owner.get(t.grantId) ?? '',
    (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: t.supersededAtMs !== undefined, alive: () => world.checkRefresh(t.value).ok }),
  );
}

function googleGrants(sandbox: StartedSandbox): Map<string, GrantToken[]> {
  const world = sandbox.world.network<GoogleWorld>('google');
  return group(
    world.exportState().refreshTokens,
    (t) => t.username,
    // Google's refresh tokens are not rotated: a refresh keeps presenting the same one.
    (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: false, alive: () => world.refreshDeath(t.value) === undefined }),
  );
}

function pinterestGrants(sandbox: StartedSandbox): Map<string, GrantToken[]> {
  const world = sandbox.world.network<PinterestWorld>('pinterest');
  return group(
    world.exportState().refreshTokens,
    (t) => t.username,
    (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: t.spentAtMs !== undefined, alive: () => world.checkRefresh(t.value).ok }),
  );
}

function threadsGrants(sandbox: StartedSandbox): Map<string, GrantToken[]> {
  const world = sandbox.world.network<ThreadsWorld>('threads');
  const tokens = world.exportState().tokens.filter((t) => t.kind === 'long');
  return group(
    tokens,
    (t) => t.username,
    (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: t.supersededAtMs !== undefined, alive: () => world.check(t.value).ok }),
  );
}

/** Ends the account's grant at the network, as the creator removing our app there would. */
export function revokeAtNetwork(sandbox: StartedSandbox, account: SoakAccount): void {
  const world = sandbox.world;
  switch (account.provider) {
    case 'instagram':
      world.instagram.applyEvent(account.username, 'revoke');
      return;
    case 'facebook':
      world.network<FacebookWorld>('facebook').applyEvent(account.username, 'app-removed');
      return;
    case 'tiktok':
      world.network<TikTokWorld>('tiktok').applyEvent(account.username, 'revoke');
      return;
    case 'youtube':
      world.network<GoogleWorld>('google').applyEvent(account.username, 'revoke');
      return;
    case 'pinterest':
      world.network<PinterestWorld>('pinterest').applyEvent(account.username, 'revoke');
      return;
    case 'threads':
      world.network<ThreadsWorld>('threads').applyEvent(account.username, 'revoke');
      return;
  }
}
