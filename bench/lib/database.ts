/**
 * Where a benchmark's data lives: embedded PGlite in a fresh temp directory (what DATA_DIR gives in
 * production), or a throwaway PostgreSQL database created from an admin URL and dropped afterwards.
 * Never touches the admin database's own tables.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runChild } from './child.ts';
import type { DbKind } from './env.ts';

/** Where the data is: plain data, so it can be handed to another process. */
export interface DatabaseLocation {
  kind: DbKind;
  /** DATABASE_URL for the system (PostgreSQL only). */
  url: string | undefined;
  /** DATA_DIR for the system (PGlite keeps its files under <dataDir>/pglite). */
  dataDir: string;
  /** Human-readable location, for the printout. */
  label: string;
}

export interface BenchDatabase extends DatabaseLocation {
  /** The plain-data part, for another process. */
  location(): DatabaseLocation;
  drop(): Promise<void>;
}

export interface BenchDatabaseOptions {
  /** PostgreSQL only, a diagnostic: `alter database … set synchronous_commit = off` (commits stop waiting for the WAL flush). */
  synchronousCommitOff?: boolean;
}

export async function createBenchDatabase(kind: DbKind, pgAdminUrl: string | undefined, options: BenchDatabaseOptions = {}): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-'));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') {
    await runChild('prepare-db.ts', { dataDir });
    const location: DatabaseLocation = { kind, url: undefined, dataDir, label: `PGlite in ${dataDir}` };
    return { ...location, location: () => location, drop: async () => removeDir() };
  }
  if (!pgAdminUrl) throw new Error('PostgreSQL run without an admin URL');
  const name = `ck_bench_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(pgAdminUrl, `create database ${name}`);
  if (options.synchronousCommitOff) await adminQuery(pgAdminUrl, `alter database ${name} set synchronous_commit = off`);
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  const location: DatabaseLocation = {
    kind,
    url: url.toString(),
    dataDir,
    label: `PostgreSQL database ${name} on ${url.host}${options.synchronousCommitOff ? ' (synchronous_commit off)' : ''}`,
  };
  return {
    ...location,
    location: () => location,
    async drop() {
      removeDir();
      // pg-pool's end() resolves before its sockets have closed; a forced drop would terminate them, and the
      // service's pool has no 'error' listener, so that would crash this process. Wait for them instead.
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          await adminQuery(pgAdminUrl, `drop database if exists ${name}`);
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== '55006') throw error; // object_in_use
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await adminQuery(pgAdminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function postgresVersion(pgAdminUrl: string): Promise<string> {
  const rows = await adminQuery(pgAdminUrl, 'show server_version');
  return String((rows[0] as { server_version?: string } | undefined)?.server_version ?? '?');
}

async function adminQuery(adminUrl: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
