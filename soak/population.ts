/**
 * The soak's creators and their channels, on both sides.
 *
 * The first population is seeded: a grant minted in the sandbox world of its network at the connect
 * instant (`mintGrant`, as the benchmarks do), then stored with the functions the OAuth callback itself
 * stores with (`upsertCreator`, `insertGrant` for a Facebook login, `storeConnection`, in one transaction),
 * so each row, sealed token, event, webhook and media sync is what the connect flow writes. Running the
 * whole flow 10,000 times (connect session, consent page, callback) would cost minutes of the half hour.
 * Creators who connect later in the year, and those who reconnect after a disconnection, go through the
 * real connect flow (the API, the sandbox's consent page, the callback and the account choice).
 */
import { kitOf } from '../bench/lib/kits.ts';
import { type MintedGrant, mintGrant } from '../bench/lib/mixed-seed.ts';
import { providerSequence } from '../bench/lib/population.ts';
import type { KitAccount, StartedSandbox } from '../sandbox/index.ts';
import { forEachLimited } from '../src/connections/refresh-sweep.ts';
import { insertGrant, storeConnection } from '../src/connections/store-connection.ts';
import { type Clock, DAY, HOUR } from '../src/kernel/clock.ts';
import type { Deps } from '../src/platform/deps.ts';
import { upsertCreator } from '../src/platform/workspaces.repo.ts';
import type { ProviderId } from '../src/providers/profiles.ts';
import type { System } from '../src/system.ts';
import { driveConnect } from '../test/support/context.ts';
import { connectedIds } from '../test/support/daily-jobs.ts';

/** One creator's channel on one network, as the driver follows it (the account as its network's kit made it). */
export interface SoakAccount extends KitAccount {
  index: number;
  provider: ProviderId;
  creatorId: string;
  email: string;
  connectionId?: string;
}

export interface SeedOptions {
  count: number;
  /** Connect instants spread over the days before `startMs`. */
  windowDays: number;
  startMs: number;
  random: () => number;
}

export async function seedPopulation(deps: Deps, sandbox: StartedSandbox, clock: { set(at: Date): void }, workspaceId: string, options: SeedOptions): Promise<SoakAccount[]> {
  const providers = providerSequence(options.count);
  const windowMs = options.windowDays * DAY;
  const instants = providers.map(() => options.startMs - HOUR - Math.floor(options.random() * (windowMs - HOUR))).sort((a, b) => a - b);
  // Minting reads the sandbox's clock: one grant at a time, each at its own instant.
  const grants = providers.map((provider, index) => {
    clock.set(new Date(instants[index]!));
    return mintGrant(sandbox, provider, `soak${index}`, new Date(instants[index]!));
  });
  clock.set(new Date(options.startMs));
  const accounts = grants.map((grant, index) => accountOf(sandbox, grant, index));
  await forEachLimited(accounts, 16, async (account) => {
    const grant = grants[account.index]!;
    account.connectionId = await storeSeeded({ ...deps, clock: fixedClock(grant.issuedAt) }, workspaceId, account, grant);
  });
  await settledBeforeDayZero(deps);
  return accounts;
}

/**
 * The first population connected in the weeks before day 0, so its first media syncs and its
 * `connection.connected` webhooks went out back then: they are marked done rather than replayed, ten
 * thousand of each, on day 0 (they would cost minutes of the half hour and prove nothing about tokens).
 * Connections made during the year sync and notify as usual.
 */
async function settledBeforeDayZero(deps: Deps): Promise<void> {
  await deps.db
    .updateTable('media_syncs')
    .set((eb) => ({ status: 'done', started_at: eb.ref('created_at'), finished_at: eb.ref('created_at') }))
    .where('status', '=', 'queued')
    .execute();
  await deps.db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ status: 'delivered', delivered_at: eb.ref('created_at'), attempts: 1 }))
    .where('status', '=', 'pending')
    .execute();
}

const fixedClock = (at: Date): Clock => ({ now: () => new Date(at) });

async function storeSeeded(deps: Deps, workspaceId: string, account: SoakAccount, grant: MintedGrant): Promise<string> {
  const provider = deps.providers.get(grant.provider)!;
  const session = { workspace_id: workspaceId, creator_id: account.creatorId, provider: grant.provider };
  const tokens = {
    accessToken: grant.accessToken,
    expiresAt: grant.expiresAt,
    issuedAt: grant.issuedAt,
    refreshToken: grant.refreshToken,
    refreshTokenExpiresAt: grant.refreshTokenExpiresAt,
    dataAccessExpiresAt: grant.dataAccessExpiresAt,
    scopes: grant.scopes,
    providerUserId: grant.providerUserId ?? undefined,
  };
  const providerAccount = {
    accountId: grant.accountId,
    network: grant.network,
    username: grant.username,
    displayName: grant.displayName,
    accountType: grant.accountType,
    avatarUrl: null,
    eligible: true,
    accountAccessToken: grant.accountAccessToken,
  };
  return deps.db.transaction().execute(async (trx) => {
    await upsertCreator(trx, deps.clock, { workspaceId, id: account.creatorId, email: account.email, name: `Creator ${account.index}` });
    const grantId = grant.accountAccessToken !== undefined ? await insertGrant(deps, trx, { session, tokens }) : undefined;
    const stored = await storeConnection(deps, trx, { session, provider, tokens, account: providerAccount, grantId });
    if (!stored.ok) throw new Error(`seeding ${account.username}: ${stored.error.code}`);
    return stored.value.connectionId;
  });
}

const creatorOf = (index: number, provider: ProviderId) => ({ index, provider, creatorId: `creator-${index}`, email: `creator-${index}@soak.example` });

function accountOf(sandbox: StartedSandbox, grant: MintedGrant, index: number): SoakAccount {
  return { ...creatorOf(index, grant.provider), ...kitOf(grant.provider).accountOfGrant(sandbox.world, grant) };
}

/** A new creator's account at the network, with nothing granted yet: they connect through the flow. */
export function createNetworkAccount(sandbox: StartedSandbox, provider: ProviderId, index: number): SoakAccount {
  return { ...creatorOf(index, provider), ...kitOf(provider).createAccount(sandbox.world, `soak${index}.${provider.slice(0, 2)}`) };
}

/**
 * The creator connects (or reconnects) through the real flow on the driver's API process, trying again
 * when a fault spoils an attempt, as a person would; the connection id, or undefined after `attempts`.
 */
export async function connectThroughFlow(system: System, sandbox: StartedSandbox, apiKey: string, account: SoakAccount, attempts = 5): Promise<string | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const done = await driveConnect(
      system,
      sandbox,
      {
        creator: { id: account.creatorId, email: account.email, name: `Creator ${account.index}` },
        provider: account.provider,
        account: account.username,
        choose: account.choose,
        returnUrl: 'https://platform.example/back',
      },
      apiKey,
    );
    const ids = done.statusCode === 302 ? connectedIds(done.headers.location as string) : [];
    if (ids.length === 1) return ids[0];
  }
  return undefined;
}
