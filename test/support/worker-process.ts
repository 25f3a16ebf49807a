/**
 * A worker process for crash tests: `node test/support/worker-process.ts`, with the environment of
 * the service (DATABASE_URL, ENCRYPTION_KEYS, PROVIDER_ORIGIN_MAP, …) plus, for the test's sake,
 * CK_TEST_NOW (the test's manual clock, frozen there) and CK_HEARTBEAT_SECONDS and
 * CK_SUPERVISE_SECONDS (how soon a dead process's jobs are taken over). It prints "workers started"
 * once its queue runs, and runs until it is killed.
 */
import { ManualClock } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createSystem } from '../../src/system.ts';
import { startWorkers } from '../../src/workers.ts';

const env = process.env;
const system = await createSystem(loadConfig(env), { clock: env.CK_TEST_NOW ? new ManualClock(env.CK_TEST_NOW) : undefined, startSandbox: false });
await startWorkers(system, {
  crashRecovery: {
    ...(env.CK_HEARTBEAT_SECONDS ? { heartbeatSeconds: Number(env.CK_HEARTBEAT_SECONDS) } : {}),
    ...(env.CK_SUPERVISE_SECONDS ? { superviseSeconds: Number(env.CK_SUPERVISE_SECONDS) } : {}),
  },
});
process.stdout.write('workers started\n');
