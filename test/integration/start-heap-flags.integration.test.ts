/**
 * `channelkeeper start` runs with the V8 heap flags the sweeps need (src/platform/heap-flags.ts), set by
 * the command's own first line, which the container and npx run (`npm start` gives the same flags on node's command line): it says the heap limit it got,
 * stops cleanly on a supervisor's SIGTERM, and an operator's own limit in NODE_OPTIONS wins. It is one
 * process: killed with SIGKILL it leaves nothing behind holding the data directory or the port (a
 * re-executed child would have lived on).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HEAP_FLAGS } from '../../src/platform/heap-flags.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/channelkeeper.js');
const K1 = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-heap-'));
  dirs.push(dataDir);
  return dataDir;
}

/**
 * Runs bin/channelkeeper.js by its first line, as the Dockerfile does (the checkout's Node 24
 * first on PATH, as npm puts it), on a PGlite directory, API only; resolves once it is running.
 */
async function start(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(bin, ['start'], {
    cwd: root,
    env: {
      PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
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

/** Pids of the processes whose environment names this data directory (Linux's /proc). */
function processesOn(dataDir: string): number[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return fs.readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`DATA_DIR=${dataDir}`) ? [Number(entry)] : [];
    } catch {
      return []; // gone meanwhile, or another user's
    }
  });
}

describe('channelkeeper start', () => {
  it('gets its heap flags from the command’s first line, which the container and npx run, and from npm start’s node command line', () => {
    const firstLine = fs.readFileSync(bin, 'utf8').split('\n')[0];
    expect(firstLine).toBe(`#!/usr/bin/env -S NODE_OPTIONS="${HEAP_FLAGS.join(' ')} \${NODE_OPTIONS}" node`);
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    // On node's command line, so `npm start` works where a script cannot be run by its first line (Windows' cmd).
    expect(pkg.scripts.start).toBe(`node ${HEAP_FLAGS.join(' ')} bin/channelkeeper.js start`);
    expect(pkg.bin.channelkeeper).toBe('bin/channelkeeper.js');
    expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/^CMD \["node_modules\/\.bin\/channelkeeper", "start"\]$/m);
  });

  it('runs with a 192 MiB old generation and 16 MiB semi-spaces, and exits 0 on SIGTERM', async () => {
    const { child, output } = await start(freshDataDir());
    // heap_size_limit = old generation + three semi-spaces (V8's young generation).
    expect(heapLimitMb(output())).toBe(192 + 3 * 16);
    const code = exited(child);
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  }, 90_000);

  it('keeps the operator’s own heap limit from NODE_OPTIONS', async () => {
    const { child, output } = await start(freshDataDir(), { NODE_OPTIONS: '--max-old-space-size=320' });
    // The operator's old generation, still with the 16 MiB semi-spaces.
    expect(heapLimitMb(output())).toBe(320 + 3 * 16);
    const code = exited(child);
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  }, 90_000);

  it.skipIf(process.platform !== 'linux')(
    'is one process: killed with SIGKILL, nothing of it lives on, and the next start takes the data directory',
    async () => {
      const dataDir = freshDataDir();
      const { child } = await start(dataDir);
      // env replaced itself with node: the pid we started is the service.
      expect(processesOn(dataDir)).toEqual([child.pid]);
      expect(fs.readFileSync(`/proc/${child.pid}/cmdline`, 'latin1').split('\0')[0]).toMatch(/node$/);
      const gone = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      child.kill('SIGKILL');
      expect(await gone).toBe('SIGKILL');
      expect(processesOn(dataDir)).toEqual([]);
      // The lock it held names a process that is gone, so a new start takes it over instead of being refused.
      const again = await start(dataDir);
      const code = exited(again.child);
      again.child.kill('SIGTERM');
      expect(await code).toBe(0);
    },
    120_000,
  );
});
