/**
 * Backups as docs/operations.md describes them: the one database copied and restored on a new machine
 * (a new database), opened with the same key ring, hands out the same token; opened with another key ring
 * it hands out none. On PostgreSQL the copy is `pg_dump` (custom format) and `pg_restore`; on embedded
 * PGlite it is the stopped `DATA_DIR`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSystem, type System } from '../../src/system.ts';
import { API_KEY } from '../support/context.ts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database.ts';
import { createRestartable, type Restartable } from '../support/restartable.ts';

const OTHER_KEY_RING = 'k9:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=';

/** Why `pg_dump` cannot back this server up here, or undefined when it can. */
function pgToolsMissing(): string | undefined {
  for (const tool of ['pg_dump', 'pg_restore']) {
    if (spawnSync(tool, ['--version']).status !== 0) return `${tool} is not installed (apt-get install postgresql-client)`;
  }
  return undefined;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
}

/** A new process's system on the restored copy, on the restartable's clock and sandbox. */
function openOn(r: Restartable, config: Config): Promise<System> {
  return createSystem(config, { clock: r.clock, startSandbox: false, logger: createLogger('silent'), poolSize: 4 });
}

async function handOut(system: System, connectionId: string) {
  return system.app.inject({ method: 'POST', url: `/v1/connections/${connectionId}/access-token`, headers: { authorization: `Bearer ${API_KEY}` } });
}

/**
 * Another key ring cannot open the restored tokens. The service may refuse to start on it (a key ring
 * that opens nothing of the data), or start and refuse each hand-out; either way no token leaves it.
 */
async function expectNoTokenWithAnotherKeyRing(open: () => Promise<System>, connectionId: string, token: string): Promise<void> {
  let system: System;
  try {
    system = await open();
  } catch (error) {
    expect(String(error)).toMatch(/k1/);
    return;
  }
  try {
    const refused = await handOut(system, connectionId);
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.body).not.toContain(token);
  } finally {
    await system.close();
  }
}

describe('a backup restored on a new machine hands out the same tokens with the same key ring, and none with another', () => {
  let r: Restartable;
  let connectionId: string;
  let token: string;

  beforeAll(async () => {
    r = await createRestartable({ now: '2026-03-02T10:00:00Z' });
    const system = await r.open();
    connectionId = await r.connectInstagram(system, 'ana.backup');
    const answer = await handOut(system, connectionId);
    expect(answer.statusCode).toBe(200);
    token = answer.json().accessToken;
    await system.close();
  });

  afterAll(async () => {
    await r?.close();
  });

  it('PostgreSQL: pg_dump of the one database, pg_restore into a new one', async (context) => {
    if (!postgresAdminUrl) context.skip('runs on PostgreSQL (DATABASE_URL); on PGlite the backup is the data directory, tested beside');
    const missing = pgToolsMissing();
    if (missing) context.skip(missing);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-backup-'));
    let restored: TestDatabase | undefined;
    try {
      const dump = path.join(folder, 'channelkeeper.dump');
      run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, `--dbname=${r.config.databaseUrl}`]);
      restored = await createTestDatabase();
      run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restored.url}`, dump]);

      const onRestored = { ...r.config, databaseUrl: restored.url };
      const system = await openOn(r, onRestored);
      try {
        const answer = await handOut(system, connectionId);
        expect(answer.statusCode).toBe(200);
        expect(answer.json().accessToken).toBe(token);
      } finally {
        await system.close();
      }
      await expectNoTokenWithAnotherKeyRing(() => openOn(r, { ...onRestored, encryptionKeys: OTHER_KEY_RING }), connectionId, token);
    } finally {
      await restored?.drop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('PGlite: a copy of the stopped DATA_DIR', async (context) => {
    if (postgresAdminUrl) context.skip('runs on embedded PGlite; on PostgreSQL the backup is pg_dump, tested beside');
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-restored-'));
    try {
      fs.cpSync(r.config.dataDir, copy, { recursive: true });
      const onCopy = { ...r.config, dataDir: copy };
      const system = await openOn(r, onCopy);
      try {
        const answer = await handOut(system, connectionId);
        expect(answer.statusCode).toBe(200);
        expect(answer.json().accessToken).toBe(token);
      } finally {
        await system.close();
      }
      await expectNoTokenWithAnotherKeyRing(() => openOn(r, { ...onCopy, encryptionKeys: OTHER_KEY_RING }), connectionId, token);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
