/**
 * Background work on pg-boss, in the same database as everything else. pg-boss owns *when*
 * (cron schedules that fire once across all processes, retries of crashed handlers); the sweeps
 * own *what*, claiming rows under SKIP LOCKED so any number of workers can run them at once.
 * Payloads carry no secrets: at most an id.
 *
 * A process killed mid-job leaves its job `active`, and each queue's `singleton` policy would hold
 * the next run back until the job expires (15 minutes). So every job sends pg-boss heartbeats while
 * it runs, and the supervisor (every process runs one, and once at start) fails a job whose
 * heartbeat has gone quiet: a live process's jobs keep beating, so only a dead one's are taken.
 */
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { DatabaseAvailability } from './db/availability.ts';
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

export type QueueState = 'running' | 'paused' | 'stopped';

export interface Queue {
  /** Runs a job now (after the commit that gave it work); the schedule catches anything a kick misses. */
  kick(name: string): void;
  /** `paused` while the database is unreachable. */
  state(): QueueState;
  stop(): Promise<void>;
}

export interface QueueOptions {
  /** Takes lost connections (pg-boss's errors, failing jobs) and says when to pause the workers and resume. */
  availability?: DatabaseAvailability;
  /** How a dead process's jobs are found (tests shorten these). See `crashRecovery`. */
  crashRecovery?: Partial<typeof crashRecovery>;
  /** Each run is measured and traced (observe-job.ts). */
  metrics?: Metrics;
}

/**
 * A running job refreshes its heartbeat every `heartbeatSeconds / 2`; the supervisor, every
 * `superviseSeconds`, fails a job not heard from for `heartbeatSeconds`. A catch-up run therefore
 * starts at most about heartbeat + supervise seconds (35) after its process died.
 */
export const crashRecovery = { heartbeatSeconds: 20, superviseSeconds: 15 };

export async function startQueue(storage: Storage, logger: Logger, jobs: readonly Job[], options: QueueOptions = {}): Promise<Queue> {
  const { availability } = options;
  const recovery = { ...crashRecovery, ...options.crashRecovery };
  const boss = new PgBoss({
    ...storage.queueConnection,
    schema: 'pgboss',
    application_name: 'channelkeeper',
    superviseIntervalSeconds: recovery.superviseSeconds,
    monitorIntervalSeconds: recovery.superviseSeconds,
  });
  boss.on('error', (error: Error) => {
    if (!availability?.report(error, 'queue')) logger.error({ err: error.message }, 'queue error');
  });
  await boss.start();
  await declareQueues(boss, jobs, recovery.heartbeatSeconds);
  const work = async () => {
    for (const job of jobs) {
      await boss.work(job.name, async () => {
        try {
          const result = await observeJob(job.name, options.metrics, () => job.run());
          logger.debug({ queue: job.name, result }, 'job done');
          return result;
        } catch (error) {
          if (!availability?.report(error, job.name))
            logger.error({ queue: job.name, err: error instanceof Error ? error.message : String(error) }, 'job failed; pg-boss retries it');
          throw error;
        }
      });
    }
  };
  await work();
  // Jobs a process killed earlier left active, found now rather than at the first timed pass.
  await boss.supervise();
  const kick = (name: string) => {
    void boss.send(name, null).catch((error: unknown) => {
      if (!availability?.report(error, 'queue')) logger.warn({ queue: name, err: String(error) }, 'could not queue job');
    });
  };
  const status = { state: 'running' as QueueState };
  const unsubscribe = availability && pauseDuringOutages(availability, boss, jobs, { status, work, kick });
  return {
    kick,
    state: () => status.state,
    async stop() {
      status.state = 'stopped';
      unsubscribe?.();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

/** One queue per job, one job running at a time, each sending heartbeats; and its schedule. */
async function declareQueues(boss: PgBoss, jobs: readonly Job[], heartbeatSeconds: number): Promise<void> {
  for (const job of jobs) {
    const policy = { retryLimit: 3, retryDelay: 30, retryBackoff: true, heartbeatSeconds };
    await boss.createQueue(job.name, { policy: 'singleton', ...policy });
    // createQueue leaves a queue made by an earlier version as it was.
    await boss.updateQueue(job.name, policy);
  }
  for (const job of jobs) await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
}

/**
 * Backs off while the database is unreachable: the workers stop polling (the availability probe alone
 * watches it) and start again once it answers, with the start-up catch-up, so whatever fell due meanwhile
 * runs then. Returns the unsubscribe.
 */
function pauseDuringOutages(
  availability: DatabaseAvailability,
  boss: PgBoss,
  jobs: readonly Job[],
  queue: { status: { state: QueueState }; work(): Promise<void>; kick(name: string): void },
): () => void {
  return availability.onChange((available) => {
    if (queue.status.state === 'stopped') return;
    if (!available) {
      queue.status.state = 'paused';
      for (const job of jobs) void boss.offWork(job.name, { wait: false }).catch(() => {});
      return;
    }
    queue.status.state = 'running';
    queue.work().then(
      () => {
        for (const job of jobs) if (job.atStart) queue.kick(job.name);
      },
      (error: unknown) => availability.report(error, 'queue'),
    );
  });
}
