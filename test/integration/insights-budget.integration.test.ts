/**
 * The shared rate budget under concurrency: many callers spending one window at once never take more
 * than its limit, and a call needing several budgets takes all or none. On PGlite the calls
 * interleave on one session; on PostgreSQL they race on a pool.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BudgetSlot, budgetUse, takeBudget } from '../../src/insights/budget.repo.ts';
import { migrate, openStorage, type Storage } from '../../src/platform/db/db.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let storage: Storage;

beforeAll(async () => {
  database = await createTestDatabase();
  storage = await openStorage({ databaseUrl: database.url, dataDir: 'memory', poolSize: 8 });
  await migrate(storage.db);
});
afterAll(async () => {
  await storage.close();
  await database.drop();
});

const windowStart = new Date('2026-05-01T10:00:00Z');
const slot = (key: string, limit: number): BudgetSlot => ({ key, limit, windowStart, windowEnd: new Date(windowStart.getTime() + 3600_000) });

it('60 concurrent calls on a budget of 25 take exactly 25, and the refused ones learn which budget is spent and when its window ends', async () => {
  const results = await Promise.all(Array.from({ length: 60 }, () => takeBudget(storage.db, [slot('app', 25)])));
  expect(results.filter((r) => r.ok)).toHaveLength(25);
  expect(results.find((r) => !r.ok)).toEqual({ ok: false, retryAt: new Date('2026-05-01T11:00:00Z'), key: 'app' });
  expect(await budgetUse(storage.db, 'app')).toEqual([{ windowStart, used: 25 }]);
});

it('a call needing an app and an account budget takes neither when the account’s is spent', async () => {
  expect((await takeBudget(storage.db, [slot('app2', 10), slot('acct', 1)])).ok).toBe(true);
  expect(await takeBudget(storage.db, [slot('app2', 10), slot('acct', 1)])).toMatchObject({ ok: false, key: 'acct' });
  expect(await budgetUse(storage.db, 'app2')).toEqual([{ windowStart, used: 1 }]);
});
