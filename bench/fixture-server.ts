/** The sweep benchmark's fixture (sandbox + seeding) in a process of its own; see lib/fixture.ts. Driven over IPC. */
import { startSandbox } from '../sandbox/index.ts';
import { ManualClock } from '../src/kernel/clock.ts';
import { type FixtureReply, type FixtureRequest, fixtureOps } from './lib/fixture.ts';

const now = process.argv[2];
if (!now || !process.send) throw new Error('start through bench/lib/fixture.ts');
const clock = new ManualClock(now);
const sandbox = await startSandbox({ clock, port: 0 });
const ops = fixtureOps(sandbox, clock);
const reply = (message: FixtureReply | { ready: string }) => process.send?.(message);
const failed = (id: number, error: unknown) => reply({ id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });

process.on('message', (request: FixtureRequest) => {
  switch (request.op) {
    case 'seed':
      ops.seed(request.request).then(
        (value) => reply({ id: request.id, ok: true, value }),
        (error: unknown) => failed(request.id, error),
      );
      return;
    case 'seedMixed':
      ops.seedMixed(request.request).then(
        (value) => reply({ id: request.id, ok: true, value }),
        (error: unknown) => failed(request.id, error),
      );
      return;
    case 'refreshCalls':
      return reply({ id: request.id, ok: true, value: ops.refreshCalls() });
    case 'clearCalls':
      ops.clearCalls();
      return reply({ id: request.id, ok: true, value: null });
    case 'close':
      void sandbox.close().then(() => {
        reply({ id: request.id, ok: true, value: null });
        process.disconnect();
        process.exit(0);
      });
      return;
  }
});
process.on('disconnect', () => process.exit(0));
reply({ ready: sandbox.url });
