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
import type { DbKind } from './env.ts';

export interface BenchDatabase {
  kind: DbKind;
  /** DATABASE_URL for the system (PostgreSQL only). */
  url: string | undefined;
  /** DATA_DIR for the system (PGlite keeps its files under <dataDir>/pglite). */
  dataDir: string;
  /** Human-readable location, for the printout. */
  label: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(kind: DbKind, pgAdminUrl: string | undefined): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-bench-'));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') {
    return { kind, url: undefined, dataDir, label: `PGlite in ${dataDir}`, drop: async () => removeDir() };
  }
  if (!pgAdminUrl) throw new Error('PostgreSQL run without an admin URL');
  const name = `ck_bench_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(pgAdminUrl, `create database ${name}`);
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    dataDir,
    label: `PostgreSQL database ${name} on ${url.host}`,
    async drop() {
      removeDir();
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
