/**
 * Probe (not part of `npm run bench`): what the database side of one refresh costs, per statement shape.
 * No provider call and no claim: each variant gets claimed connections with their sealed tokens (as
 * claimRefreshBatch now returns them) and writes a new token for each, at concurrency 16, on its own
 * 5,000 due rows.
 *
 *   A  as refresh-connection.ts does it today, with the same repository functions:
 *      BEGIN; UPDATE connections … RETURNING *; INSERT connection_events; INSERT connection_tokens
 *      ON CONFLICT; COMMIT  (5 round trips)
 *   B  the same writes as one statement (data-modifying CTEs)  (1 round trip)
 *   C  B for a whole claimed batch of 200 at once (unnest arrays)  (1 round trip per 200)
 *
 *   ./node_modules/.bin/node bench/probes/refresh-write.ts pglite|postgres
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { applyTransition, getConnectionById, writeSealedTokens } from '../../src/connections/connections.repo.ts';
import { forEachLimited } from '../../src/connections/refresh-sweep.ts';
import { DAY, ManualClock } from '../../src/kernel/clock.ts';
import { newId } from '../../src/kernel/ids.ts';
import { refreshDueAt } from '../../src/providers/token-policy.ts';
import { createBenchDatabase } from '../lib/database.ts';
import { DEFAULT_PG_ADMIN_URL } from '../lib/env.ts';
import { type SeedAccount, seedConnections, seedWorkspace } from '../lib/seed.ts';
import { createBenchSystem } from '../lib/system.ts';

const kind = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const PER_VARIANT = 5_000;
const now = new Date();
const clock = new ManualClock(now);
const database = await createBenchDatabase(kind, process.env.DATABASE_URL || DEFAULT_PG_ADMIN_URL);
const system = await createBenchSystem({ database, clock, logLevel: 'warn' });
const { deps } = system;
const policy = deps.policies.instagram;
if (!policy) throw new Error('no policy');
try {
  const workspaceId = await seedWorkspace(deps, `ck_bench_${crypto.randomBytes(12).toString('hex')}`);
  const issuedAt = new Date(now.getTime() - 51 * DAY);
  const accounts: SeedAccount[] = Array.from({ length: 3 * PER_VARIANT + 500 }, (_, i) => ({
    accountId: String(i),
    username: `u${i}`,
    accessToken: `IGAA${crypto.randomBytes(120).toString('base64url')}`,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + 60 * DAY),
  }));
  const ids = await seedConnections(deps, workspaceId, accounts);
  await sql`analyze`.execute(deps.db);
  const newToken = () => ({ accessToken: `IGAA${crypto.randomBytes(120).toString('base64url')}`, issuedAt: now, expiresAt: new Date(now.getTime() + 60 * DAY) });
  const setFor = (tokens: ReturnType<typeof newToken>) => ({
    status_reason: null,
    token_issued_at: tokens.issuedAt,
    token_expires_at: tokens.expiresAt,
    last_refreshed_at: tokens.issuedAt,
    refresh_due_at: refreshDueAt(policy, tokens),
    refresh_retry_at: null,
    refresh_attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
  });

  const sealedById = new Map(
    (await deps.db.selectFrom('connection_tokens').select(['connection_id', 'access_token_sealed']).execute()).map((r) => [r.connection_id, r.access_token_sealed]),
  );
  // Warm-up on the spare 500 rows, so JIT and caches favour no variant.
  await forEachLimited(ids.slice(3 * PER_VARIANT), 16, async (id) => {
    await getConnectionById(deps.db, id);
  });

  const measure = async (name: string, work: () => Promise<void>) => {
    const at = performance.now();
    await work();
    const seconds = (performance.now() - at) / 1000;
    console.log(`${kind.padEnd(8)} ${name.padEnd(72)} ${String(Math.round(PER_VARIANT / seconds)).padStart(6)} refreshes/s`);
  };

  const variantA = ids.slice(0, PER_VARIANT);
  const variantB = ids.slice(PER_VARIANT, 2 * PER_VARIANT);
  const variantC = ids.slice(2 * PER_VARIANT, 3 * PER_VARIANT);
  const connections = new Map(await Promise.all([...variantA, ...variantB, ...variantC].map(async (id) => [id, (await getConnectionById(deps.db, id))!] as const)));

  await measure('A  today: BEGIN; UPDATE…RETURNING *; INSERT event; UPSERT token; COMMIT', () =>
    forEachLimited(variantA, 16, async (id) => {
      const connection = connections.get(id)!;
      deps.keyRing.open(sealedById.get(id)!, `${id}:access`);
      const tokens = newToken();
      await deps.db.transaction().execute(async (trx) => {
        const updated = await applyTransition(trx, deps.clock, {
          id,
          transition: 'refreshed',
          expectedVersion: connection.version,
          detail: { expiresAt: tokens.expiresAt.toISOString() },
          set: setFor(tokens),
        });
        if (!updated) throw new Error('conflict');
        await writeSealedTokens(
          trx,
          id,
          { keyId: deps.keyRing.activeKeyId, accessTokenSealed: deps.keyRing.seal(tokens.accessToken, `${id}:access`), refreshTokenSealed: null },
          now,
        );
      });
    }),
  );

  await measure('B  one statement: UPDATE + INSERT event + UPSERT token (CTEs)', () =>
    forEachLimited(variantB, 16, async (id) => {
      const connection = connections.get(id)!;
      deps.keyRing.open(sealedById.get(id)!, `${id}:access`);
      const tokens = newToken();
      const set = setFor(tokens);
      const result = await sql<{ id: string }>`
        with u as (
          update connections set status = 'active', version = version + 1, updated_at = ${now},
            status_reason = null, token_issued_at = ${set.token_issued_at}, token_expires_at = ${set.token_expires_at},
            last_refreshed_at = ${set.last_refreshed_at}, refresh_due_at = ${set.refresh_due_at}, refresh_retry_at = null,
            refresh_attempts = 0, lease_owner = null, lease_expires_at = null
          where id = ${id} and status in ('active', 'expiring') and version = ${connection.version}
          returning id, workspace_id
        ), e as (
          insert into connection_events (id, connection_id, workspace_id, type, to_status, detail, occurred_at)
          select ${newId('evt', clock)}, id, workspace_id, 'refreshed', 'active', ${JSON.stringify({ expiresAt: tokens.expiresAt.toISOString() })}::jsonb, ${now} from u
        ), t as (
          insert into connection_tokens (connection_id, key_id, access_token_sealed, refresh_token_sealed, updated_at)
          select id, ${deps.keyRing.activeKeyId}, ${deps.keyRing.seal(tokens.accessToken, `${id}:access`)}, null, ${now} from u
          on conflict (connection_id) do update set key_id = excluded.key_id, access_token_sealed = excluded.access_token_sealed,
            refresh_token_sealed = excluded.refresh_token_sealed, updated_at = excluded.updated_at
        )
        select id from u`.execute(deps.db);
      if (result.rows.length !== 1) throw new Error('conflict');
    }),
  );

  await measure('C  per batch of 200: one statement for all 200 (unnest)', async () => {
    for (let start = 0; start < variantC.length; start += 200) {
      const batch = variantC.slice(start, start + 200);
      for (const id of batch) deps.keyRing.open(sealedById.get(id)!, `${id}:access`);
      const tokens = batch.map(() => newToken());
      const set = setFor(tokens[0]!);
      const result = await sql<{ id: string }>`
        with v as (
          select * from unnest(${batch}::text[], ${batch.map((id) => connections.get(id)!.version)}::int[],
                               ${batch.map(() => newId('evt', clock))}::text[],
                               ${batch.map((id, i) => deps.keyRing.seal(tokens[i]!.accessToken, `${id}:access`))}::text[])
                 as v(id, version, event_id, sealed)
        ), u as (
          update connections c set status = 'active', version = c.version + 1, updated_at = ${now},
            status_reason = null, token_issued_at = ${set.token_issued_at}, token_expires_at = ${set.token_expires_at},
            last_refreshed_at = ${set.last_refreshed_at}, refresh_due_at = ${set.refresh_due_at}, refresh_retry_at = null,
            refresh_attempts = 0, lease_owner = null, lease_expires_at = null
          from v where c.id = v.id and c.status in ('active', 'expiring') and c.version = v.version
          returning c.id, c.workspace_id, v.event_id, v.sealed
        ), e as (
          insert into connection_events (id, connection_id, workspace_id, type, to_status, detail, occurred_at)
          select event_id, id, workspace_id, 'refreshed', 'active', ${JSON.stringify({ expiresAt: set.token_expires_at?.toISOString() })}::jsonb, ${now} from u
        ), t as (
          insert into connection_tokens (connection_id, key_id, access_token_sealed, refresh_token_sealed, updated_at)
          select id, ${deps.keyRing.activeKeyId}, sealed, null, ${now} from u
          on conflict (connection_id) do update set key_id = excluded.key_id, access_token_sealed = excluded.access_token_sealed,
            refresh_token_sealed = excluded.refresh_token_sealed, updated_at = excluded.updated_at
        )
        select id from u`.execute(deps.db);
      if (result.rows.length !== batch.length) throw new Error('conflict');
    }
  });

  const check = await deps.db.selectFrom('connections').select(sql<number>`count(*) filter (where last_refreshed_at is not null)`.as('n')).executeTakeFirstOrThrow();
  const events = await deps.db.selectFrom('connection_events').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  console.log(`${kind.padEnd(8)} check: ${check.n} rows refreshed, ${events.n} events (expected ${3 * PER_VARIANT} each)`);
} finally {
  await system.close();
  await database.drop();
}
