/**
 * Meta's rate limits as the sandbox enforces them (https://developers.facebook.com/docs/graph-api/overview/rate-limiting,
 * docs/networks.md#meta-shared-by-instagram-and-facebook):
 *
 * - the platform (app) limit: calls per app per rolling hour (Meta: 200 × daily active users), reported as
 *   `X-App-Usage` percentages; at 100 % calls fail with code 4 ("Application request limit reached");
 * - the Instagram business-use-case limit: calls per app and IG account per rolling 24 hours (Meta: 4800 ×
 *   impressions), reported per account in `X-Business-Use-Case-Usage`; at 100 % code 80002 with
 *   `estimated_time_to_regain_access` in minutes.
 *
 * Counting is by minute (app) and by hour (BUC) buckets, so a benchmark's hundreds of thousands of calls
 * cost a few map entries. Refused calls are not counted (the real limit extends a block for callers that
 * keep calling; the sandbox keeps the simpler "wait until the window slides" rule).
 */
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface MetaLimits {
  /** Calls one app may make per rolling hour. */
  appCallsPerHour: number;
  /** Calls one app may make about one Instagram account per rolling 24 hours. */
  igCallsPerDay: number;
}

export const defaultMetaLimits: MetaLimits = { appCallsPerHour: 200_000, igCallsPerDay: 20_000 };

/** A rolling window of `buckets` buckets of `bucketMs` each. */
class Window {
  readonly #counts = new Map<number, number>();
  readonly #bucketMs: number;
  readonly #buckets: number;
  constructor(bucketMs: number, buckets: number) {
    this.#bucketMs = bucketMs;
    this.#buckets = buckets;
  }

  #prune(nowMs: number): number {
    const current = Math.floor(nowMs / this.#bucketMs);
    let total = 0;
    for (const [bucket, n] of this.#counts) {
      if (bucket <= current - this.#buckets) this.#counts.delete(bucket);
      else total += n;
    }
    return total;
  }

  count(nowMs: number): number {
    return this.#prune(nowMs);
  }

  add(nowMs: number): void {
    const bucket = Math.floor(nowMs / this.#bucketMs);
    this.#counts.set(bucket, (this.#counts.get(bucket) ?? 0) + 1);
  }

  /** Minutes until the oldest counted bucket leaves the window (at least 1). */
  regainMinutes(nowMs: number): number {
    this.#prune(nowMs);
    const oldest = Math.min(...this.#counts.keys());
    if (!Number.isFinite(oldest)) return 1;
    const leavesAt = (oldest + this.#buckets) * this.#bucketMs;
    return Math.max(1, Math.ceil((leavesAt - nowMs) / MINUTE_MS));
  }
}

export type UsageVerdict = { ok: true } | { ok: false; code: 4 | 80002; regainMinutes: number };

export class MetaUsage {
  readonly #apps = new Map<string, Window>();
  readonly #accounts = new Map<string, Window>();
  readonly #limits: () => MetaLimits;

  constructor(limits: () => MetaLimits) {
    this.#limits = limits;
  }

  #app(clientId: string): Window {
    let w = this.#apps.get(clientId);
    if (!w) this.#apps.set(clientId, (w = new Window(MINUTE_MS, 60)));
    return w;
  }

  #account(clientId: string, igId: string): Window {
    const key = `${clientId}:${igId}`;
    let w = this.#accounts.get(key);
    if (!w) this.#accounts.set(key, (w = new Window(HOUR_MS, 24)));
    return w;
  }

  /** Counts one call of the app (about `igId` when it names an Instagram account), or says which limit refuses it. */
  admit(clientId: string, igId: string | undefined, nowMs: number): UsageVerdict {
    const limits = this.#limits();
    const app = this.#app(clientId);
    if (app.count(nowMs) >= limits.appCallsPerHour) return { ok: false, code: 4, regainMinutes: app.regainMinutes(nowMs) };
    const account = igId === undefined ? undefined : this.#account(clientId, igId);
    if (account && account.count(nowMs) >= limits.igCallsPerDay) return { ok: false, code: 80002, regainMinutes: account.regainMinutes(nowMs) };
    app.add(nowMs);
    account?.add(nowMs);
    return { ok: true };
  }

  /** The app's share of its hourly limit, in percent (0–100). */
  appPercent(clientId: string, nowMs: number): number {
    return percent(this.#apps.get(clientId)?.count(nowMs) ?? 0, this.#limits().appCallsPerHour);
  }

  /** The app's share of its 24-hour limit for one IG account, in percent (0–100). */
  igPercent(clientId: string, igId: string, nowMs: number): number {
    return percent(this.#accounts.get(`${clientId}:${igId}`)?.count(nowMs) ?? 0, this.#limits().igCallsPerDay);
  }

  clear(): void {
    this.#apps.clear();
    this.#accounts.clear();
  }
}

function percent(used: number, limit: number): number {
  return limit <= 0 ? 100 : Math.min(100, Math.floor((used / limit) * 100));
}

/** X-App-Usage: the configured baseline (other traffic of the app) plus the calls counted here. */
export function appUsageHeader(baseline: number, counted: number): string {
  const call = Math.min(100, baseline + counted);
  const half = Math.min(100, Math.round(baseline / 2) + counted);
  return JSON.stringify({ call_count: call, total_cputime: half, total_time: half });
}
