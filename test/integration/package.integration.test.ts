/**
 * The package as the container runs it: the steps of the Dockerfile, on this machine. `npm pack` (whose
 * prepack builds the JavaScript), the tarball installed without dev dependencies into an empty folder, then
 * `channelkeeper start` from that folder in production mode against a fresh PostgreSQL database, with
 * Instagram configured and pointed at a sandbox: it answers its health check, an authenticated /v1 call, a
 * whole connect flow over HTTP and the token hand-out, and stops cleanly on SIGTERM (what `docker stop` sends).
 * The npm registry is the only network it may use; after `npm ci` its cache already holds every package.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedSandbox, startSandbox } from '../../sandbox/index.ts';
import { ManualClock } from '../../src/kernel/clock.ts';
import { sandboxCredentials } from '../../src/providers/registry.ts';
import { demoOriginMap } from '../../src/system.ts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database.ts';

const root = path.resolve(import.meta.dirname, '../..');
const node24 = path.join(root, 'node_modules/.bin/node');
const API_KEY = 'ck_package_test_0123456789abcdef';
const ENCRYPTION_KEYS = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const skipReason = postgresAdminUrl
  ? undefined
  : 'runs on the PostgreSQL pass (DATABASE_URL): the packaged service starts in production mode against PostgreSQL, as in the container';

/**
 * npm as the npm scripts run it: Node 24 first on the PATH (so prepack's build runs on it), and none of the
 * npm_* variables of an outer `npm test`, which would otherwise configure the inner npm.
 */
async function npm(args: string[], cwd: string): Promise<string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  env.PATH = `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  const { stdout } = await promisify(execFile)('npm', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).flatMap((entry) => (entry.isFile() ? [path.relative(dir, path.join(entry.parentPath, entry.name))] : []));
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `channelkeeper start` run the way the Dockerfile's CMD runs it: npm's link to the installed bin, by its
 * first line (which gives node the heap flags), with Node 24 first on the PATH as in the image.
 */
function startInstalled(bin: string, env: Record<string, string>): Running {
  const child = spawn(bin, ['start'], {
    env: { PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ''}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

/** Polls `url` until it answers 200; fails with the service's output if it exits or takes a minute. */
async function waitUntilReady(url: string, running: Running): Promise<void> {
  let exited = false;
  void running.exited.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    const status = await fetch(url).then(
      (answer) => answer.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the packaged service never answered 200 at ${url}:\n${running.output()}`);
}

describe('the packed tarball, installed without dev dependencies, runs in production mode', () => {
  let folder: string;
  let installed: string;
  let installedBin: string;
  let database: TestDatabase;
  let sandbox: StartedSandbox;

  beforeAll(async () => {
    if (skipReason) return;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-package-'));
    const tarball = (await npm(['pack', '--pack-destination', folder], root)).trim().split('\n').at(-1)!;
    const app = path.join(folder, 'app');
    fs.mkdirSync(app);
    // What the container's empty WORKDIR gets from npm: a project of its own, so npm installs here and not
    // into some project above the temporary folder.
    fs.writeFileSync(path.join(app, 'package.json'), '{ "private": true }\n');
    await npm(['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', path.join(folder, tarball)], app);
    installed = path.join(app, 'node_modules/channelkeeper');
    installedBin = path.join(app, 'node_modules/.bin');
    database = await createTestDatabase();
    sandbox = await startSandbox({ clock: new ManualClock(new Date()), port: 0 });
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
    await database?.drop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('holds the built JavaScript and the connect script, and no TypeScript, sandbox, tests or dev dependencies', (context) => {
    if (skipReason) context.skip(skipReason);
    const files = filesUnder(installed);
    expect(files).toContain('bin/channelkeeper.js');
    expect(files).toContain('dist/src/cli/main.js');
    expect(files).toContain('dist/clients/node/src/connect.js');
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(files.filter((file) => /^(src|sandbox|dist\/sandbox|test|bench)\//.test(file))).toEqual([]);
    const dependencies = fs.readdirSync(path.join(installed, '../'));
    for (const dev of ['typescript', 'vitest', 'node', 'playwright-core']) expect(dependencies).not.toContain(dev);
  });

  it('starts against PostgreSQL, connects a channel over HTTP, hands out its token, and exits 0 on SIGTERM', async (context) => {
    if (skipReason) context.skip(skipReason);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const running = startInstalled(path.join(installedBin, 'channelkeeper'), {
      NODE_ENV: 'production',
      DATABASE_URL: database.url!,
      ENCRYPTION_KEYS,
      BOOTSTRAP_API_KEY: API_KEY,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: base,
      INSTAGRAM_CLIENT_ID: sandboxCredentials.instagram.clientId,
      INSTAGRAM_CLIENT_SECRET: sandboxCredentials.instagram.clientSecret,
      PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(sandbox.url)),
      LOG_LEVEL: 'warn',
    });
    try {
      // What the Dockerfile's HEALTHCHECK asks: migrations applied, the key ring opens the data, the queue runs.
      await waitUntilReady(`${base}/readyz`, running);
      // The image's CMD gave node the service's heap flags (docs/operations.md#memory): 192 MiB + three 16 MiB semi-spaces.
      expect(running.output()).toMatch(/Heap limit:\s+240 MB/);
      const auth = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };

      const session = await fetch(`${base}/v1/connect-sessions`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ creator: { id: 'c1', email: 'c1@example.com' }, provider: 'instagram', returnUrl: 'https://platform.example/done' }),
      });
      expect(session.status).toBe(201);
      const { url } = (await session.json()) as { url: string };
      const opened = await fetch(url, { redirect: 'manual' });
      expect(opened.status).toBe(302);
      const authorize = new URL(opened.headers.get('location')!);
      expect(authorize.origin).toBe(sandbox.url);
      const consent = new URLSearchParams(authorize.searchParams);
      consent.set('account', 'ana.business');
      for (const scope of (authorize.searchParams.get('scope') ?? '').split(',')) consent.append('granted', scope);
      const decision = await fetch(authorize, { method: 'POST', body: consent, redirect: 'manual' });
      const callback = decision.headers.get('location')!;
      expect(callback.startsWith(`${base}/oauth/callback/instagram`)).toBe(true);
      const done = await fetch(callback, { redirect: 'manual' });
      expect(done.status).toBe(302);
      const connectionId = new URL(done.headers.get('location')!).searchParams.get('connection');

      const handOut = await fetch(`${base}/v1/connections/${connectionId}/access-token`, { method: 'POST', headers: { authorization: auth.authorization } });
      expect(handOut.status).toBe(200);
      expect(((await handOut.json()) as { accessToken: string }).accessToken).toMatch(/\S{16,}/);
      const refused = await fetch(`${base}/v1/connections/${connectionId}`, { headers: { authorization: 'Bearer ck_not_a_key_0123456789' } });
      expect(refused.status).toBe(401);
    } finally {
      running.child.kill('SIGTERM');
    }
    expect(await running.exited, running.output()).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('with no network configured it refuses to start, saying the package has no sandbox', async (context) => {
    if (skipReason) context.skip(skipReason);
    const running = startInstalled(path.join(installedBin, 'channelkeeper'), {
      NODE_ENV: 'production',
      DATABASE_URL: database.url!,
      ENCRYPTION_KEYS,
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    });
    expect(await running.exited).toEqual({ code: 2, signal: null });
    expect(running.output()).toContain('no provider sandbox');
  }, 60_000);
});
