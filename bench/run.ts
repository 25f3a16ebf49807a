/**
 * `npm run bench`: the Channelkeeper benchmarks. Prints a table per benchmark and writes every figure to
 * bench/results/latest.json. Figures are reported, never asserted. See docs/benchmarks.md.
 *
 *   BENCH_SCALE=0.05     shrink sizes and durations (default 1 = full size)
 *   BENCH_PG=1           also run on PostgreSQL, creating a throwaway database via postgres://postgres@127.0.0.1:5432/test
 *   DATABASE_URL=...     same, with this admin URL
 *   BENCH_ONLY=http|sweep|notify|tune|mixed|account|insights, BENCH_DB=pglite|postgres  run a part only
 *                        (account = the account insights plan over 100,000 channels)
 *                        (mixed = `npm run bench:mixed`: the five-provider sweep and the 90-day load simulation; BENCH_SIM=0 skips the simulation;
 *                        insights = `npm run bench:insights`: the insights plan at 100k to 1M posts, 1M to 10M at BENCH_SCALE=10, PostgreSQL only)
 *   BENCH_REPS=3         repetitions of each sweep and plan case (min / median / max)
 *   BENCH_SCALE=10       the sweep at 100,000 and 1,000,000 connections, the plan at 1M to 10M posts (minutes)
 *   BENCH_BATCH_SIZE, BENCH_CONCURRENCY, BENCH_POOL_SIZE  sweep knobs (defaults: the service's own)
 *   BENCH_PROFILE=1      time every query and provider call during the sweep and print where the time goes
 *   BENCH_TUNE=1         after the sweep, try a grid of batchSize/concurrency (and pool size on PostgreSQL)
 *   BENCH_SANDBOX=inprocess   run the provider sandbox inside the sweep's process (default: a process of its own)
 *   BENCH_QUIET_WAIT=30  before each case, wait up to this many seconds for other processes to leave the CPUs idle (0: don't)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HEAP_FLAGS } from '../src/platform/heap-flags.ts';
import type { AccountScheduleArgs, AccountScheduleResult } from './account-schedule-bench.ts';
import type { HttpArgs, HttpResult } from './http-bench.ts';
import type { PlanBenchArgs, PlanBenchResult } from './insights-plan-bench.ts';
import { benchDir, runChild } from './lib/child.ts';
import { postgresVersion } from './lib/database.ts';
import { type BenchSettings, type DbKind, readSettings, scaled } from './lib/env.ts';
import { dayTotal, loadChartSvg, loadTableMarkdown, notices, PROVIDERS, spreads } from './lib/load-report.ts';
import { waitForQuiet } from './lib/machine.ts';
import { MIX } from './lib/population.ts';
import { spread, spreadText } from './lib/spread.ts';
import { fixed, int, table, verdict } from './lib/table.ts';
import type { LoadSimArgs, LoadSimResult } from './load-sim.ts';
import type { MixedArgs, MixedResult } from './mixed-bench.ts';
import type { SweepArgs, SweepResult } from './sweep-bench.ts';

const TARGETS = {
  httpRatio: 0.5,
  httpP99Ms: 5,
  sweepPerSec: { pglite: 500, postgres: 1_000 } as Record<DbKind, number>,
  /** Peak RSS during the sweep, with the V8 flags `channelkeeper start` sets (src/platform/heap-flags.ts). */
  sweepPeakRssMb: { pglite: 512, postgres: 256 } as Record<DbKind, number>,
  planSeconds: 1,
};

/** Baseline-then-service pairs of the access-token benchmark (min/median/max over them). */
const HTTP_REPETITIONS = 3;

const SWEEP_SIZES = [
  { n: 25_000, due: 5_000 },
  { n: 50_000, due: 10_000 },
  { n: 100_000, due: 20_000 },
];
/** BENCH_SCALE=10: the million-connection case beside 100,000, to show the peak staying flat (minutes; not part of `npm test`). */
const SWEEP_SIZES_AT_SCALE_10 = [
  { n: 100_000, due: 20_000 },
  { n: 1_000_000, due: 200_000 },
];

const dbName = (db: DbKind) => (db === 'pglite' ? 'PGlite' : 'PostgreSQL');
const say = (text = '') => process.stdout.write(`${text}\n`);
const optionalInt = (value: string | undefined) => (value ? Number.parseInt(value, 10) : undefined);
const QUIET_WAIT_SECONDS = optionalInt(process.env.BENCH_QUIET_WAIT) ?? 30;
const QUIET_THRESHOLD_PCT = 20;

/** Busy % of the machine (other processes) just before each case, in run order. */
const busyBefore: { case: string; busyPct: number }[] = [];

async function beforeCase(name: string): Promise<void> {
  const busyPct = QUIET_WAIT_SECONDS > 0 ? await waitForQuiet(QUIET_WAIT_SECONDS, QUIET_THRESHOLD_PCT, (m) => process.stderr.write(`${m}\n`)) : NaN;
  busyBefore.push({ case: name, busyPct });
}

interface TargetLine {
  benchmark: string;
  db: DbKind;
  figure: string;
  value: number;
  target: string;
  met: boolean;
}

async function httpBenchmark(settings: BenchSettings, db: DbKind, targets: TargetLine[]): Promise<HttpResult> {
  const args: HttpArgs = {
    db,
    pgAdminUrl: settings.pgAdminUrl,
    seedCount: scaled(1_000, settings.scale, 50),
    connections: 10,
    durationSeconds: Math.max(2, Math.round(10 * settings.scale)),
    warmupSeconds: settings.scale >= 0.5 ? 2 : 1,
    repetitions: HTTP_REPETITIONS,
  };
  await beforeCase(`http ${db}`);
  const r = await runChild<HttpResult>('http-bench.ts', args);
  const row = (name: string, x: HttpResult['runs'][number]['service'], ratio?: number) => [
    name,
    int(x.reqPerSec),
    ratio === undefined ? '' : fixed(ratio, 3),
    fixed(x.latencyMs.p50, 0),
    fixed(x.latencyMs.p90, 0),
    fixed(x.latencyMs.p99, 0),
    fixed(x.latencyMs.mean, 2),
    fixed(x.latencyMs.max, 0),
    int(x.requests),
    int(x.non2xx + x.errors + x.timeouts),
    `${fixed(x.load.load1AtStart, 1)} / ${int(x.load.machineBusyPct)}%`,
  ];
  const ratios = r.runs.map((run) => run.service.reqPerSec / run.baseline.reqPerSec);
  say(
    table(
      `Access-token endpoint over HTTP — ${dbName(db)} (POST /v1/connections/:id/access-token, ${int(r.seeded)} connections rotated, ` +
        `${args.connections} autocannon connections, ${args.durationSeconds} s after ${args.warmupSeconds} s warm-up; baseline and service in turn, ${args.repetitions} times)`,
      ['', 'req/s', 'ratio', 'p50 ms', 'p90 ms', 'p99 ms', 'mean ms', 'max ms', 'requests', 'non-2xx/err', 'load1 / machine busy'],
      r.runs.flatMap((run, i) => [
        row(`${i + 1}. baseline: bare Fastify, one route`, run.baseline),
        row(`${i + 1}. floor: our hooks, a constant answer`, run.floor, run.floor.reqPerSec / run.baseline.reqPerSec),
        row(`${i + 1}. service: createSystem app`, run.service, ratios[i]),
      ]),
    ),
  );
  const ratio = spread(ratios);
  const floorRatio = spread(r.runs.map((run) => run.floor.reqPerSec / run.baseline.reqPerSec));
  const ofFloor = spread(r.runs.map((run) => run.service.reqPerSec / run.floor.reqPerSec));
  const p99 = spread(r.runs.map((run) => run.service.latencyMs.p99));
  const ratioMet = ratio.median >= TARGETS.httpRatio;
  const p99Met = p99.median < TARGETS.httpP99Ms;
  const failed = r.runs.reduce((sum, run) => sum + run.service.non2xx + run.service.errors, 0);
  // autocannon drops the answers still in flight when a run ends (≤ one per connection, per run: warm-up and measured),
  // but the server has already counted them.
  const uncounted = r.handoutsCounted - r.serviceResponses2xx;
  const inFlight = 2 * args.connections * r.runs.length;
  const countsOk = uncounted >= 0 && uncounted <= inFlight && failed === 0;
  say(`ratio service/baseline req/s, min / median / max   ${spreadText(ratio, 3)}   target ≥ ${TARGETS.httpRatio} (median): ${verdict(ratioMet)}`);
  say(`service p99 latency ms, min / median / max         ${spreadText(p99, 0)}   target < ${TARGETS.httpP99Ms} ms (median): ${verdict(p99Met)}`);
  say(
    `where the gap is: floor/baseline ${spreadText(floorRatio, 3)} (what every API request costs: ids, metrics, tracing, rate limit, auth, validation); service/floor ${spreadText(ofFloor, 3)} (the hand-out itself)`,
  );
  const { hits, misses, bypassed, invalidations } = r.cache;
  say(`hand-out cache: ${int(hits)} hits, ${int(misses)} misses, ${int(bypassed)} reads past it (feed not fresh), ${int(invalidations)} rows forgotten on notice`);
  say(
    `check: hand-outs counted in access_token_handouts ${int(r.handoutsCounted)} vs 2xx answers received (probe + warm-ups + runs) ${int(r.serviceResponses2xx)} ` +
      `(difference ${uncounted} ≤ ${inFlight} in flight when runs stopped), non-2xx/errors ${failed}: ${countsOk ? 'ok' : 'MISMATCH'}`,
  );
  say(`(seeding ${int(r.seeded)} connections took ${fixed(r.seedSeconds, 2)} s, not timed; ${r.database})`);
  say();
  targets.push(
    { benchmark: 'http', db, figure: 'service/baseline req/s (median of 3)', value: ratio.median, target: `≥ ${TARGETS.httpRatio}`, met: ratioMet },
    { benchmark: 'http', db, figure: 'service p99 ms (median of 3)', value: p99.median, target: `< ${TARGETS.httpP99Ms}`, met: p99Met },
  );
  return r;
}

function sweepArgs(settings: BenchSettings, db: DbKind, size: { n: number; due: number }, overrides: Partial<SweepArgs> = {}): SweepArgs {
  const scale = settings.scale >= 10 ? 1 : settings.scale;
  const n = scaled(size.n, scale, 100);
  const due = Math.min(n, scaled(size.due, scale, 20));
  return {
    db,
    pgAdminUrl: settings.pgAdminUrl,
    n,
    due,
    batchSize: optionalInt(process.env.BENCH_BATCH_SIZE),
    concurrency: optionalInt(process.env.BENCH_CONCURRENCY),
    poolSize: optionalInt(process.env.BENCH_POOL_SIZE),
    profile: process.env.BENCH_PROFILE === '1',
    baselineSample: Math.min(due, 5_000),
    sandbox: process.env.BENCH_SANDBOX === 'inprocess' ? 'inprocess' : 'process',
    ...overrides,
  };
}

async function runSweep(args: SweepArgs): Promise<SweepResult> {
  await beforeCase(`sweep ${args.db} N=${args.n} batch ${args.batchSize ?? 'default'} concurrency ${args.concurrency ?? 'default'} pool ${args.poolSize ?? 'default'}`);
  return runChild<SweepResult>('sweep-bench.ts', args, { execArgv: [...HEAP_FLAGS, '--expose-gc'] });
}

/** The repetition whose refreshes/s is the median: its detailed figures stand for the size. */
function medianRun(runs: SweepResult[]): SweepResult {
  const sorted = [...runs].sort((a, b) => a.refreshesPerSec - b.refreshesPerSec);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function sweepBenchmark(settings: BenchSettings, db: DbKind, targets: TargetLine[]): Promise<SweepResult[]> {
  const sizes = settings.scale >= 10 ? SWEEP_SIZES_AT_SCALE_10 : SWEEP_SIZES;
  const reps = sizes.map(() => [] as SweepResult[]);
  // Round-robin over the sizes, so a burst of load on the shared machine does not land on one size's repetitions.
  for (let rep = 0; rep < settings.reps; rep++) for (const [i, size] of sizes.entries()) reps[i]!.push(await runSweep(sweepArgs(settings, db, size)));
  const results = reps.map(medianRun);
  const first = results[0];
  if (!first) return results;
  const col = (f: (r: SweepResult) => string) => results.map(f);
  const across = (f: (r: SweepResult) => number, digits = 0) => reps.map((runs) => spreadText(spread(runs.map(f)), digits));
  const target = TARGETS.sweepPerSec[db];
  const rssTarget = TARGETS.sweepPeakRssMb[db];
  say(
    table(
      `Refresh sweep — ${dbName(db)} (runRefreshSweep includeScheduled, batchSize ${first.batchSize}, concurrency ${first.concurrency}` +
        `${first.poolSize ? `, pool ${first.poolSize}` : ''}; provider = sandbox on loopback, ${first.sandbox}; node ${HEAP_FLAGS.join(' ')}, as \`channelkeeper start\`; ` +
        `${settings.reps} repetition(s) per size: min / median / max, and the median run's details)`,
      ['', ...results.map((r) => `N=${int(r.n)}`)],
      [
        ['connections due', ...col((r) => int(r.due))],
        [`refreshes/s (target ≥ ${int(target)})`, ...across((r) => r.refreshesPerSec)],
        ['baseline: provider calls only /s', ...across((r) => r.providerBaseline.perSec)],
        ['ratio sweep/baseline', ...across((r) => r.refreshesPerSec / r.providerBaseline.perSec, 3)],
        [`peak RSS during sweep MB (target < ${rssTarget})`, ...across((r) => r.memory.sweepPeakRssMb)],
        ['baseline: RSS at start, after GC MB', ...across((r) => r.memory.rssBeforeMb)],
        ['sweep peak minus start MB', ...across((r) => r.memory.sweepPeakRssMb - r.memory.rssBeforeMb)],
        ['seeding, not timed: database s', ...col((r) => fixed(r.seed.databaseSeconds, 1))],
        ['seeding: rows/s', ...col((r) => int(r.seed.rowsPerSec))],
        ['(a) eachPlannedRefresh s', ...col((r) => fixed(r.planSeconds, 2))],
        ['(b) runRefreshSweep s', ...col((r) => fixed(r.sweep.seconds, 1))],
        ['    peak RSS while planning MB', ...col((r) => int(r.memory.planPeakRssMb))],
        ['    V8 heap committed at peak MB', ...col((r) => int(r.memory.heapTotalAtPeakMb))],
        ['    peak JS heap used MB (garbage incl.)', ...col((r) => int(r.memory.sweepPeakHeapUsedMb))],
        ['    live JS heap before → after MB', ...col((r) => `${int(r.memory.heapLiveBeforeMb)} → ${int(r.memory.heapLiveAfterMb)}`)],
        ['    peak external (PGlite WASM, buffers) MB', ...col((r) => int(r.memory.sweepPeakExternalMb))],
        ['machine: load1 at start / busy during', ...col((r) => `${fixed(r.load.load1AtStart, 1)} / ${int(r.load.machineBusyPct)}%`)],
        ['    this process CPU % of one core', ...col((r) => `${int(r.load.processCpuPct)}%`)],
        ['check: plan says refresh', ...col((r) => int(r.checks.planRefresh))],
        ['check: sweep report refreshed', ...col((r) => `${int(r.sweep.refreshed)}${otherOutcomes(r)}`)],
        ['check: rows with last_refreshed_at', ...col((r) => int(r.checks.refreshedRows))],
        ['check: ... of which were due', ...col((r) => int(r.checks.refreshedRowsThatWereDue))],
        ['check: still due after sweep', ...col((r) => int(r.checks.stillDue))],
        ['check: refreshed events', ...col((r) => int(r.checks.refreshedEvents))],
        ['check: sandbox refresh calls', ...col((r) => int(r.checks.sandboxRefreshCalls))],
        ['check: accounts called exactly once', ...col((r) => int(r.checks.sandboxAccountsCalledOnce))],
        ['checks (every repetition)', ...reps.map((runs) => (runs.every((r) => r.ok) ? 'ok' : 'FAILED'))],
      ],
    ),
  );
  const largest = results[results.length - 1] ?? first;
  const rate = spread(reps[reps.length - 1]!.map((r) => r.refreshesPerSec));
  const rateMet = rate.median >= target;
  const peaks = reps.map((runs) => spread(runs.map((r) => r.memory.sweepPeakRssMb)));
  const peak = Math.max(...peaks.map((p) => p.median));
  const rssMet = peak < rssTarget;
  say(`refreshes/s at N=${int(largest.n)}   ${spreadText(rate)}/s (min / median / max)   target ≥ ${int(target)}/s (median): ${verdict(rateMet)}`);
  say(`peak RSS by size (median)   ${peaks.map((p) => `${int(p.median)} MB`).join(' → ')}   target < ${rssTarget} MB: ${verdict(rssMet)}`);
  say(
    `live JS heap after the sweep: ${results.map((r) => `${int(r.memory.heapLiveAfterMb)} MB`).join(' → ')} (a flat live heap means nothing is kept per connection; ` +
      'the RSS above it is garbage not yet collected, V8 heap committed for it, and native buffers)',
  );
  for (const r of results) if (r.profile) printProfile(r);
  say();
  targets.push(
    { benchmark: 'sweep', db, figure: `refreshes/s at N=${largest.n} (median)`, value: rate.median, target: `≥ ${target}`, met: rateMet },
    {
      benchmark: 'sweep',
      db,
      figure: `peak RSS MB at N=${sizes.map((z) => int(sweepArgs(settings, db, z).n)).join('/')} (median)`,
      value: peak,
      target: `< ${rssTarget}`,
      met: rssMet,
    },
  );
  return reps.flat();
}

/**
 * What NOTIFY costs the refresh sweep: the same sweep with migration 033's triggers on and off, in turn,
 * HTTP_REPETITIONS times at the smallest size (every refresh commit notifies once; the claims do not).
 */
async function notifyCost(settings: BenchSettings, db: DbKind, targets: TargetLine[]): Promise<SweepResult[]> {
  const size = SWEEP_SIZES[0] ?? { n: 25_000, due: 5_000 };
  const results: SweepResult[] = [];
  for (let rep = 0; rep < HTTP_REPETITIONS; rep++) {
    for (const notices of [true, false]) results.push(await runSweep({ ...sweepArgs(settings, db, size), profile: false, notices }));
  }
  const on = results.filter((r) => r.notices);
  const off = results.filter((r) => !r.notices);
  say(
    table(
      `What NOTIFY costs the refresh sweep — ${dbName(db)} N=${int(on[0]?.n ?? 0)}, ${int(on[0]?.due ?? 0)} due, change-notice triggers on and off in turn`,
      ['', ...on.map((_, i) => `run ${i + 1}`), 'min / median / max'],
      [
        ['refreshes/s with notices', ...on.map((r) => int(r.refreshesPerSec)), spreadText(spread(on.map((r) => r.refreshesPerSec)), 0)],
        ['refreshes/s without', ...off.map((r) => int(r.refreshesPerSec)), spreadText(spread(off.map((r) => r.refreshesPerSec)), 0)],
        [
          'with / without',
          ...on.map((r, i) => fixed(r.refreshesPerSec / (off[i]?.refreshesPerSec ?? Number.NaN), 3)),
          spreadText(spread(on.map((r, i) => r.refreshesPerSec / (off[i]?.refreshesPerSec ?? Number.NaN))), 3),
        ],
        ['machine busy (on / off)', ...on.map((r, i) => `${int(r.load.machineBusyPct)}% / ${int(off[i]?.load.machineBusyPct ?? 0)}%`), ''],
        ['checks', ...on.map((r, i) => (r.ok && off[i]?.ok ? 'ok' : 'FAILED')), ''],
      ],
    ),
  );
  const rate = spread(on.map((r) => r.refreshesPerSec)).median;
  const target = TARGETS.sweepPerSec[db];
  say(`refreshes/s with notices (median)   ${int(rate)}/s   target ≥ ${int(target)}/s: ${verdict(rate >= target)}`);
  say();
  targets.push({
    benchmark: 'notify',
    db,
    figure: `refreshes/s with notices at N=${on[0]?.n ?? 0} (median of ${on.length})`,
    value: rate,
    target: `≥ ${target}`,
    met: rate >= target,
  });
  return results;
}

function otherOutcomes(r: SweepResult): string {
  const others = (['skipped', 'retry_scheduled', 'disconnected', 'conflict', 'paused'] as const).filter((k) => r.sweep[k] > 0).map((k) => `${k} ${r.sweep[k]}`);
  return others.length ? ` (${others.join(', ')})` : '';
}

function printProfile(r: SweepResult): void {
  const rows = r.profile ?? [];
  const sweepMs = r.sweep.seconds * 1000;
  say(
    table(
      `Where the sweep's time goes — ${dbName(r.db)} N=${int(r.n)} (time from query compile to result, so it includes waiting for the PGlite gate / a pool connection; ` +
        `with concurrency > 1 the totals overlap and can exceed the wall time ${int(sweepMs)} ms)`,
      ['statement', 'calls', 'total ms', 'mean ms', 'max ms', 'per refresh ms'],
      rows.map((t) => [t.label, int(t.calls), int(t.totalMs), fixed(t.meanMs, 3), fixed(t.maxMs, 1), fixed(t.totalMs / Math.max(1, r.sweep.refreshed), 3)]),
    ),
  );
}

async function tuneSweep(settings: BenchSettings, db: DbKind): Promise<SweepResult[]> {
  const size = SWEEP_SIZES[1] ?? { n: 50_000, due: 10_000 };
  const grid: Partial<SweepArgs>[] = [];
  for (const concurrency of [1, 4, 16, 32, 64]) grid.push({ concurrency, batchSize: 200 });
  for (const batchSize of [50, 500, 1_000]) grid.push({ concurrency: 16, batchSize });
  if (db === 'postgres') for (const poolSize of [20, 40]) for (const concurrency of [16, 32, 64]) grid.push({ concurrency, batchSize: 200, poolSize });
  const results: SweepResult[] = [];
  for (const knobs of grid) {
    const r = await runSweep({ ...sweepArgs(settings, db, size), profile: false, ...knobs });
    results.push(r);
    process.stderr.write(`  · tune ${db}: batch ${r.batchSize} concurrency ${r.concurrency} pool ${r.poolSize ?? '-'} → ${int(r.refreshesPerSec)}/s\n`);
  }
  say(
    table(
      `Sweep tuning — ${dbName(db)} N=${int(results[0]?.n ?? 0)}, ${int(results[0]?.due ?? 0)} due`,
      ['batchSize', 'concurrency', 'pool', 'refreshes/s', 'sweep s', 'peak RSS MB', 'load1 / machine busy', 'checks'],
      results.map((r) => [
        r.batchSize,
        r.concurrency,
        r.poolSize ?? '-',
        int(r.refreshesPerSec),
        fixed(r.sweep.seconds, 1),
        int(r.memory.sweepPeakRssMb),
        `${fixed(r.load.load1AtStart, 1)} / ${int(r.load.machineBusyPct)}%`,
        r.ok ? 'ok' : 'FAILED',
      ]),
    ),
  );
  say();
  return results;
}

const MIXED_SIZE = 100_000;
const SIM_SIZE = 10_000;
const SIM_DAYS = 90;
const CONNECT_WINDOW_DAYS = 60;
/**
 * The steady state's connect window: a common multiple of the Instagram, YouTube and Pinterest refresh
 * cycles (50, 30, 25 days), so every token age is equally common. Over 60 days, the Instagram tokens
 * issued in the last 10 days would be twice as common (new connections plus the 50-60-day-old ones just
 * refreshed), and that bump would show up 50 days later: a property of a population that began 60 days
 * ago, not of the service. Facebook grants older than 60 days have ended: the warm-up disconnects them.
 */
const STEADY_WINDOW_DAYS = 150;
const mixText = () =>
  Object.entries(MIX)
    .map(([p, share]) => `${p} ${Math.round(share * 100)}%`)
    .join(', ');

async function mixedBenchmark(settings: BenchSettings, db: DbKind): Promise<MixedResult> {
  const args: MixedArgs = {
    db,
    pgAdminUrl: settings.pgAdminUrl,
    n: scaled(MIXED_SIZE, settings.scale, 500),
    windowDays: CONNECT_WINDOW_DAYS,
    scenario: 'import',
    batchSize: optionalInt(process.env.BENCH_BATCH_SIZE),
    concurrency: optionalInt(process.env.BENCH_CONCURRENCY),
    poolSize: optionalInt(process.env.BENCH_POOL_SIZE),
    sandbox: process.env.BENCH_SANDBOX === 'inprocess' ? 'inprocess' : 'process',
  };
  await beforeCase(`mixed ${db} N=${args.n}`);
  const r = await runChild<MixedResult>('mixed-bench.ts', args, { execArgv: [...HEAP_FLAGS, '--expose-gc'] });
  const cols = r.providers;
  const col = (f: (p: MixedResult['providers'][number]) => string) => cols.map(f);
  say(
    table(
      `Mixed refresh sweep — ${dbName(db)}: ${int(r.n)} connections (${mixText()}), connected uniformly over ${r.windowDays} days, ` +
        `tokens as issued at connect (first sweep over imported connections); one provider at a time, the others paused; ` +
        `batchSize ${r.batchSize}, concurrency ${r.concurrency}${r.poolSize ? `, pool ${r.poolSize}` : ''}; sandbox ${r.sandbox}`,
      ['', ...cols.map((p) => p.provider), 'total'],
      [
        ['connections', ...col((p) => int(p.connections)), int(r.n)],
        ['planned: refresh', ...col((p) => int(p.planned.refresh)), int(cols.reduce((a, p) => a + p.planned.refresh, 0))],
        ['planned: expire (grant ended)', ...col((p) => int(p.planned.expire)), int(cols.reduce((a, p) => a + p.planned.expire, 0))],
        ['sweep: refreshed', ...col((p) => int(p.report.refreshed)), int(r.total.refreshed)],
        ['sweep: disconnected (expired)', ...col((p) => int(p.report.disconnected)), int(r.total.disconnected)],
        ['sweep s', ...col((p) => fixed(p.report.seconds, 1)), fixed(r.total.seconds, 1)],
        ['refreshes/s', ...col((p) => (p.report.refreshed ? int(p.refreshesPerSec) : '–')), int(r.total.refreshesPerSec)],
        ['baseline: provider calls only /s', ...col((p) => (p.baseline ? `${int(p.baseline.perSec)} (${int(p.baseline.calls)})` : '–')), ''],
        ['ratio sweep/baseline', ...col((p) => (p.baseline && p.report.refreshed ? fixed(p.refreshesPerSec / p.baseline.perSec, 3) : '–')), ''],
        [`peak RSS MB (< ${TARGETS.sweepPeakRssMb[db]})`, ...col((p) => int(p.peakRssMb)), int(r.total.peakRssMb)],
        ['machine: load1 / busy', ...col((p) => `${fixed(p.load.load1AtStart, 1)} / ${int(p.load.machineBusyPct)}%`), ''],
        ['check: refreshed events = planned', ...col((p) => (p.refreshedEvents === p.planned.refresh ? 'ok' : `${p.refreshedEvents}!`)), ''],
        ['check: expired events = planned', ...col((p) => (p.expiredEvents === p.planned.expire ? 'ok' : `${p.expiredEvents}!`)), ''],
      ],
    ),
  );
  say(`(a) eachPlannedRefresh over ${int(r.n)} connections: ${fixed(r.planSeconds, 2)} s, peak RSS ${int(r.planPeakRssMb)} MB; RSS at start ${int(r.rssBeforeMb)} MB`);
  say(`live JS heap before → after: ${int(r.heapLiveBeforeMb)} → ${int(r.heapLiveAfterMb)} MB; still due after the sweeps: ${r.stillDue}; checks: ${r.ok ? 'ok' : 'FAILED'}`);
  say(`(seeding, not timed: sandbox ${fixed(r.seed.sandboxSeconds, 1)} s, database ${fixed(r.seed.databaseSeconds, 1)} s; ${r.database})`);
  say();
  return r;
}

const ACCOUNT_CHANNELS = 100_000;
const REPETITIONS = 3;

async function accountScheduleBenchmark(settings: BenchSettings, db: DbKind): Promise<AccountScheduleResult> {
  const args: AccountScheduleArgs = { db, pgAdminUrl: settings.pgAdminUrl, channels: scaled(ACCOUNT_CHANNELS, settings.scale, 1_000), repetitions: REPETITIONS };
  await beforeCase(`account schedule ${db}`);
  const r = await runChild<AccountScheduleResult>('account-schedule-bench.ts', args);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  say(
    table(
      `Account insights plan — ${dbName(db)}: ${int(r.channels)} channels (3 % disconnected), figures daily and audience weekly at each channel's slot, 02:00 UTC; ${REPETITIONS} runs`,
      ['', 'ms min / median / max', 'rows'],
      [
        ['plan: select what is due (index range scan of the partial index)', spreadText(spread(r.selectMs), 0), int(r.due)],
        ['baseline, same run: scan every usable channel and its latest reading (figures only)', spreadText(spread(r.baselineMs), 0), int(r.baselineDue)],
        ['ratio plan / baseline (median)', fixed(median(r.selectMs) / median(r.baselineMs), 3), ''],
        ['claim every due row, batches of 500 (the select, then the update leasing each row)', spreadText(spread(r.planMs), 0), int(r.due)],
        ['peak RSS MB while planning', int(r.peakRssMb), ''],
        ['EXPLAIN uses the partial index account_schedule_due', r.usesPartialIndex ? 'yes' : 'NO', ''],
      ],
    ),
  );
  say();
  return r;
}

async function loadSimulation(settings: BenchSettings): Promise<LoadSimResult[]> {
  const db = settings.databases[0] ?? 'pglite';
  const results: LoadSimResult[] = [];
  for (const scenario of ['steady', 'import'] as const) {
    const args: LoadSimArgs = {
      db,
      pgAdminUrl: settings.pgAdminUrl,
      n: scaled(SIM_SIZE, settings.scale, 200),
      days: SIM_DAYS,
      windowDays: scenario === 'steady' ? STEADY_WINDOW_DAYS : CONNECT_WINDOW_DAYS,
      scenario,
      warmupDays: scenario === 'steady' ? 14 : 0,
    };
    await beforeCase(`load simulation ${scenario} ${db} N=${args.n}`);
    const r = await runChild<LoadSimResult>('load-sim.ts', args);
    results.push(r);
    const s = spreads(r);
    say(
      table(
        `Refresh load per day over ${r.days} simulated days — ${scenario === 'steady' ? 'steady state (the service ran all along)' : 'imported connections (first sweep today)'}; ` +
          `${int(r.n)} connections (${Object.entries(r.byProvider)
            .map(([p, n]) => `${p} ${int(n)}`)
            .join(', ')}), connected over the ${r.windowDays} days before day 0` +
          `${r.warmupDays ? ` (${r.warmupDays} warm-up days run before day 0)` : ''}; ${dbName(db)}, sandbox in process; no new connections during the run`,
        ['day', ...PROVIDERS, 'total', 'expired', 'expiring', 'reminders', 'sweep s'],
        r.perDay.map((d) => [
          d.day,
          ...PROVIDERS.map((p) => int(d.refreshed[p] ?? 0)),
          int(dayTotal(d)),
          int(Object.values(d.expired).reduce((a, b) => a + b, 0)),
          int(Object.values(d.expiring).reduce((a, b) => a + b, 0)),
          int(Object.values(d.reminded).reduce((a, b) => a + b, 0)),
          fixed(d.sweepSeconds, 2),
        ]),
      ),
    );
    say(
      `refreshes per day: mean ${fixed(s.total.mean, 1)}, max ${int(s.total.max)} (day ${s.total.maxDay}), max/mean ${fixed(s.total.ratio, 2)}; by provider max/mean: ` +
        PROVIDERS.map((p) => `${p} ${s.byProvider[p]!.mean > 0 ? fixed(s.byProvider[p]!.ratio, 2) : '–'}`).join(', ') +
        `; reminders + expiries per day: mean ${fixed(s.notices.mean, 1)}, max ${int(s.notices.max)} (day ${s.notices.maxDay}); failures ${r.perDay.reduce((a, d) => a + d.failed, 0)}; ${fixed(r.seconds, 0)} s`,
    );
    say();
  }
  fs.writeFileSync(path.join(benchDir, 'refresh-load.svg'), loadChartSvg(results));
  const md = results.map((r) => `## ${r.scenario} — ${r.n.toLocaleString('en-US')} connections, ${dbName(r.db)}\n\n${loadTableMarkdown(r)}\n`).join('\n');
  fs.writeFileSync(
    path.join(benchDir, 'refresh-load.md'),
    `# Refresh load per day (generated by \`npm run bench:mixed\`, ${new Date().toISOString()})\n\nRefreshes per provider per day; see docs/benchmarks.md.\n\n${md}`,
  );
  say(`wrote bench/refresh-load.svg and bench/refresh-load.md (notices: ${results.map((r) => r.perDay.reduce((a, d) => a + notices(d), 0)).join(' / ')})`);
  return results;
}

/** Bound posts at each size of the insights plan benchmark (× BENCH_SCALE / 10: 1M to 10M at BENCH_SCALE=10), and the posts due. */
const PLAN_SIZES = [1_000_000, 2_000_000, 5_000_000, 10_000_000];
const PLAN_DUE = 100_000;

async function insightsPlanBenchmark(settings: BenchSettings, targets: TargetLine[]): Promise<PlanBenchResult | undefined> {
  if (!settings.pgAdminUrl) {
    say('Insights plan: PostgreSQL only (set BENCH_PG=1 or DATABASE_URL).\n');
    return undefined;
  }
  const factor = settings.scale / 10;
  const args: PlanBenchArgs = {
    pgAdminUrl: settings.pgAdminUrl,
    sizes: PLAN_SIZES.map((n) => scaled(n, factor, 1_000)),
    due: scaled(PLAN_DUE, factor, 100),
    reps: settings.reps,
    // The previous plan grows faster than the posts: up to 2M at BENCH_SCALE=10 (seconds), every size below.
    baselineUpTo: settings.scale >= 10 ? 2_000_000 : scaled(PLAN_SIZES.at(-1)!, factor, 1_000),
  };
  await beforeCase(`insights plan ${args.sizes.join('/')}`);
  const r = await runChild<PlanBenchResult>('insights-plan-bench.ts', args);
  const ms = (x: { median: number } & Parameters<typeof spreadText>[0]) => spreadText(x, 0);
  say(
    table(
      `Automatic insights plan — PostgreSQL: ${int(args.due)} posts made stale at every size (ten per channel, a hundred per campaign); ` +
        `${args.reps} repetition(s): min / median / max ms; baseline = the plan's select before the stored schedule, on the same rows`,
      ['', ...r.sizes.map((z) => `${int(z.posts)} posts`)],
      [
        ['on the schedule (insights_next_at set)', ...r.sizes.map((z) => int(z.scheduled))],
        ['due now', ...r.sizes.map((z) => int(z.due))],
        ['due posts selected (countDue) ms', ...r.sizes.map((z) => ms(z.countMs))],
        [`whole plan (select + ${int(r.sizes[0]?.queued ?? 0)} tasks queued) ms`, ...r.sizes.map((z) => ms(z.planMs))],
        ['baseline: previous plan select ms', ...r.sizes.map((z) => (z.baselineMs ? ms(z.baselineMs) : 'not run (minutes)'))],
        ['    its due count (same rules)', ...r.sizes.map((z) => (z.baselineDue === null ? '–' : int(z.baselineDue)))],
        ['baseline: previous whole plan ms', ...r.sizes.map((z) => (z.baselinePlanMs ? ms(z.baselinePlanMs) : 'not run'))],
        ['    ratio baseline / countDue (median)', ...r.sizes.map((z) => (z.baselineMs ? fixed(z.baselineMs.median / z.countMs.median, 0) : '–'))],
        ['first plan after seeding s (takes lapsed posts off)', ...r.sizes.map((z) => `${fixed(z.firstPlan.seconds, 1)} (${int(z.firstPlan.lapsed)} off)`)],
        ['peak RSS during the plans MB', ...r.sizes.map((z) => int(z.peakRssMb))],
        ['seeding, not timed s', ...r.sizes.map((z) => int(z.seedSeconds))],
      ],
    ),
  );
  const largest = r.sizes[r.sizes.length - 1]!;
  say(
    table(
      `Same plan at ${int(largest.posts)} posts with fewer due (posts read through the triggers): its time follows what is due`,
      ['due', 'countDue ms', 'whole plan ms'],
      [[int(largest.due), ms(largest.countMs), ms(largest.planMs)], ...r.byDue.map((d) => [int(d.due), ms(d.countMs), ms(d.planMs)])],
    ),
  );
  say('EXPLAIN (ANALYZE, BUFFERS) of one page of the plan at the largest size:');
  for (const line of r.explain) say(`  ${line}`);
  say(`(${r.database})`);
  say();
  const smallest = r.sizes[0]!;
  targets.push(
    {
      benchmark: 'insights plan',
      db: 'postgres',
      figure: `due selected at ${int(largest.posts)} posts, ${int(largest.due)} due (median s)`,
      value: largest.countMs.median / 1000,
      target: `< ${TARGETS.planSeconds}`,
      met: largest.countMs.median / 1000 < TARGETS.planSeconds,
    },
    {
      benchmark: 'insights plan',
      db: 'postgres',
      figure: `whole plan at ${int(largest.posts)} posts (median s)`,
      value: largest.planMs.median / 1000,
      target: `< ${TARGETS.planSeconds}`,
      met: largest.planMs.median / 1000 < TARGETS.planSeconds,
    },
    {
      benchmark: 'insights plan',
      db: 'postgres',
      figure: `plan time ${int(largest.posts)} / ${int(smallest.posts)} posts, same due (median)`,
      value: largest.planMs.median / smallest.planMs.median,
      target: `≈ 1, not ${fixed(largest.posts / smallest.posts, 0)}`,
      met: largest.planMs.median / smallest.planMs.median < 2,
    },
  );
  return r;
}

async function main(): Promise<void> {
  const settings = readSettings();
  const started = performance.now();
  const pgVersion = settings.pgAdminUrl && settings.databases.includes('postgres') ? await postgresVersion(settings.pgAdminUrl) : undefined;
  say(`Channelkeeper benchmarks — ${new Date().toISOString()}`);
  say(
    `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${int(os.totalmem() / 2 ** 30)} GiB, ` +
      `load average ${os
        .loadavg()
        .map((l) => fixed(l, 2))
        .join(' ')}; ` +
      `BENCH_SCALE=${settings.scale}; databases: ${settings.databases.map(dbName).join(', ')}${pgVersion ? ` (PostgreSQL ${pgVersion})` : ''}`,
  );
  if (!settings.pgAdminUrl) say('(set BENCH_PG=1 or DATABASE_URL to also run on PostgreSQL)');
  say('Throughput depends on the machine being otherwise idle: each table shows the load average and how busy all cores were.');
  say();
  const targets: TargetLine[] = [];
  const results: {
    http: HttpResult[];
    sweep: SweepResult[];
    notify: SweepResult[];
    tuning: SweepResult[];
    mixed: MixedResult[];
    loadSimulation: LoadSimResult[];
    accountSchedule: AccountScheduleResult[];
    insightsPlan: PlanBenchResult | null;
  } = {
    accountSchedule: [],
    insightsPlan: null,
    http: [],
    sweep: [],
    notify: [],
    tuning: [],
    mixed: [],
    loadSimulation: [],
  };
  for (const db of settings.databases) {
    if (settings.only === undefined || settings.only === 'http') results.http.push(await httpBenchmark(settings, db, targets));
    if (settings.only === undefined || settings.only === 'sweep') results.sweep.push(...(await sweepBenchmark(settings, db, targets)));
    if (settings.only === undefined || settings.only === 'notify') results.notify.push(...(await notifyCost(settings, db, targets)));
    if (settings.only === 'tune' || (settings.only !== 'http' && settings.only !== 'notify' && settings.only !== 'mixed' && process.env.BENCH_TUNE === '1'))
      results.tuning.push(...(await tuneSweep(settings, db)));
    if (settings.only === 'mixed') results.mixed.push(await mixedBenchmark(settings, db));
    if (settings.only === undefined || settings.only === 'account') results.accountSchedule.push(await accountScheduleBenchmark(settings, db));
  }
  if (settings.only === 'mixed' && process.env.BENCH_SIM !== '0') results.loadSimulation.push(...(await loadSimulation(settings)));
  if (settings.only === undefined || settings.only === 'insights') results.insightsPlan = (await insightsPlanBenchmark(settings, targets)) ?? null;
  if (targets.length)
    say(
      table(
        'Targets',
        ['benchmark', 'database', 'figure', 'value', 'target', ''],
        targets.map((t) => [t.benchmark, dbName(t.db), t.figure, fixed(t.value, t.value < 10 ? 2 : 0), t.target, verdict(t.met)]),
      ),
    );
  const dir = path.join(benchDir, 'results');
  const file = path.join(dir, 'latest.json');
  fs.mkdirSync(dir, { recursive: true });
  const output = {
    generatedAt: new Date().toISOString(),
    environment: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemGiB: os.totalmem() / 2 ** 30, postgres: pgVersion ?? null },
    scale: settings.scale,
    busyBefore,
    targets,
    ...results,
  };
  const json = `${JSON.stringify(output, null, 2)}\n`;
  fs.writeFileSync(file, json);
  // A dated copy too, so runs can be compared later.
  fs.writeFileSync(path.join(dir, `${output.generatedAt.replace(/[:.]/g, '-')}.json`), json);
  say(`\nwrote ${path.relative(process.cwd(), file)} in ${fixed((performance.now() - started) / 1000, 0)} s total`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
