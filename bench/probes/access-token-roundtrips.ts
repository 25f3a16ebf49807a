/**
 * Probe (not part of `npm run bench`): what the access-token hand-out costs per database round trip.
 * Calls the use case directly (no HTTP) at concurrency 10 for 3 s, then variants written here, to show
 * what the statement costs, what its audit-count write costs, and what no round trip at all would give:
 *
 *   ./node_modules/.bin/node bench/probes/access-token-roundtrips.ts pglite|postgres
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { handOutAccessToken } from '../../src/connections/connections.ts';
import { DAY, systemClock } from '../../src/kernel/clock.ts';
import { createBenchDatabase } from '../lib/database.ts';
import { DEFAULT_PG_ADMIN_URL } from '../lib/env.ts';
import { seedConnections, seedWorkspace } from '../lib/seed.ts';
import { createBenchSystem } from '../lib/system.ts';

const kind = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
// PROBE_SYNC_OFF=1: the PostgreSQL database gets synchronous_commit = off (is it the WAL flush per hand-out?).
const database = await createBenchDatabase(kind, process.env.DATABASE_URL || DEFAULT_PG_ADMIN_URL, { synchronousCommitOff: process.env.PROBE_SYNC_OFF === '1' });
const system = await createBenchSystem({ database, clock: systemClock, logLevel: 'warn' });
const { deps } = system;
try {
  const workspaceId = await seedWorkspace(deps, `ck_bench_${crypto.randomBytes(12).toString('hex')}`);
  const issuedAt = new Date(Date.now() - 10 * DAY);
  const ids = await seedConnections(
    deps,
    workspaceId,
    Array.from({ length: 1000 }, (_, i) => ({
      accountId: String(i),
      username: `u${i}`,
      accessToken: crypto.randomBytes(120).toString('base64url'),
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + 60 * DAY),
    })),
  );
  const run = async (name: string, work: (id: string) => Promise<unknown>) => {
    let n = 0;
    const end = performance.now() + 3000;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (performance.now() < end) await work(ids[n++ % ids.length] as string);
      }),
    );
    console.log(`${kind.padEnd(8)} ${name.padEnd(78)} ${String(Math.round(n / 3)).padStart(6)} /s`);
  };
  // One query instead of two: the connection row and its sealed token together.
  const joined = (id: string) =>
    deps.db
      .selectFrom('connections as c')
      .innerJoin('connection_tokens as t', 't.connection_id', 'c.id')
      .select(['c.id', 'c.status', 'c.token_expires_at', 't.access_token_sealed'])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', '=', id)
      .executeTakeFirst();
  await run('(warm-up)', (id) => handOutAccessToken(deps, workspaceId, id));
  await run('handOutAccessToken as is', (id) => handOutAccessToken(deps, workspaceId, id));
  await run('select 1: one round trip doing nothing (the ceiling for any 1-trip design)', () => sql`select 1`.execute(deps.db));
  await run('joined read + open, no audit-count write (1 read-only trip)', async (id) => {
    const row = await joined(id);
    if (row) deps.keyRing.open(row.access_token_sealed, `${id}:access`);
  });
  const sealed = new Map(
    (await deps.db.selectFrom('connection_tokens').select(['connection_id', 'access_token_sealed']).execute()).map((r) => [r.connection_id, r.access_token_sealed]),
  );
  await run('cached sealed token + open only (0 trips)', async (id) => deps.keyRing.open(sealed.get(id) as string, `${id}:access`));
} finally {
  await system.close();
  await database.drop();
}
