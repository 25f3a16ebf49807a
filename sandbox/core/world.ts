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
import { CallTimeline } from './call-timeline.ts';
import { FaultBook } from './faults.ts';
import { InstagramWorld } from '../instagram/world.ts';
import { defaultMetaLimits } from '../meta/usage.ts';
import { loadState, StatePersister, STATE_VERSION, type PersistedState } from './persistence.ts';

/** An Instagram app (Meta calls it the "Instagram App ID" and "Instagram App Secret"). */
export interface SandboxApp {
  clientId: string;
  clientSecret: string;
  /** Shown on the authorize page: "<name> wants to access your Instagram account". */
  name: string;
  /** Registered redirect URIs; an empty list accepts any http(s) URI at authorize time. */
  redirectUris: string[];
}

export interface SandboxConfig {
  /** Long-lived token lifetime; Meta documents 60 days. */
  longLivedSeconds: number;
  /** Short-lived token lifetime (from the code exchange); Meta documents 1 hour. */
  shortLivedSeconds: number;
  /** Authorization code lifetime; Meta documents 1 hour, single use. */
  codeSeconds: number;
  /** A long-lived token must be at least this old to be refreshed; Meta documents 24 hours. */
  minRefreshAgeSeconds: number;
  /** How long a refreshed-away token keeps working before it answers 190/467. */
  refreshGraceSeconds: number;
  /** false: refresh extends the same token string (community reports both behaviours). */
  refreshRotates: boolean;
  /** 'token': personal accounts connect and /me says PERSONAL; 'refuse': /me answers (#10). */
  personalAccounts: 'token' | 'refuse';
  /** 'flat' is what production returns; 'data' is the `{"data":[...]}` shape the docs show. */
  codeExchangeShape: 'flat' | 'data';
  /** Real-time delay before every provider answer (not the control API): a network's latency. */
  latencyMs: number;
  /** What successful Graph answers report in X-App-Usage call_count (percent of the app's hourly limit). */
  appUsagePercent: number;
  /** Meta's platform limit: calls the app may make per rolling hour (code 4 beyond it). */
  appCallsPerHour: number;
  /** Instagram business-use-case limit: calls per IG account per rolling 24 hours (code 80002 beyond it). */
  igCallsPerDay: number;
  /** Graph error code for a refresh of a token younger than minRefreshAgeSeconds (undocumented by Meta). */
  tooYoungErrorCode: number;
  /** Merged over the default app by clientId. */
  apps: SandboxApp[];
}

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
  apps: [defaultApp],
};

export function resolveConfig(partial: Partial<SandboxConfig> = {}): SandboxConfig {
  const apps = new Map(defaultConfig.apps.map((a) => [a.clientId, a]));
  for (const app of partial.apps ?? []) apps.set(app.clientId, { ...apps.get(app.clientId), ...app });
  return { ...defaultConfig, ...partial, apps: [...apps.values()].map((a) => ({ ...a, redirectUris: [...a.redirectUris] })) };
}

export interface CallSnapshot {
  total: number;
  byEndpoint: Record<string, number>;
  /** endpoint → IG user_id → count; calls that named no known account are not listed here. */
  byAccount: Record<string, Record<string, number>>;
}

/** Counters only (no per-call rows): benchmarks push tens of thousands of calls a second through here. */
export class CallLog {
  #byEndpoint = new Map<string, number>();
  #byAccount = new Map<string, Map<string, number>>();

  /** When the calls came (per minute), and the throttles the sandbox's limiters answered. */
  readonly timeline: CallTimeline;

  constructor(clock: Clock) {
    this.timeline = new CallTimeline(clock);
  }

  record(endpoint: string, userId?: string): void {
    this.timeline.record(endpoint, userId);
    this.#byEndpoint.set(endpoint, (this.#byEndpoint.get(endpoint) ?? 0) + 1);
    if (userId === undefined) return;
    let accounts = this.#byAccount.get(endpoint);
    if (!accounts) this.#byAccount.set(endpoint, (accounts = new Map()));
    accounts.set(userId, (accounts.get(userId) ?? 0) + 1);
  }

  /** Calls to `endpoint` (all endpoints when omitted), optionally for one IG user_id. */
  count(endpoint?: string, userId?: string): number {
    const endpoints = endpoint === undefined ? [...this.#byEndpoint.keys()] : [endpoint];
    let n = 0;
    for (const e of endpoints) {
      n += userId === undefined ? (this.#byEndpoint.get(e) ?? 0) : (this.#byAccount.get(e)?.get(userId) ?? 0);
    }
    return n;
  }

  snapshot(endpoint?: string): CallSnapshot {
    const keys = endpoint === undefined ? [...this.#byEndpoint.keys()] : [endpoint];
    const snap: CallSnapshot = { total: 0, byEndpoint: {}, byAccount: {} };
    for (const e of keys) {
      const n = this.#byEndpoint.get(e) ?? 0;
      snap.total += n;
      snap.byEndpoint[e] = n;
      snap.byAccount[e] = Object.fromEntries(this.#byAccount.get(e) ?? []);
    }
    return snap;
  }

  clear(): void {
    this.#byEndpoint.clear();
    this.#byAccount.clear();
    this.timeline.clear();
  }
}

/**
 * A simulated network other than Instagram (Facebook, TikTok, Google, Pinterest). Each keeps its own
 * records and configuration in its own file and plugs in through `World.addNetwork`, so adding one
 * touches nothing here.
 */
export interface SimulatedNetwork {
  /** Back to the seeded accounts and the configuration it was built with. */
  reset(): void;
  /** Bumped by every change worth persisting; the persister compares it with what it saved. */
  readonly changes: number;
  /** Accounts and tokens as plain JSON (no codes, faults or counters). */
  exportState(): unknown;
  /** Replaces accounts and tokens with a saved state; a state it cannot read is ignored. */
  importState(state: unknown): void;
}

/** What a network's state receives from the world: the clock, secrets (recorded as issued), calls, faults. */
export interface NetworkContext {
  clock: Clock;
  /** A fresh random secret with the given prefix, remembered in `issuedTokens()`. */
  secret(prefix: string, bytes: number): string;
  /** Marks a saved secret as issued (when state is loaded from a file). */
  remember(secret: string): void;
  calls: CallLog;
  faults: FaultBook;
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
