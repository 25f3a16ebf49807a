/**
 * Which database a test runs on: embedded PGlite by default, PostgreSQL when DATABASE_URL is set.
 * On PostgreSQL each test context gets a database of its own, dropped afterwards, so test files
 * can run in parallel without seeing each other's rows.
 */
import crypto from 'node:crypto';
import pg from 'pg';

export const postgresAdminUrl = process.env.DATABASE_URL || undefined;

export interface TestDatabase {
  url: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!postgresAdminUrl) return { url: undefined, drop: async () => {} };
  return createDatabaseOn(postgresAdminUrl, 'ck_test');
}

/**
 * A new database on the server `adminUrl` reaches, named `<prefix>_<random>`, and how to drop it.
 *
 * Its sessions commit without waiting for the WAL flush (`synchronous_commit = off`): what is committed is
 * seen at once and in order, exactly as before, and only a crash of the PostgreSQL server itself could lose
 * the last fraction of a second of commits. No test and no soak crashes the server (outages and restarts
 * are cut at a TCP proxy), so nothing under test changes; but on a small machine's disk the flush was most
 * of the wall time of a write-heavy run (the soak spent over half its time waiting on WALWrite/WALSync).
 */
export async function createDatabaseOn(adminUrl: string, prefix: string): Promise<TestDatabase & { url: string }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.query(`alter database ${name} set synchronous_commit = off`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
