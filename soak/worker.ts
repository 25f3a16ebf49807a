/**
 * One worker process of the soak: the service as a worker process builds it (`createSystem` from the
 * environment), with one difference: its clock is a ManualClock the driver sets over IPC, so several
 * processes and the sandbox share one simulated time. In queue mode it starts the queue as `channelkeeper
 * start` does (`startWorkers`: pg-boss with every feature's jobs) and the driver queues the jobs through
 * pg-boss; in direct mode the driver asks it to run a job's handler now (the handler the queue would call).
 *
 * Logs go to stdout as the service writes them; the driver captures them to a file per process.
 */
import { connectionJobs } from '../src/connections/connections.jobs.ts';
import { ManualClock } from '../src/kernel/clock.ts';
import { mediaJobs } from '../src/media/media.jobs.ts';
import { loadConfig } from '../src/platform/config.ts';
import { emailJobs } from '../src/platform/email/email.jobs.ts';
import type { Job } from '../src/platform/queue.ts';
import { createSystem } from '../src/system.ts';
import { webhookJobs } from '../src/webhooks/webhooks.jobs.ts';
import { startWorkers } from '../src/workers.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const send = (message: FromWorker) => process.send?.(message);

async function main(): Promise<void> {
  if (!process.send) throw new Error('soak/worker.ts is started by the soak driver (it needs an IPC channel)');
  const clock = new ManualClock(new Date(Number(process.env.SOAK_START_MS)));
  const config = loadConfig(process.env);
  const system = await createSystem(config, { clock });
  // Direct mode: the driver says when each job runs, and nothing runs behind its back (no schedules, no
  // kicks), so every lease still held between two instants belongs to work that is over.
  const queue = process.env.SOAK_SWEEPS === 'queue' ? await startWorkers(system) : undefined;
  const { deps } = system;
  const jobs = new Map<string, Job>(
    [...connectionJobs(deps, config), ...emailJobs(deps, system.transport), ...webhookJobs(deps), ...mediaJobs(deps)].map((job) => [job.name, job]),
  );

  process.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'clock':
        clock.set(new Date(message.nowMs));
        send({ type: 'reply', seq: message.seq, ok: true });
        return;
      case 'run': {
        const job = jobs.get(message.job);
        if (!job) return send({ type: 'reply', seq: message.seq, ok: false, error: `no job ${message.job}` });
        job.run().then(
          (result) => send({ type: 'reply', seq: message.seq, ok: true, result }),
          (error: unknown) => send({ type: 'reply', seq: message.seq, ok: false, error: error instanceof Error ? error.message : String(error) }),
        );
        return;
      }
      case 'stop':
        void Promise.resolve(queue?.stop())
          .then(() => system.close())
          .finally(() => {
            send({ type: 'reply', seq: message.seq, ok: true });
            process.exit(0);
          });
        return;
    }
  });
  // The driver gone (ended or killed), nobody moves the clock any more.
  process.on('disconnect', () => process.exit(1));
  send({ type: 'ready', instanceId: deps.instanceId });
}

main().catch((error: unknown) => {
  process.stderr.write(`soak worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
