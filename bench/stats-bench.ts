/**
 * How long the ops view takes at 100,000 connections in one workspace: `GET /v1/stats`, `/metrics`
 * and the dashboard page, through the real app. Rows are seeded in SQL (five networks, 5 % expiring,
 * 5 % disconnected, issue times spread over 60 days, one `connected` event each plus 10,000 failures
 * and 5,000 emails), then ANALYZE. Prints the median of 7 runs after one warm-up.
 *
 *   npx node bench/stats-bench.ts                  # PGlite (npx: the pinned Node 24)
 *   BENCH_DB=postgres BENCH_PG=1 npx node bench/stats-bench.ts
 *   BENCH_SCALE=0.1 npx node bench/stats-bench.ts     # 10,000 connections
 */

import { ManualClock } from '../src/kernel/clock.ts';
import { createDashboardLink } from '../src/ops/dashboard-session.ts';
import { ensureWorkspaceForApiKey } from '../src/platform/workspaces.repo.ts';
import { buildApiApp } from '../src/routes.ts';
import { createBenchDatabase } from './lib/database.ts';
import { readSettings, scaled } from './lib/env.ts';
import { seedOpsView } from './lib/stats-seed.ts';
import { createBenchSystem } from './lib/system.ts';

const API_KEY = 'ck_bench_stats_key_0123456789';
const NOW = new Date('2026-06-01T12:00:00Z');

const settings = readSettings();
const n = scaled(100_000, settings.scale, 100);
for (const kind of settings.databases) {
  const database = await createBenchDatabase(kind, settings.pgAdminUrl);
  const clock = new ManualClock(NOW);
  const system = await createBenchSystem({ database: database.location(), clock, logLevel: 'error' });
  try {
    const workspace = await ensureWorkspaceForApiKey(system.deps.db, clock, API_KEY, 'Bench');
    const seeded = performance.now();
    await seedOpsView(system.deps.db, workspace.id, n, NOW);
    console.log(`${kind}: seeded ${n.toLocaleString('en')} connections in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const metricsApp = await buildApiApp(system.deps, { databaseKind: kind, metricsOpen: true });
    const dashboard = new URL(createDashboardLink(system.deps, workspace.id).url);
    const cases: [string, () => Promise<{ statusCode: number; body: string }>][] = [
      ['GET /v1/stats', () => system.app.inject({ method: 'GET', url: '/v1/stats', headers: { authorization: `Bearer ${API_KEY}` } })],
      ['GET /metrics', () => metricsApp.inject({ method: 'GET', url: '/metrics' })],
      ['GET /dashboard', () => system.app.inject({ method: 'GET', url: `${dashboard.pathname}${dashboard.search}` })],
    ];
    for (const [name, run] of cases) {
      const times: number[] = [];
      for (let i = 0; i < 8; i++) {
        const started = performance.now();
        const res = await run();
        if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (i > 0) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(`${kind}: ${name.padEnd(16)} median ${times[3]!.toFixed(0)} ms  (min ${times[0]!.toFixed(0)}, max ${times[6]!.toFixed(0)})`);
    }
    const stats = JSON.parse((await cases[0]![1]()).body);
    const total = (key: string) => stats.forecast.reduce((sum: number, d: Record<string, number>) => sum + d[key]!, 0);
    console.log(
      `${kind}: totals ${JSON.stringify(stats.totals)}; next 60 days: ${total('expirations')} expirations, ${total('reminders')} reminders, ${total('refreshes')} refreshes`,
    );
    await metricsApp.close();
  } finally {
    await system.close();
    await database.drop();
  }
}
