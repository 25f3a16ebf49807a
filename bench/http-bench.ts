/**
 * Benchmark 1: POST /v1/connections/:id/access-token over real HTTP, against the real app (createSystem),
 * versus a bare Fastify app with one route returning a JSON body of the same shape. Between the two, a
 * third app measures the floor our own HTTP machinery sets: the service's app (request ids, metrics,
 * tracing, the rate limit, API-key authentication, parameter validation) with one route of the same
 * path answering a constant, so the table tells what the hand-out itself costs from what every API
 * request costs. All listen in this process; the load comes from bench/load-client.ts in another
 * process, with identical settings. The three run `repetitions` times, in turn, so each ratio compares
 * runs made seconds apart on the same machine.
 */
import crypto from 'node:crypto';
import Fastify from 'fastify';
import { accessTokenSchema } from '../src/connections/connections.schemas.ts';
import { DAY, systemClock } from '../src/kernel/clock.ts';
import { apiRoute } from '../src/platform/http/api-route.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { idParams } from '../src/platform/http/schemas.ts';
import { childArgs, emitResult, progress, runChild, runMain } from './lib/child.ts';
import { createBenchDatabase } from './lib/database.ts';
import type { DbKind } from './lib/env.ts';
import { type SeedAccount, seedConnections, seedWorkspace } from './lib/seed.ts';
import { createBenchSystem } from './lib/system.ts';
import type { LoadArgs, LoadResult } from './load-client.ts';

export interface HttpArgs {
  db: DbKind;
  pgAdminUrl: string | undefined;
  seedCount: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Baseline-then-service pairs (the printout gives min/median/max over them). */
  repetitions: number;
  /** PostgreSQL diagnostic: commits do not wait for the WAL flush. */
  synchronousCommitOff?: boolean;
}

export interface HttpResult {
  db: DbKind;
  database: string;
  seeded: number;
  seedSeconds: number;
  /** One baseline, one floor and one service run per repetition, in the order they ran. */
  runs: { baseline: LoadResult; floor: LoadResult; service: LoadResult }[];
  /** The hand-out cache's counts over all runs (hits, misses, reads that bypassed it, notices). */
  cache: { hits: number; misses: number; bypassed: number; invalidations: number };
  /** Sum of access_token_handouts.count after the runs: every 2xx hand-out is counted once. */
  handoutsCounted: number;
  /** 2xx answers the service gave: probe + warm-ups + measured runs. */
  serviceResponses2xx: number;
}

const fakeToken = () => `IGAA${crypto.randomBytes(120).toString('base64url')}`;

runMain(async () => {
  const args = childArgs<HttpArgs>();
  const database = await createBenchDatabase(args.db, args.pgAdminUrl, { synchronousCommitOff: args.synchronousCommitOff });
  const system = await createBenchSystem({ database, clock: systemClock, logLevel: 'warn' });
  try {
    const apiKey = `ck_bench_${crypto.randomBytes(18).toString('base64url')}`;
    const workspaceId = await seedWorkspace(system.deps, apiKey);
    const now = systemClock.now();
    const issuedAt = new Date(now.getTime() - 10 * DAY);
    const accounts: SeedAccount[] = Array.from({ length: args.seedCount }, (_, i) => ({
      accountId: `1784150${String(i).padStart(10, '0')}`,
      username: `http.bench.${i}`,
      accessToken: fakeToken(),
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 60 * DAY),
    }));
    const seedStarted = performance.now();
    const ids = await seedConnections(system.deps, workspaceId, accounts);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    progress(`${args.db}: seeded ${ids.length} connections in ${seedSeconds.toFixed(1)} s`);

    const serviceUrl = await system.app.listen({ host: '127.0.0.1', port: 0 });
    // One request by hand: the endpoint must answer 200 with the token we sealed, or the figures mean nothing.
    const probe = await fetch(`${serviceUrl}/v1/connections/${ids[0]}/access-token`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } });
    const body = (await probe.json()) as { accessToken?: string };
    if (probe.status !== 200 || body.accessToken !== accounts[0]?.accessToken) throw new Error(`probe failed: ${probe.status} ${JSON.stringify(body).slice(0, 200)}`);

    const baseline = Fastify({ logger: false });
    const sample = { accessToken: fakeToken(), expiresAt: new Date(now.getTime() + 50 * DAY).toISOString() };
    baseline.post('/v1/connections/:id/access-token', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return sample;
    });
    const baselineUrl = await baseline.listen({ host: '127.0.0.1', port: 0 });

    // The floor: the service's own app and hooks, with the route answering a constant after authenticating.
    const floor = await buildApp(system.deps, {
      databaseKind: database.kind,
      rateLimitPerMinute: 1_000_000_000,
      routes: [
        (app, ctx) =>
          apiRoute(app, ctx, {
            method: 'POST',
            url: '/v1/connections/:id/access-token',
            operationId: 'benchFloor',
            summary: 'A constant answer behind the API’s hooks',
            tag: 'Bench',
            params: idParams,
            responses: { 200: { description: 'A constant.', schema: accessTokenSchema } },
            errors: [],
            handler: async ({ reply }) => {
              reply.header('cache-control', 'no-store');
              return sample;
            },
          }),
      ],
    });
    const floorUrl = await floor.listen({ host: '127.0.0.1', port: 0 });

    const load = (url: string): Promise<LoadResult> =>
      runChild<LoadResult>('load-client.ts', {
        url,
        ids,
        apiKey,
        connections: args.connections,
        durationSeconds: args.durationSeconds,
        warmupSeconds: args.warmupSeconds,
      } satisfies LoadArgs);
    const runs: HttpResult['runs'] = [];
    for (let rep = 1; rep <= args.repetitions; rep++) {
      progress(`${args.db}: ${rep}/${args.repetitions} baseline (bare Fastify), ${args.connections} connections, ${args.durationSeconds} s`);
      const baselineResult = await load(baselineUrl);
      progress(`${args.db}: ${rep}/${args.repetitions} floor (the service's hooks, a constant answer), ${args.connections} connections, ${args.durationSeconds} s`);
      const floorResult = await load(floorUrl);
      progress(`${args.db}: ${rep}/${args.repetitions} service access-token endpoint, ${args.connections} connections, ${args.durationSeconds} s`);
      runs.push({ baseline: baselineResult, floor: floorResult, service: await load(serviceUrl) });
    }
    await baseline.close();
    await floor.close();

    // Hand-out counts may be gathered in memory and written periodically: write what is pending first.
    // (Duck-typed so the benchmark keeps compiling whichever way src/ counts them.)
    await (system.deps as { handoutAudit?: { flush?: () => Promise<void> } }).handoutAudit?.flush?.();
    const counted = await system.deps.db
      .selectFrom('access_token_handouts')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('count'), eb.val(0)).as('n'))
      .executeTakeFirstOrThrow();
    const result: HttpResult = {
      db: args.db,
      database: database.label,
      seeded: ids.length,
      seedSeconds,
      runs,
      cache: { ...system.deps.handoutRows.counts },
      handoutsCounted: Number(counted.n),
      serviceResponses2xx: 1 + runs.reduce((sum, run) => sum + run.service.warmup2xx + run.service.requests - run.service.non2xx, 0),
    };
    emitResult(result);
  } finally {
    await system.close();
    await database.drop();
  }
});
