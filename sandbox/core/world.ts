/**
 * The sandbox's whole state: configuration, the simulated Instagram (accounts, apps, codes, tokens),
 * a call log and the active faults. Everything is in memory and every instant comes from the injected
 * Clock, so a test can age a token by 61 days without sleeping.
 *
 * `reset()` puts the world back to its seeded state (same ids, same config as at construction) but keeps
 * the record of issued secrets: `issuedTokens()` answers "everything this sandbox ever handed out", which
 * is what a "no token in the logs" test greps for.
 *
 * With a `stateFile` (see persistence.ts) the world starts from the accounts, apps and tokens saved there and
 * `persister` saves them back; without one nothing of that exists and nothing costs anything.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/kernel/clock.ts';
import { InstagramWorld } from '../instagram/world.ts';
import { defaultMetaLimits } from '../meta/usage.ts';
import { CallLog } from './call-log.ts';
import { FaultBook } from './faults.ts';
import { loadState, type PersistedState, STATE_VERSION, StatePersister } from './persistence.ts';
import type { NetworkContext, SandboxApp, SandboxConfig, SimulatedNetwork } from './types.ts';

export const defaultApp: SandboxApp = {
  clientId: 'sandbox-instagram-app',
  clientSecret: 'sandbox-instagram-secret',
  name: 'Channelkeeper Sandbox',
  redirectUris: [],
};

export const defaultConfig: SandboxConfig = {
  longLivedSeconds: 60 * 86_400,
  shortLivedSeconds: 3_600,
  codeSeconds: 3_600,
  minRefreshAgeSeconds: 86_400,
  refreshGraceSeconds: 3_600,
  refreshRotates: true,
  personalAccounts: 'token',
  codeExchangeShape: 'flat',
  latencyMs: 0,
  appUsagePercent: 1,
  ...defaultMetaLimits,
  tooYoungErrorCode: 100,
  cdnLinkSeconds: 4 * 86_400,
  cdnVideoBytes: 0,
  apps: [defaultApp],
};

export function resolveConfig(partial: Partial<SandboxConfig> = {}): SandboxConfig {
  const apps = new Map(defaultConfig.apps.map((a) => [a.clientId, a]));
  for (const app of partial.apps ?? []) apps.set(app.clientId, { ...apps.get(app.clientId), ...app });
  return { ...defaultConfig, ...partial, apps: [...apps.values()].map((a) => ({ ...a, redirectUris: [...a.redirectUris] })) };
}

export class World {
  readonly clock: Clock;
  /** Live configuration; `PATCH /_sandbox/config` edits it, `reset()` restores the construction values. */
  readonly config: SandboxConfig;
  readonly calls: CallLog;
  readonly faults = new FaultBook();
  readonly instagram: InstagramWorld;
  /** Present only when the world was built with a state file. */
  readonly persister: StatePersister | undefined;
  readonly #initialConfig: SandboxConfig;
  readonly #issued = new Set<string>();
  readonly #networks = new Map<string, SimulatedNetwork>();
  /** Saved network states waiting for their network to be added. */
  readonly #savedNetworks: Record<string, unknown>;

  constructor(clock: Clock, config: Partial<SandboxConfig> = {}, options: { stateFile?: string } = {}) {
    this.clock = clock;
    this.calls = new CallLog(clock);
    const saved = options.stateFile === undefined ? undefined : loadState(options.stateFile);
    // Saved apps first: apps given at construction win over what the file remembers.
    this.#initialConfig = resolveConfig(saved ? { ...config, apps: [...saved.apps, ...(config.apps ?? [])] } : config);
    this.config = resolveConfig(this.#initialConfig);
    this.instagram = new InstagramWorld({
      clock,
      config: this.config,
      secret: (prefix, bytes) => this.#secret(prefix, bytes),
    });
    this.#savedNetworks = saved?.networks ?? {};
    if (saved) {
      this.instagram.importState(saved.instagram);
      for (const token of saved.instagram.tokens) this.#issued.add(token.value);
    }
    if (options.stateFile !== undefined) {
      this.persister = new StatePersister(options.stateFile, { changes: () => this.#changes(), state: () => this.persistedState() });
    }
  }

  /**
   * Adds a simulated network (its `register…` function calls this once). If the state file holds a
   * saved state for it, the network loads it now.
   */
  addNetwork<T extends SimulatedNetwork>(name: string, make: (context: NetworkContext) => T): T {
    if (this.#networks.has(name)) throw new Error(`network ${name} is already part of this world`);
    const network = make({
      clock: this.clock,
      secret: (prefix, bytes) => this.#secret(prefix, bytes),
      remember: (secret) => void this.#issued.add(secret),
      calls: this.calls,
      faults: this.faults,
    });
    this.#networks.set(name, network);
    if (name in this.#savedNetworks) network.importState(this.#savedNetworks[name]);
    this.persister?.acceptCurrent();
    return network;
  }

  /** A network added with `addNetwork`; throws if it is not part of this world. */
  network<T extends SimulatedNetwork>(name: string): T {
    const network = this.#networks.get(name);
    if (!network) throw new Error(`network ${name} is not part of this sandbox`);
    return network as T;
  }

  #changes(): number {
    let total = this.instagram.changes;
    for (const network of this.#networks.values()) total += network.changes;
    return total;
  }

  /** What a state file holds: apps, accounts and tokens (not codes, faults, call counts or the rest of the config). */
  persistedState(): PersistedState {
    return {
      version: STATE_VERSION,
      savedAt: this.clock.now().toISOString(),
      apps: this.config.apps.map((a) => ({ ...a, redirectUris: [...a.redirectUris] })),
      instagram: this.instagram.exportState(),
      networks: Object.fromEntries([...this.#networks].map(([name, network]) => [name, network.exportState()])),
    };
  }

  /** Every access token and authorization code this sandbox has issued since construction. */
  issuedTokens(): string[] {
    return [...this.#issued];
  }

  reset(): void {
    Object.assign(this.config, resolveConfig(this.#initialConfig));
    this.calls.clear();
    this.faults.clear();
    this.instagram.reset();
    for (const network of this.#networks.values()) network.reset();
  }

  #secret(prefix: string, bytes: number): string {
    const value = prefix + randomBytes(bytes).toString('base64url');
    this.#issued.add(value);
    return value;
  }
}
