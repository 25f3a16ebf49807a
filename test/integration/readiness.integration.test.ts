/**
 * Alive is not ready. `/healthz` says the process and its database answer; `/readyz` also says the
 * migrations are applied, the key ring opens the data (another process may have sealed with a key
 * this one lacks) and, where workers run, the queue is running; each failed check is named.
 */
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { parseKeyRing } from '../../src/platform/crypto/key-ring.ts';
import { startWorkers } from '../../src/workers.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const get = (t: TestContext, url: string) => t.system.app.inject({ method: 'GET', url });

it('a started service is ready: database, migrations and keys pass, and the queue once its workers run', async () => {
  t = await createTestContext();
  const ready = await get(t, '/readyz');
  expect(ready.statusCode, ready.body).toBe(200);
  expect(ready.json()).toEqual({
    status: 'ready',
    checks: {
      database: { ok: true, message: 'The database answers.' },
      migrations: { ok: true, message: 'Every migration is applied.' },
      keys: { ok: true, message: 'ENCRYPTION_KEYS opens everything sealed in this database (sealed with k1; the ring holds k1).' },
    },
  });

  const queue = await startWorkers(t.system);
  try {
    expect((await get(t, '/readyz')).json().checks.queue).toEqual({ ok: true, message: 'The workers are running.' });
  } finally {
    await queue.stop();
  }
  const stopped = await get(t, '/readyz');
  expect(stopped.statusCode).toBe(503);
  expect(stopped.json().error).toMatchObject({ code: 'not_ready', message: 'Not ready: queue: The workers have stopped.' });
  expect((await get(t, '/healthz')).statusCode).toBe(200);
});

it('a key another process sealed with, which this ring lacks, makes the process not ready while it stays alive', async () => {
  t = await createTestContext();
  // Another process started with k9 first in its ring: it wrote k9's canary and may seal with it.
  const other = parseKeyRing(`k9:${Buffer.alloc(32, 9).toString('base64')}`);
  await t.system.deps.db
    .insertInto('key_canaries')
    .values({ key_id: 'k9', sealed: other.seal('channelkeeper key canary', 'key-canary'), written_at: t.clock.now() })
    .execute();
  const res = await get(t, '/readyz');
  expect(res.statusCode).toBe(503);
  expect(res.json().error.code).toBe('not_ready');
  expect(res.json().error.details.checks.keys).toEqual({
    ok: false,
    message: 'ENCRYPTION_KEYS cannot open data sealed with key k9; add it back to ENCRYPTION_KEYS (after the first key, which seals) and start again (ENCRYPTION_KEYS holds k1).',
  });
  expect(res.json().error.details.checks.database.ok).toBe(true);
  expect((await get(t, '/healthz')).json()).toEqual({ status: 'ok', database: t.system.storage.kind });
});

it('a migration this version has and the database lacks is named', async () => {
  t = await createTestContext();
  await sql`delete from ck_migrations where name = '024-key-canaries'`.execute(t.system.deps.db);
  const res = await get(t, '/readyz');
  expect(res.statusCode).toBe(503);
  expect(res.json().error.details.checks.migrations).toEqual({ ok: false, message: 'Migrations not applied yet: 024-key-canaries.' });
});
