/**
 * The soak's jobs run in the driver's own process, on its own system (PGlite is one process: its data
 * cannot be shared with workers in other processes). In queue mode the queue runs here as in any
 * single-process deployment; the clock is the one the driver moves. There is nothing to kill -9 and no database server to
 * restart, so those two kinds of chaos are left out on this backend.
 */
import { connectionJobs } from '../src/connections/connections.jobs.ts';
import { mediaJobs } from '../src/media/media.jobs.ts';
import { emailJobs } from '../src/platform/email/email.jobs.ts';
import type { Job, Queue } from '../src/platform/queue.ts';
import type { System } from '../src/system.ts';
import { webhookJobs } from '../src/webhooks/webhooks.jobs.ts';
import { startWorkers } from '../src/workers.ts';
import type { SoakJob } from './protocol.ts';
import type { RunOutcome, Workers } from './worker-pool.ts';

export class InProcessWorkers implements Workers {
  readonly count = 1;
  readonly unexpectedExits = 0;
  readonly #system: System;
  readonly #jobs: Map<string, Job>;
  readonly #running: SoakJob[] = [];
  #queue: Queue | undefined;
  readonly logFiles: string[];
  readonly #queued: boolean;

  constructor(system: System, logFiles: string[], queued: boolean) {
    this.#system = system;
    this.logFiles = logFiles;
    this.#queued = queued;
    const { deps, config } = system;
    this.#jobs = new Map([...connectionJobs(deps, config), ...emailJobs(deps, system.transport), ...webhookJobs(deps), ...mediaJobs(deps)].map((job) => [job.name, job]));
  }

  /** The queue runs in queue mode only (see soak/worker.ts). */
  async start(): Promise<void> {
    if (this.#queued) this.#queue = await startWorkers(this.#system);
  }

  /** The clock is the driver's own: nothing to tell. */
  async setClock(): Promise<void> {}

  async run(job: SoakJob): Promise<RunOutcome> {
    this.#running.push(job);
    try {
      return { ok: true, result: await this.#jobs.get(job)!.run() };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.#running.splice(this.#running.indexOf(job), 1);
    }
  }

  running(): readonly SoakJob[] {
    return this.#running;
  }

  async stop(): Promise<void> {
    await this.#queue?.stop();
  }
}
