/** What each CLI command does. Returns the exit code (-1: keep running). */

import { eachPlannedRefresh, runRefreshSweep } from '../connections/index.ts';
import { countDueInsights, planInsights } from '../insights/index.ts';
import { ManualClock } from '../kernel/clock.ts';
import { checkKeys, rotateKeys } from '../ops/index.ts';
import type { Config } from '../platform/config.ts';
import { readDemoKeySpec } from '../platform/crypto/demo-keys.ts';
import { parseKeyRing } from '../platform/crypto/key-ring.ts';
import { migrate, openStorage } from '../platform/db/db.ts';
import { dispatchPendingEmails } from '../platform/email/dispatch.ts';
import { startTracing } from '../platform/tracing.ts';
import { createSystem, type System } from '../system.ts';
import { startWorkers } from '../workers.ts';
import { heapLimitText } from './heap-limit.ts';
import { progressBar } from './progress.ts';

export async function runStart(config: Config): Promise<number> {
  // Once per process, before the first request or job: the OTEL_* variables decide whether (config.ts).
  const tracing = await startTracing(config.tracing);
  const system = await createSystem(config, { owner: { command: 'channelkeeper start', url: config.publicUrl } });
  const workers = config.workers ? await startWorkers(system) : undefined;
  await system.app.listen({ port: config.port, host: config.host });
  const lines = ['', `  Channelkeeper is running at ${config.publicUrl}  (database: ${system.storage.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`];
  if (system.demoApiKey) {
    lines.push(`  Demo API key:   ${system.demoApiKey}`, `  Demo pages:     ${config.publicUrl}/demo  and the mailbox at ${config.publicUrl}/demo/mailbox`);
  }
  if (system.sandbox) lines.push(`  Provider sandbox: ${system.sandbox.url}  (every provider URL points here in demo mode)`);
  lines.push(`  Heap limit:     ${heapLimitText()}`);
  if (tracing) lines.push(`  Tracing:        OpenTelemetry, as service "${config.tracing.serviceName}" (exporter and endpoint from the OTEL_* variables)`);
  lines.push(`  Try:  curl -X POST ${config.publicUrl}/v1/connect-sessions -H "Authorization: Bearer <api key>" -H "content-type: application/json" \\`);
  lines.push(`          -d '{"creator":{"id":"c1","email":"c1@example.com","name":"Ana"},"provider":"instagram"}'`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
  const shutdown = async () => {
    await workers?.stop();
    await system.close();
    // Exports the spans still buffered.
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return -1;
}

export async function runMigrate(config: Config): Promise<number> {
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: { command: 'channelkeeper migrate' } });
  const applied = await migrate(storage.db);
  await storage.close();
  process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
  return 0;
}

export async function runRefresh(config: Config, options: { now?: string; dryRun: boolean }): Promise<number> {
  return withSystemAt(config, 'channelkeeper refresh', options.now, async (system, asOf) => {
    if (options.dryRun) {
      // Listed as they are read, a page at a time: a million channels are printed in flat memory.
      const due = await eachPlannedRefresh(system.deps, (item) =>
        process.stdout.write(`  ${item.action.padEnd(7)} ${item.connectionId}  ${item.provider}  @${item.username ?? '?'}  ${item.reason}\n`),
      );
      process.stdout.write(`Dry run as of ${asOf}: ${due} connection(s) due; nothing changed.\n`);
      return 0;
    }
    const report = await runRefreshSweep(system.deps, { includeScheduled: true });
    await dispatchPendingEmails({ ...system.deps, transport: system.transport });
    process.stdout.write(
      `Refresh sweep as of ${asOf}: ${report.claimed} claimed, ${report.refreshed} refreshed, ${report.retry_scheduled} to retry, ` +
        `${report.disconnected} disconnected, ${report.skipped} skipped, ${report.conflict} changed meanwhile (${report.seconds.toFixed(2)} s)\n`,
    );
    return 0;
  });
}

/** The insights plan as of a time: queue the due readings (the workers take them), or only count them. */
export async function runInsightsPlan(config: Config, options: { now?: string; dryRun: boolean }): Promise<number> {
  return withSystemAt(config, 'channelkeeper insights', options.now, async (system, asOf) => {
    if (options.dryRun) {
      const { due } = await countDueInsights(system.deps);
      process.stdout.write(`Dry run as of ${asOf}: ${due} bound post(s) due for an automatic insights reading; nothing changed.\n`);
      return 0;
    }
    const report = await planInsights(system.deps);
    process.stdout.write(
      `Insights plan as of ${asOf}: ${report.queued} reading(s) and ${report.stories} story capture(s) queued; the workers take them under the networks' budgets.\n`,
    );
    return 0;
  });
}

/**
 * Runs a one-off command on the whole system as of `--now` (a manual clock; the wall clock without
 * it), quiet at info level, with no sandbox of its own, and closes the system after.
 */
async function withSystemAt(config: Config, command: string, nowArg: string | undefined, run: (system: System, asOf: string) => Promise<number>): Promise<number> {
  const now = parseNow(nowArg);
  if (now === null) return 2;
  const system = await createSystem(
    { ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel },
    { clock: now ? new ManualClock(now) : undefined, startSandbox: false, owner: { command } },
  );
  try {
    return await run(system, system.deps.clock.now().toISOString());
  } finally {
    await system.close();
  }
}

/** An ISO time from --now: undefined when absent, null (after saying why) when it is not one. */
function parseNow(value: string | undefined): Date | undefined | null {
  if (value === undefined) return undefined;
  const now = new Date(value);
  if (!Number.isNaN(now.getTime())) return now;
  process.stderr.write(`--now must be an ISO time such as 2026-03-01T02:00:00Z (got "${value}")\n`);
  return null;
}

export async function runRotateKeys(config: Config): Promise<number> {
  const system = await createSystem({ ...config, logLevel: 'warn' }, { startSandbox: false, owner: { command: 'channelkeeper keys rotate' } });
  try {
    const bar = progressBar(process.stderr, 'Re-sealing secrets');
    const result = await rotateKeys(system.deps, (p) => bar.update(p.done, p.total));
    bar.finish();
    process.stdout.write(`Re-sealed ${result.done} secret(s) under key "${system.deps.keyRing.activeKeyId}".\n`);
    if (result.left) process.stdout.write(`${result.left} secret(s) were busy and are still under another key: run keys rotate again before removing it.\n`);
    return 0;
  } finally {
    await system.close();
  }
}

/** Whether ENCRYPTION_KEYS opens what the database holds, as a start would check it, without starting: exit 0 or 1. */
export async function runCheckKeys(config: Config): Promise<number> {
  const spec = config.encryptionKeys ?? readDemoKeySpec(config.dataDir);
  const ring = spec === undefined ? undefined : parseKeyRing(spec);
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: { command: 'channelkeeper keys check' } });
  try {
    const check = await checkKeys(storage.db, ring);
    (check.ok ? process.stdout : process.stderr).write(`${check.message}\n`);
    return check.ok ? 0 : 1;
  } finally {
    await storage.close();
  }
}
