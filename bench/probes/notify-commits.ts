/**
 * What NOTIFY costs committing transactions on PostgreSQL, apart from the service: `concurrency` clients
 * each commit single-row UPDATEs as fast as they can, on a table without a trigger, then with a row
 * trigger that sends pg_notify (as migration 033's do), each for `seconds`, in turn, `rounds` times.
 * PostgreSQL serialises notifying commits on one lock held through the commit's WAL flush, so the gap
 * grows with the concurrency and the flush time.
 *
 *   ./node_modules/.bin/node bench/probes/notify-commits.ts [concurrency=16] [seconds=5] [rounds=3]
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { DEFAULT_PG_ADMIN_URL } from '../lib/env.ts';

const [concurrency = 16, seconds = 5, rounds = 3] = process.argv.slice(2).map(Number);
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL || DEFAULT_PG_ADMIN_URL });
const name = `ck_probe_${crypto.randomBytes(4).toString('hex')}`;
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(process.env.DATABASE_URL || DEFAULT_PG_ADMIN_URL);
url.pathname = `/${name}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: concurrency });
// Dropping the database at the end ends its idle connections: nothing to report then.
pool.on('error', () => {});
try {
  await pool.query('create table rows (id int primary key, n int not null)');
  await pool.query('insert into rows select i, 0 from generate_series(1, 10000) i');
  await pool.query(`create function probe_notify() returns trigger language plpgsql as $$ begin perform pg_notify('probe', new.id::text); return null; end $$`);
  const listener = new pg.Client({ connectionString: url.toString() });
  await listener.connect();
  let told = 0;
  listener.on('notification', () => told++);
  listener.on('error', () => {});
  await listener.query('listen probe');

  const run = async (): Promise<number> => {
    const until = performance.now() + seconds * 1000;
    let commits = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, lane) => {
        for (let i = lane; performance.now() < until; i += concurrency) {
          await pool.query('update rows set n = n + 1 where id = $1', [(i % 10000) + 1]);
          commits++;
        }
      }),
    );
    return commits / seconds;
  };
  for (let round = 1; round <= rounds; round++) {
    await pool.query('drop trigger if exists rows_notify on rows');
    const without = await run();
    await pool.query('create trigger rows_notify after update on rows for each row execute function probe_notify()');
    const before = told;
    const withNotify = await run();
    process.stdout.write(
      `round ${round}: ${concurrency} clients, commits/s without NOTIFY ${without.toFixed(0)}, with ${withNotify.toFixed(0)} ` +
        `(ratio ${(withNotify / without).toFixed(3)}; ${told - before} notices heard)\n`,
    );
  }
  await listener.end();
} finally {
  await pool.end();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
}
