/**
 * A network's test kit: what the benchmarks and the soak need to drive one simulated network without
 * naming it. Each network folder has a `kit.ts` implementing `NetworkKit`, and `networks.ts` lists them
 * with the registrars, so bench/ and soak/ loop over the kits and a new network brings its own.
 *
 * A kit is plain data and free functions taking the world first: the population mix is read before any
 * sandbox exists (bench/run.ts prints it), and one kit serves every world.
 */
import type { FaultSpec } from './faults.ts';
import type { World } from './world.ts';

/** One grant as our adapter would report it after the code exchange (its TokenSet and ProviderAccount, reduced). */
export interface KitGrant {
  /** Our provider id: the network's id in the service's registry. */
  provider: string;
  login: string;
  network: string;
  accountId: string;
  username: string | null;
  displayName: string | null;
  accountType: string;
  scopes: string[];
  providerUserId: string | null;
  issuedAt: Date;
  accessToken: string;
  expiresAt: Date | null;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date | null;
  dataAccessExpiresAt?: Date | null;
  /** Facebook: the Page's own token; `accessToken` is then the person's, kept in provider_grants. */
  accountAccessToken?: string;
}

/** An account at the network, as a person driving the consent page and the network's records know it. */
export interface KitAccount {
  /** The username its consent page and account events name (Facebook: the person's). */
  username: string;
  /** What `connections.account_id` holds for it. */
  accountId: string;
  /** The ids the sandbox's call log and fault book file calls about this account under. */
  callKeys: string[];
  /** The key the network files the account's grant tokens under (see `NetworkKit.grantTokens`). */
  grantKey: string;
  /** The account choice to make after consent, when the network offers several (Facebook: only the Page). */
  choose?: string[];
}

/**
 * Which token we hold is the network's grant, the one the service must keep to stay connected: the
 * access token (Instagram, Threads: refreshing it issues the next one), the refresh token (TikTok, YouTube,
 * Pinterest), or the person's token kept in the shared grant (Facebook, whose Page tokens we hold).
 */
export type GrantTokenKind = 'access' | 'refresh' | 'person';

/** One of a grant's tokens, as the network's own records tell it. */
export interface GrantToken {
  value: string;
  issuedAtMs: number;
  /** Issue order within the network (two tokens can share an instant on a clock that stands still). */
  order: number;
  /** Rotated away by a refresh (the network's record: superseded, spent). */
  rotatedOut: boolean;
  /** Asks the network now, by its own token check. */
  alive: () => boolean;
}

export interface NetworkKit {
  /** Our provider id for this network (the service checks it names one of its networks). */
  readonly provider: string;
  /**
   * Its share of the benchmarks' and the soak's mixed population (the shares of all kits sum to 1); 0
   * keeps it out, and out of the chaos that picks networks (nothing of it to throttle).
   */
  readonly populationShare: number;
  readonly grantTokenKind: GrantTokenKind;
  /** Its rate-limit answer on the endpoints our sweeps and syncs call, as a fault to arm on each. */
  readonly throttle: { endpoints: string[]; spec: Pick<FaultSpec, 'fault' | 'code'> };
  /** The call-log endpoint whose refresh rotates away the token presented (an answer lost after it is a lost grant); none: refreshes keep it. */
  readonly rotatingRefreshEndpoint?: string;
  /** A grant for a new account (`prefix` names it), issued at the world clock's now, `issuedAt`, without the consent page. */
  mintGrant(world: World, prefix: string, issuedAt: Date): KitGrant;
  /** The account a minted grant belongs to. */
  accountOfGrant(world: World, grant: KitGrant): KitAccount;
  /** A new account at the network with a couple of posts and nothing granted yet (it connects through the consent page). */
  createAccount(world: World, username: string): KitAccount;
  /** Every grant token the network issued, by `KitAccount.grantKey`, in issue order: the network's truth. */
  grantTokens(world: World): Map<string, GrantToken[]>;
  /** Ends the account's grant at the network, as the person removing our app there would. */
  revoke(world: World, account: KitAccount): void;
  /** Lets a refreshed-away token (or refresh token) keep working this long, where the network rotates them. */
  graceAfterRotation(world: World, seconds: number): void;
}

/** Groups tokens by grant key; `items` come in the order the network issued them (its records keep insertion order). */
export function groupGrantTokens<T>(items: T[], key: (item: T) => string, token: (item: T) => Omit<GrantToken, 'order'>): Map<string, GrantToken[]> {
  const out = new Map<string, GrantToken[]>();
  items.forEach((item, order) => {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push({ ...token(item), order });
    out.set(k, list);
  });
  return out;
}
