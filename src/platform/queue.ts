/**
 * Background work on pg-boss, in the same database as everything else. pg-boss owns *when*
 * (cron schedules that fire once across all processes, retries of crashed handlers); the sweeps
 * own *what*, claiming rows under SKIP LOCKED so any number of workers can run them at once.
 * Payloads carry no secrets: at most an id.
 */
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Storage } from './db/db.ts';
import type { Metrics } from './metrics.ts';
import { observeJob } from './observe-job.ts';

/** One kind of background work: its queue, when it runs, and what it does. Each feature declares its own in *.jobs.ts. */
export interface Job {
  /** The pg-boss queue name (also what `kick` takes). */
  name: string;
  /** When it runs, as a cron expression in UTC; pg-boss fires it once across all processes. */
  cron: string;
  run(): Promise<unknown>;
  /** Also run once at start-up: a process that was down at the scheduled time must not skip it. */
  atStart?: boolean;
}

export interface Queue {
  /** Runs a job now (after the commit that gave it work); the schedule catches anything a kick misses. */
  kick(name: string): void;
  stop(): Promise<void>;
}

/** `metrics`: each run is measured and traced (observe-job.ts). */
export async function startQueue(storage: Storage, logger: Logger, jobs: readonly Job[], metrics?: Metrics): Promise<Queue> {
  const boss = new PgBoss({ ...storage.queueConnection, schema: 'pgboss', application_name: 'channelkeeper' });
  boss.on('error', (error: Error) => logger.error({ err: error.message }, 'queue error'));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name, { policy: 'singleton', retryLimit: 3, retryDelay: 30, retryBackoff: true });
  }
  for (const job of jobs) await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
  for (const job of jobs) {
    await boss.work(job.name, async () => {
      const result = await observeJob(job.name, metrics, () => job.run());
      logger.debug({ queue: job.name, result }, 'job done');
      return result;
    });
  }
  const kick = (name: string) => {
    void boss.send(name, null).catch((error: unknown) => logger.warn({ queue: name, err: String(error) }, 'could not queue job'));
  };
  return { kick, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) };
}
