/**
 * When the calls came, on the sandbox clock: counts per minute per endpoint (and per account), and the
 * throttle answers the sandbox's own rate limiters sent. Tests and benchmarks ask it for the peak number
 * of calls in any window (fixed or rolling) to prove a client never exceeded a network's limit, and for
 * the throttles to prove it never ran into one. Minute buckets keep a day of 100,000 calls to a few
 * thousand map entries. Fault-injected throttles are not counted here: a test arms those on purpose.
 */
import type { Clock } from '../../src/kernel/clock.ts';

const MINUTE_MS = 60_000;

export interface ThrottleRecord {
  endpoint: string;
  account: string | undefined;
  code: string;
  atMs: number;
}

export class CallTimeline {
  readonly #clock: Clock;
  /** "endpoint|account" (account '' for all) → minute → calls. */
  readonly #buckets = new Map<string, Map<number, number>>();
  readonly throttles: ThrottleRecord[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  record(endpoint: string, account?: string): void {
    const minute = Math.floor(this.#clock.now().getTime() / MINUTE_MS);
    for (const key of account === undefined ? [`${endpoint}|`] : [`${endpoint}|`, `${endpoint}|${account}`]) {
      let minutes = this.#buckets.get(key);
      if (!minutes) this.#buckets.set(key, (minutes = new Map()));
      minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
    }
  }

  /** A rate limiter of the sandbox refused a call (it answered 429, code 4, 80002…). */
  throttled(endpoint: string, account: string | undefined, code: string | number): void {
    this.throttles.push({ endpoint, account, code: String(code), atMs: this.#clock.now().getTime() });
  }

  /** Calls to the endpoints `match` accepts (for one account when given), per minute, oldest first. */
  perMinute(match: (endpoint: string) => boolean, account?: string): [minute: number, calls: number][] {
    const out = new Map<number, number>();
    for (const [key, minutes] of this.#buckets) {
      const bar = key.lastIndexOf('|');
      if (!match(key.slice(0, bar)) || key.slice(bar + 1) !== (account ?? '')) continue;
      for (const [minute, n] of minutes) out.set(minute, (out.get(minute) ?? 0) + n);
    }
    return [...out].sort((a, b) => a[0] - b[0]);
  }

  /**
   * The most calls in any window of `windowMs` (a whole number of minutes): rolling windows slide a
   * minute at a time, as Meta's hour does; fixed ones start at multiples of `windowMs` from the epoch.
   */
  peak(match: (endpoint: string) => boolean, windowMs: number, options: { account?: string; rolling?: boolean } = {}): number {
    const minutes = this.perMinute(match, options.account);
    const span = Math.max(1, Math.round(windowMs / MINUTE_MS));
    let best = 0;
    if (!options.rolling) {
      const fixed = new Map<number, number>();
      for (const [minute, n] of minutes) fixed.set(Math.floor(minute / span), (fixed.get(Math.floor(minute / span)) ?? 0) + n);
      return Math.max(0, ...fixed.values());
    }
    let sum = 0;
    let tail = 0;
    for (const [minute, n] of minutes) {
      sum += n;
      while (minutes[tail]![0] <= minute - span) sum -= minutes[tail++]![1];
      best = Math.max(best, sum);
    }
    return best;
  }

  /** The sandbox time of the last call to the endpoints `match` accepts (minute precision), if any. */
  lastMinute(match: (endpoint: string) => boolean): number | undefined {
    return this.perMinute(match).at(-1)?.[0];
  }

  clear(): void {
    this.#buckets.clear();
    this.throttles.length = 0;
  }
}
