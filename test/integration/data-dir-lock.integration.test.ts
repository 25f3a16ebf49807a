/**
 * One process at a time in a PGlite data directory. `npx channelkeeper refresh` opened a second
 * PGlite on `./data` while `npm start` ran on it, with no lock and no warning; now the second opener
 * is refused with a sentence naming the running process and what to do, a lock left by a process
 * that is gone is taken over with a warning, and closing releases it. (PGlite whatever DATABASE_URL
 * says: these open the data directory itself.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE, type LockHolder } from '../../src/platform/db/data-dir-lock.ts';
import { openStorage } from '../../src/platform/db/db.ts';

const root = path.resolve(import.meta.dirname, '../..');
const K1 = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
let dataDir: string;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-lock-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const lockFile = () => path.join(dataDir, LOCK_FILE);
const writeLock = (holder: Partial<LockHolder>) =>
  fs.writeFileSync(lockFile(), JSON.stringify({ startedAt: '2026-01-01T00:00:00.000Z', command: 'channelkeeper start', token: 'old', ...holder }));

/** A pid no process has: one that has just exited. */
function deadPid(): number {
  const gone = spawnSync(path.join(root, 'node_modules/.bin/node'), ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(gone.stdout);
}

describe('the PGlite data directory lock', () => {
  it('a second open of the same DATA_DIR is refused, naming the process that holds it and what to do', async () => {
    const service = await openStorage({ dataDir, owner: { command: 'channelkeeper start', url: 'http://localhost:3999' } });
    try {
      await expect(openStorage({ dataDir })).rejects.toThrow(DataDirInUseError);
      await expect(openStorage({ dataDir })).rejects.toThrow(
        new RegExp(
          `^DATA_DIR ${dataDir} is in use by another Channelkeeper process \\(pid ${process.pid}: channelkeeper start, since \\S+, serving http://localhost:3999\\)\\. ` +
            'Embedded PGlite lets one process at a time open its data: stop that process first, or use its API or dashboard at http://localhost:3999 instead\\. ' +
            'To run several processes at once, use PostgreSQL \\(DATABASE_URL\\)\\.$',
        ),
      );
    } finally {
      await service.close();
    }
    expect(fs.existsSync(lockFile())).toBe(false);
    const next = await openStorage({ dataDir });
    await next.close();
  });

  it('`channelkeeper refresh` while the service runs on the data directory refuses with that sentence and exit code 2', async () => {
    const service = await openStorage({ dataDir, owner: { command: 'channelkeeper start', url: 'http://localhost:3999' } });
    try {
      const refresh = spawnSync(path.join(root, 'node_modules/.bin/node'), ['bin/channelkeeper.js', 'refresh', '--dry-run'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ENCRYPTION_KEYS: K1, LOG_LEVEL: 'warn', SANDBOX_PORT: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(refresh.status).toBe(2);
      expect(refresh.stderr).toContain(`is in use by another Channelkeeper process (pid ${process.pid}: channelkeeper start`);
      expect(refresh.stderr).toContain('use its API or dashboard at http://localhost:3999 instead');
      expect(refresh.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await service.close();
    }
  });

  it('a lock left by a process that is gone is taken over with a warning, and released on close', async () => {
    const pid = deadPid();
    writeLock({ pid });
    const stale: LockHolder[] = [];
    const storage = await openStorage({ dataDir, owner: { command: 'channelkeeper start' }, onStaleLock: (holder) => stale.push(holder) });
    try {
      expect(stale.map((holder) => holder.pid)).toEqual([pid]);
      expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, command: 'channelkeeper start' });
    } finally {
      await storage.close();
    }
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it.skipIf(!fs.existsSync('/proc/self/stat'))('a lock whose pid now belongs to another process (started later) is stale too', async () => {
    // Our parent is alive, but it is not the process that wrote this lock: that one started at another time.
    writeLock({ pid: process.ppid, processStart: '1' });
    const stale: LockHolder[] = [];
    const storage = await openStorage({ dataDir, onStaleLock: (holder) => stale.push(holder) });
    await storage.close();
    expect(stale).toHaveLength(1);
  });

  it('a lock left by an earlier process with this very pid (a container restarted) is stale, not ours', async () => {
    writeLock({ pid: process.pid, token: 'from-before-the-restart' });
    const stale: LockHolder[] = [];
    const storage = await openStorage({ dataDir, onStaleLock: (holder) => stale.push(holder) });
    await storage.close();
    expect(stale.map((holder) => holder.token)).toEqual(['from-before-the-restart']);
  });
});
