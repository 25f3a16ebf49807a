/**
 * `channelkeeper start` runs with the V8 heap flags the sweeps need (src/platform/heap-flags.ts): it
 * starts itself again with them, says the heap limit it got, and still stops cleanly on a supervisor's
 * SIGTERM through the process in between. An operator's own limit in NODE_OPTIONS wins.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const K1 = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts the service on a fresh PGlite directory, API only; resolves with its output once it is running. */
async function start(env: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-heap-'));
  dirs.push(dataDir);
  const child = spawn(path.join(root, 'node_modules/.bin/node'), ['bin/channelkeeper.js', 'start'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://127.0.0.1',
      PORT: '0',
      HOST: '127.0.0.1',
      WORKERS: 'off',
      DATA_DIR: dataDir,
      ENCRYPTION_KEYS: K1,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (!output.includes('Heap limit:')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`start did not come up: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
const heapLimitMb = (output: string) => Number(/Heap limit:\s+(\d+) MB/.exec(output)?.[1]);

describe('channelkeeper start', () => {
  it('runs with a 192 MiB old generation and 16 MiB semi-spaces, and exits 0 on SIGTERM', async () => {
    const { child, output } = await start();
    // heap_size_limit = old generation + three semi-spaces (V8's young generation).
    expect(heapLimitMb(output())).toBe(192 + 3 * 16);
    const code = exited(child);
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  }, 90_000);

  it('keeps the operator’s own heap limit from NODE_OPTIONS', async () => {
    const { child, output } = await start({ NODE_OPTIONS: '--max-old-space-size=320' });
    expect(heapLimitMb(output())).toBeGreaterThanOrEqual(320);
    expect(heapLimitMb(output())).not.toBe(192 + 3 * 16);
    const code = exited(child);
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  }, 90_000);
});
