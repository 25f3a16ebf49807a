/**
 * What the driver learns at the end of each simulated day, from the database and the sandbox's records:
 *
 * - every disconnection of the day, and whether the network still honoured that channel's grant at the
 *   time (a channel lost with a valid grant: must never happen);
 * - for every channel revoked at the network and not yet disconnected, whether the network has since
 *   answered a call about it (a real answer: not a fault the sandbox injected, not a throttle): the first
 *   sweep that hears the refusal must disconnect the channel;
 * - who reconnects, and when (some disconnected creators come back a few days later).
 */
import type { ChaosSettings } from './chaos.ts';
import type { Environment } from './environment.ts';
import { snapshotNetworks } from './network-truth.ts';
import type { SoakAccount } from './population.ts';

interface Revocation {
  day: number;
  /** The sandbox's counters for the account when it was revoked. */
  calls: number;
  faulted: number;
  throttled: number;
  /** Already counted as not flagged in one sweep. */
  missed: boolean;
}

export interface Disconnection {
  connectionId: string;
  provider: string;
  reason: string;
  day: number;
}

export class Observer {
  readonly disconnections: Disconnection[] = [];
  readonly lostWithValidGrant: Disconnection[] = [];
  /** Revoked channels the network answered about, and which stayed connected after that sweep. */
  readonly notFlaggedInOneSweep: { connectionId: string; day: number }[] = [];
  /** Days from a revocation at the network to the channel's disconnection. */
  readonly flaggedAfterDays: number[] = [];
  readonly #env: Environment;
  readonly #byConnection = new Map<string, SoakAccount>();
  readonly #revoked = new Map<SoakAccount, Revocation>();
  readonly #reconnects = new Map<number, SoakAccount[]>();
  readonly #throttled = new Map<string, number>();
  readonly #options: { startMs: number; chaos: ChaosSettings; random: () => number };
  #cursor: Date;

  constructor(env: Environment, accounts: SoakAccount[], options: { startMs: number; chaos: ChaosSettings; random: () => number }) {
    this.#env = env;
    this.#options = options;
    for (const account of accounts) if (account.connectionId) this.#byConnection.set(account.connectionId, account);
    this.#cursor = new Date(options.startMs);
  }

  accountOf(connectionId: string): SoakAccount | undefined {
    return this.#byConnection.get(connectionId);
  }

  connected(account: SoakAccount, connectionId: string): void {
    account.connectionId = connectionId;
    this.#byConnection.set(connectionId, account);
  }

  isRevoked(account: SoakAccount): boolean {
    return this.#revoked.has(account);
  }

  /** Revoked channels still waiting for their disconnection. */
  get revokedPending(): number {
    return this.#revoked.size;
  }

  revoked(account: SoakAccount, day: number): void {
    this.#revoked.set(account, { day, ...this.#counters(account), missed: false });
  }

  reconnectsDue(day: number): SoakAccount[] {
    const due = this.#reconnects.get(day) ?? [];
    this.#reconnects.delete(day);
    return due;
  }

  async endOfDay(day: number): Promise<void> {
    this.#foldThrottles();
    const now = this.#env.clock.now();
    const network = snapshotNetworks(this.#env.sandbox);
    const events = await this.#env.system.deps.db
      .selectFrom('connection_events')
      .select(['connection_id', 'reason'])
      .where('type', '=', 'disconnected')
      .where('occurred_at', '>', this.#cursor)
      .where('occurred_at', '<=', now)
      .execute();
    this.#cursor = now;
    for (const event of events) {
      const account = this.#byConnection.get(event.connection_id);
      if (!account) continue;
      const seen = { connectionId: event.connection_id, provider: account.provider, reason: event.reason ?? 'unknown', day };
      this.disconnections.push(seen);
      if (network.grantAlive(account)) this.lostWithValidGrant.push(seen);
      const revocation = this.#revoked.get(account);
      if (revocation) {
        this.flaggedAfterDays.push(day - revocation.day);
        this.#revoked.delete(account);
      }
      this.#maybeReconnect(account, day);
    }
    for (const [account, revocation] of this.#revoked) {
      if (revocation.missed) continue;
      const current = this.#counters(account);
      const answered = current.calls - revocation.calls - (current.faulted - revocation.faulted) - (current.throttled - revocation.throttled);
      if (answered > 0) {
        revocation.missed = true;
        this.notFlaggedInOneSweep.push({ connectionId: account.connectionId!, day });
      }
    }
  }

  /** Some creators come back 1 to 7 days after a disconnection, through the connect flow. */
  #maybeReconnect(account: SoakAccount, day: number): void {
    const { random, chaos } = this.#options;
    if (random() >= chaos.reconnectShare) return;
    const on = day + 1 + Math.floor(random() * 7);
    this.#reconnects.set(on, [...(this.#reconnects.get(on) ?? []), account]);
  }

  #counters(account: SoakAccount): { calls: number; faulted: number; throttled: number } {
    const { calls, faults } = this.#env.sandbox.world;
    let n = 0;
    let f = 0;
    let t = 0;
    for (const key of account.callKeys) {
      n += calls.count(undefined, key);
      f += faults.faultedCalls(key);
      t += this.#throttled.get(key) ?? 0;
    }
    return { calls: n, faulted: f, throttled: t };
  }

  /** The sandbox's own rate-limit answers, per account; the timeline is then cleared (a year of minutes is a lot of memory). */
  #foldThrottles(): void {
    const timeline = this.#env.sandbox.world.calls.timeline;
    for (const throttle of timeline.throttles) if (throttle.account) this.#throttled.set(throttle.account, (this.#throttled.get(throttle.account) ?? 0) + 1);
    timeline.clear();
  }
}
