/**
 * How the driver gets a job run at a simulated instant, two ways:
 *
 * - direct: it asks one worker process to run the job's handler now (the handler the queue would call),
 *   and waits for its answer. A kill -9 mid-sweep loses that run; the next sweep takes over its claims.
 * - queue: it queues the job through pg-boss (`send`, as a cron or a kick does) and waits until the job is
 *   completed, failed or cancelled; whichever worker's queue fetches it runs it. A kill -9 leaves the job
 *   `active`, and the queues' `singleton` policy holds every later job of that queue back until pg-boss
 *   expires it (900 s): this mode needs the start-up recovery of jobs left active by a crashed process to
 *   get through a week with a kill in it.
 */
import { PgBoss } from 'pg-boss';
import type { SoakJob } from './protocol.ts';
import type { RunOutcome, Workers } from './worker-pool.ts';

export interface JobRunner {
  readonly mode: 'direct' | 'queue';
  /** Runs `job`; `lane` spreads jobs of one instant over the workers (direct mode). */
  run(job: SoakJob, lane: number): Promise<RunOutcome>;
  close(): Promise<void>;
}

export function directRunner(workers: Workers): JobRunner {
  return { mode: 'direct', run: (job, lane) => workers.run(job, lane % workers.count), close: async () => {} };
}

/** Longest a queued job may take before the soak calls it stuck (real time). */
const STUCK_MS = 120_000;

export async function queueRunner(databaseUrl: string): Promise<JobRunner> {
  // Only a producer: no maintenance, no schedules, no schema changes from the driver.
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', supervise: false, schedule: false, migrate: false });
  boss.on('error', () => {});
  await boss.start();
  return {
    mode: 'queue',
    async run(job) {
      const id = await boss.send(job, null);
      if (!id) return { ok: false, error: `pg-boss refused to queue ${job}` };
      const deadline = performance.now() + STUCK_MS;
      for (;;) {
        const [found] = await boss.findJobs(job, { id });
        if (found?.state === 'completed') return { ok: true, result: found.output };
        if (found?.state === 'failed' || found?.state === 'cancelled') return { ok: false, error: `${job} ${found.state}` };
        if (performance.now() > deadline) return { ok: false, error: `${job} still ${found?.state ?? 'missing'} after ${STUCK_MS / 1000} s` };
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => boss.stop({ graceful: false }),
  };
}
