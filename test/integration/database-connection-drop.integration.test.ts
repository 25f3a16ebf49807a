/**
 * A database restart drops every connection, including one in the middle of a statement. That statement
 * must fail like any other error, and the process must keep running and reconnect: found by the soak,
 * where each monthly restart killed every worker process with an unhandled 'error' event from a pooled
 * client that was checked out at that moment (the pool listens only to its idle clients).
 * PostgreSQL only: the restart is played by a TCP proxy between the pool and the server.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/platform/db/db.ts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

let database: TestDatabase | undefined;
let proxy: TcpProxy | undefined;
let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  await proxy?.close();
  await database?.drop();
  storage = proxy = database = undefined;
});

describe.skipIf(!postgresAdminUrl)('a database connection dropped mid-statement (PostgreSQL)', () => {
  it('fails that statement, keeps the process running, and the next statement reconnects', async () => {
    database = await createTestDatabase();
    const target = new URL(database.url!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const idleErrors: Error[] = [];
    storage = await openStorage({ databaseUrl: proxy.url(database.url!), dataDir: 'memory', poolSize: 2, onIdleClientError: (error) => idleErrors.push(error) });
    const { db } = storage;
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);

    const slow = sql`select pg_sleep(5)`.execute(db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    proxy.cut();
    await expect(slow).rejects.toThrow();
    proxy.restore();

    expect((await sql<{ two: number }>`select 2 as two`.execute(db)).rows).toEqual([{ two: 2 }]);
  });
});
