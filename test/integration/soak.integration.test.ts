/**
 * The soak (`npm run soak`, soak/), scaled down to run with the tests: 200 channels across the five
 * networks through a simulated quarter, with the year's rates of transient errors (5 %) and timeouts (1 %)
 * and one or two of every other kind of chaos: lost answers after a rotation, throttling bursts,
 * revocations at the network, and on PostgreSQL kill -9 of a worker mid-sweep and database restarts, with
 * two worker processes. PGlite is one process, so there the jobs run in the test's own process and those
 * two kinds of chaos are left out. Every check of the soak must come out 0.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { type ChaosSettings, yearOfChaos } from '../../soak/chaos.ts';
import { renderReport } from '../../soak/report.ts';
import { runSoak } from '../../soak/soak.ts';
import { postgresAdminUrl } from '../support/database.ts';

const aQuarter: ChaosSettings = {
  ...yearOfChaos,
  // One a week: a lost answer strikes only if that network refreshes during that day's sweep, and a quarter must see at least one.
  lostAnswersPerWeek: 1,
  throttleEveryDays: 40,
  revocationsPerDay: 0.06,
  killEveryDays: 40,
  dbRestartEveryDays: 50,
  newConnectionsPerDay: 0.1,
  quietTailDays: 10,
};

it(`a quarter of chaos with 200 channels on ${postgresAdminUrl ? 'PostgreSQL and two worker processes' : 'PGlite in one process'} loses nothing`, async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-soak-test-'));
  const result = await runSoak({
    connections: 200,
    days: 90,
    workers: postgresAdminUrl ? 2 : 0,
    postgresAdminUrl,
    sweeps: 'direct',
    chaos: aQuarter,
    seed: 7,
    outDir,
    logLevel: 'info',
    providerTimeoutMs: 1_000,
    windowDays: 45,
    progress: () => {},
  });
  expect(
    result.checks.filter((check) => check.found > 0),
    renderReport(result),
  ).toEqual([]);
  fs.rmSync(outDir, { recursive: true, force: true });

  // The trouble did happen.
  const { tally } = result;
  expect(tally.lostAnswers).toBeGreaterThan(0);
  expect(tally.throttledCalls).toBeGreaterThan(0);
  expect(result.revocationsFlagged).toBeGreaterThan(0);
  expect(tally.reconnects.ok).toBeGreaterThan(0);
  expect(tally.newConnections.ok).toBeGreaterThan(0);
  expect(new Set(result.disconnections.map((d) => d.reason))).toContain('expired');
  if (postgresAdminUrl) {
    expect(tally.kills.filter((kill) => kill.midSweep).length).toBeGreaterThan(0);
    expect(tally.dbRestarts.filter((restart) => restart.midSweep).length).toBeGreaterThan(0);
    expect(result.workersDiedOnTheirOwn).toBe(0);
  }
}, 900_000);
