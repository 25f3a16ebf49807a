/** The call log every simulated endpoint records into: counters per endpoint and account, and the timeline. */
import type { Clock } from '../../src/kernel/clock.ts';
import { CallTimeline } from './call-timeline.ts';

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
