/**
 * The shared rate budget: calls spent per (key, window). Taking is one statement per key that either
 * adds `n` within the limit or changes nothing, so any number of processes can spend one budget and
 * a window is never overspent. All of a call's budgets are taken in one transaction: all or none.
 */
import { sql } from 'kysely';
import type { DB } from '../platform/db/db.ts';

export interface BudgetSlot {
  key: string;
  limit: number;
  windowStart: Date;
  windowEnd: Date;
}

/** Takes `n` from every slot, or nothing; on refusal says which slot was full and when its window ends. */
export async function takeBudget(db: DB, slots: readonly BudgetSlot[], n = 1): Promise<{ ok: true } | { ok: false; retryAt: Date; key: string }> {
  if (slots.length === 0) return { ok: true };
  try {
    await db.transaction().execute(async (trx) => {
      for (const slot of slots) {
        if (n > slot.limit) throw new BudgetRefused(slot.key, slot.windowEnd);
        const taken = await sql<{ used: number }>`
          insert into rate_budgets as b (key, window_start, used) values (${slot.key}, ${slot.windowStart}, ${n})
          on conflict (key, window_start) do update set used = b.used + excluded.used
          where b.used + excluded.used <= ${slot.limit}
          returning b.used`.execute(trx);
        if (taken.rows.length === 0) throw new BudgetRefused(slot.key, slot.windowEnd);
      }
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof BudgetRefused) return { ok: false, retryAt: error.retryAt, key: error.key };
    throw error;
  }
}

/** Calls spent per window for one key (tests and the ops view). */
export async function budgetUse(db: DB, key: string): Promise<{ windowStart: Date; used: number }[]> {
  const rows = await db.selectFrom('rate_budgets').select(['window_start', 'used']).where('key', '=', key).orderBy('window_start').execute();
  return rows.map((row) => ({ windowStart: new Date(row.window_start), used: Number(row.used) }));
}

/** Windows that ended before `before` are of no more use. */
export async function pruneBudgets(db: DB, before: Date): Promise<void> {
  await db.deleteFrom('rate_budgets').where('window_start', '<', before).execute();
}

class BudgetRefused extends Error {
  readonly key: string;
  readonly retryAt: Date;
  constructor(key: string, retryAt: Date) {
    super('budget spent');
    this.key = key;
    this.retryAt = retryAt;
  }
}
