/**
 * Probe (not part of `npm run bench`): how the sweep's claim query behaves as the table grows.
 * Seeds N connections (20 % due), then EXPLAIN ANALYZEs the real claimRefreshBatch statement (captured
 * as compiled, run inside a transaction that is rolled back) and times a few real claims.
 *
 *   ./node_modules/.bin/node bench/probes/claim-plan.ts pglite|postgres [N=100000]
 */
import crypto from 'node:crypto';
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { claimRefreshBatch } from '../../src/connections/refresh.repo.ts';
import { DAY, ManualClock } from '../../src/kernel/clock.ts';
import { createBenchDatabase } from '../lib/database.ts';
import { DEFAULT_PG_ADMIN_URL } from '../lib/env.ts';
import { type SeedAccount, seedConnections, seedWorkspace } from '../lib/seed.ts';
import { createBenchSystem } from '../lib/system.ts';

const kind = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const n = Number(process.argv[3] ?? 100_000);
const now = new Date();
const clock = new ManualClock(now);
const database = await createBenchDatabase(kind, process.env.DATABASE_URL || DEFAULT_PG_ADMIN_URL);
const system = await createBenchSystem({ database, clock, logLevel: 'warn' });
const { deps } = system;
try {
  const workspaceId = await seedWorkspace(deps, `ck_bench_${crypto.randomBytes(12).toString('hex')}`);
  const accounts: SeedAccount[] = Array.from({ length: n }, (_, i) => {
    const issuedAt = new Date(now.getTime() - (i % 5 === 0 ? 51 : 10) * DAY);
    return { accountId: String(i), username: `u${i}`, accessToken: 'x', issuedAt, expiresAt: new Date(issuedAt.getTime() + 60 * DAY) };
  });
  await seedConnections(deps, workspaceId, accounts);
  await deps.db.executeQuery(CompiledQuery.raw('analyze'));

  let captured: CompiledQuery | undefined;
  const capture: KyselyPlugin = {
    transformQuery(args) {
      captured ??= deps.db.getExecutor().compileQuery(args.node, args.queryId);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const claim = (db = deps.db) => claimRefreshBatch(db, { owner: 'probe', now, leaseSeconds: 300, limit: 200, includeScheduled: true, pausedProviders: [] });
  await deps.db
    .transaction()
    .execute(async (trx) => {
      await claim(trx.withPlugin(capture));
      if (!captured) throw new Error('nothing captured');
      const plan = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${captured.sql}`, [...captured.parameters]));
      console.log(`${kind}, N=${n}: EXPLAIN ANALYZE of the claim (batch 200)`);
      for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
      throw Object.assign(new Error('rollback'), { rollback: true });
    })
    .catch((error: { rollback?: boolean }) => {
      if (!error.rollback) throw error;
    });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const at = performance.now();
    const got = await claim();
    times.push(performance.now() - at);
    if (got.length === 0) break;
  }
  console.log(`  five real claims of 200: ${times.map((t) => `${t.toFixed(1)} ms`).join(', ')}`);
} finally {
  await system.close();
  await database.drop();
}
