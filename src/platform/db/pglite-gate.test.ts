import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgliteDialect } from './pglite-dialect.ts';
import { gatedPglite, PgliteGate } from './pglite-gate.ts';

let pglite: PGlite;
// biome-ignore lint/suspicious/noExplicitAny: a bare table made by the test, with no schema type to give
let db: Kysely<any>;
let queue: ReturnType<typeof gatedPglite>;

beforeAll(async () => {
  pglite = new PGlite();
  await pglite.waitReady;
  const gate = new PgliteGate();
  db = new Kysely({ dialect: new PgliteDialect(pglite, gate) });
  queue = gatedPglite(pglite, gate);
  await sql`create table t (n int)`.execute(db);
});
afterAll(async () => {
  await db.destroy();
  await pglite.close();
});

it('a queue statement issued during one of our transactions runs after it, never inside it', async () => {
  let releaseTransaction!: () => void;
  const held = new Promise<void>((resolve) => (releaseTransaction = resolve));
  const transaction = db.transaction().execute(async (trx) => {
    await sql`insert into t values (1)`.execute(trx);
    await held;
    throw new Error('roll back');
  });
  // pg-boss's statement arrives while the transaction is open…
  const queued = queue.query('insert into t values (2)');
  await new Promise((resolve) => setImmediate(resolve));
  releaseTransaction();
  await expect(transaction).rejects.toThrow('roll back');
  await queued;
  // …and survives the rollback, because it did not run inside the transaction.
  const rows = await sql<{ n: number }>`select n from t order by n`.execute(db);
  expect(rows.rows.map((r) => r.n)).toEqual([2]);
});

it('the gate hands the session on in arrival order', async () => {
  const gate = new PgliteGate();
  const order: number[] = [];
  await Promise.all([1, 2, 3].map((n) => gate.run(async () => void order.push(n))));
  expect(order).toEqual([1, 2, 3]);
});
