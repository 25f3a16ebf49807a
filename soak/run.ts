/**
 * `npm run soak`: a simulated year of chaos on PostgreSQL with several worker processes. Prints the tables
 * and exits non-zero when a check fails. Options (all optional):
 *
 *   --connections 10000 --days 365 --workers 3 --seed 1 --sweeps direct|queue --out soak-output
 *   DATABASE_URL   the PostgreSQL server to make the soak's database on (default postgres://postgres@127.0.0.1:5432/postgres)
 *   --keep-database  leave the database behind for inspection
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { yearOfChaos } from './chaos.ts';
import { renderReport } from './report.ts';
import { runSoak } from './soak.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '10000' },
    days: { type: 'string', default: '365' },
    workers: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    sweeps: { type: 'string', default: 'direct' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'channelkeeper-soak') },
    'log-level': { type: 'string', default: 'info' },
    'keep-database': { type: 'boolean', default: false },
  },
});
if (values.sweeps !== 'direct' && values.sweeps !== 'queue') throw new Error('--sweeps is direct or queue');

// Ctrl-C ends the soak after the day under way and still drops its database; a second one ends it at once.
const stop = new AbortController();
process.on('SIGINT', () => (stop.signal.aborted ? process.exit(130) : stop.abort()));
process.on('SIGTERM', () => stop.abort());

const result = await runSoak({
  connections: Number(values.connections),
  days: Number(values.days),
  workers: Number(values.workers),
  postgresAdminUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  sweeps: values.sweeps,
  chaos: yearOfChaos,
  seed: Number(values.seed),
  outDir: values.out,
  logLevel: values['log-level'],
  providerTimeoutMs: 1_000,
  windowDays: 45,
  keepDatabase: values['keep-database'],
  signal: stop.signal,
  progress: (line) => process.stderr.write(`soak: ${line}\n`),
});
process.stdout.write(`${renderReport(result)}\n`);
process.stderr.write(`soak: logs of every process are in ${values.out}\n`);
process.exit(result.passed ? 0 : 1);
