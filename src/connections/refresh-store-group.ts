/**
 * The sweep's refreshed tokens, stored several to a transaction. Every store notifies the hand-out caches
 * (migration 033's triggers), and PostgreSQL serialises notifying commits on one lock held through the
 * commit's WAL flush: one commit per refresh would make the sweep wait on one flush after another
 * (bench/probes/notify-commits.ts: 10 committers lost some 85 % of their commits/s to it). So the stores
 * of the refreshes in flight that finish within `maxWaitMs` of each other share one commit, and one
 * flush; each still learns whether its own compare-and-swap applied, and its notice goes out at that commit.
 *
 * If the shared transaction fails, nothing in it applied (each store is conditional on the version it
 * read), and each store is tried again on its own: one bad row never costs the others their new tokens.
 */
import type { Clock } from '../kernel/clock.ts';
import type { DB } from '../platform/db/db.ts';
import { type RefreshedToken, storeRefreshedToken } from './connections.repo.ts';

interface Waiting {
  input: RefreshedToken;
  resolve(applied: boolean): void;
  reject(error: unknown): void;
}

export class RefreshStoreGroup {
  readonly #db: DB;
  readonly #clock: Clock;
  readonly #maxSize: number;
  readonly #maxWaitMs: number;
  #waiting: Waiting[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: { db: DB; clock: Clock }, options: { maxSize?: number; maxWaitMs?: number } = {}) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#maxSize = options.maxSize ?? 16;
    this.#maxWaitMs = options.maxWaitMs ?? 2;
  }

  /** Stores one refreshed token with whatever others arrive meanwhile; resolves to whether it applied. */
  store(input: RefreshedToken): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#waiting.length >= this.#maxSize) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#maxWaitMs);
    });
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const group = this.#waiting;
    this.#waiting = [];
    if (group.length === 0) return;
    void this.#commit(group);
  }

  async #commit(group: Waiting[]): Promise<void> {
    let applied: boolean[];
    try {
      applied = await this.#db.transaction().execute(async (trx) => {
        const results: boolean[] = [];
        // One connection runs the statements one after another anyway.
        for (const waiting of group) results.push(await storeRefreshedToken(trx, this.#clock, waiting.input));
        return results;
      });
    } catch {
      await Promise.all(group.map((waiting) => storeRefreshedToken(this.#db, this.#clock, waiting.input).then(waiting.resolve, waiting.reject)));
      return;
    }
    for (const [i, waiting] of group.entries()) waiting.resolve(applied[i] === true);
  }
}
