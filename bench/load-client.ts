/**
 * The load generator (a child process of its own, so it never competes with the server for an event
 * loop): a warm-up run, then the measured autocannon run, rotating POSTs over the given connection ids.
 */
import autocannon, { type AutocannonResult } from 'autocannon';
import { childArgs, emitResult, runMain } from './lib/child.ts';
import { type MachineLoad, measureLoad } from './lib/machine.ts';

export interface LoadArgs {
  url: string;
  ids: string[];
  apiKey: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx answers during the warm-up run (not part of the figures). */
  warmup2xx: number;
  /** During the measured run (processCpuPct is the load generator's own). */
  load: MachineLoad;
}

async function fire(args: LoadArgs, durationSeconds: number): Promise<AutocannonResult> {
  let next = 0;
  return autocannon({
    url: args.url,
    connections: args.connections,
    duration: durationSeconds,
    headers: { authorization: `Bearer ${args.apiKey}` },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const id = args.ids[next++ % args.ids.length];
          return { ...request, path: `/v1/connections/${id}/access-token` };
        },
      },
    ],
  });
}

runMain(async () => {
  const args = childArgs<LoadArgs>();
  const warmup = args.warmupSeconds > 0 ? await fire(args, args.warmupSeconds) : undefined;
  const load = measureLoad();
  const r = await fire(args, args.durationSeconds);
  const machine = load.stop();
  const requests = r.latency.totalCount ?? r['2xx'] + r.non2xx;
  const result: LoadResult = {
    requests,
    seconds: r.duration,
    reqPerSec: requests / r.duration,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.mean, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    warmup2xx: warmup?.['2xx'] ?? 0,
    load: machine,
  };
  emitResult(result);
});
