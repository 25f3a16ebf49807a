/**
 * Start-up refuses a key ring that cannot open the data. After a rotation to k2, a restart with only
 * k3 used to start, answer /healthz with 200 and every hand-out with 500; now the start is refused,
 * naming k2, and `channelkeeper keys check` says the same without starting (exit 1).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rotateKeys } from '../../src/ops/rotate-keys.ts';
import type { Config } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSystem, type System } from '../../src/system.ts';
import { API_KEY } from '../support/context.ts';
import { createRestartable, type Restartable } from '../support/restartable.ts';

const root = path.resolve(import.meta.dirname, '../..');
const key = (id: string, byte: number) => `${id}:${Buffer.alloc(32, byte).toString('base64')}`;
const K1 = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const K2 = key('k2', 2);
const K3 = key('k3', 3);

let world: Restartable | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const openWith = (w: Restartable, encryptionKeys: string | undefined): Promise<System> =>
  createSystem({ ...w.config, encryptionKeys }, { clock: w.clock, startSandbox: false, logger: createLogger('silent'), poolSize: 4 });

async function withSystem<T>(w: Restartable, encryptionKeys: string | undefined, run: (system: System) => Promise<T>): Promise<T> {
  const system = await openWith(w, encryptionKeys);
  try {
    return await run(system);
  } finally {
    await system.close();
  }
}

/** `channelkeeper <args>` on the world's database, as an operator runs it. */
function cli(config: Config, args: string[], encryptionKeys: string | undefined) {
  const result = spawnSync(path.join(root, 'node_modules/.bin/node'), ['bin/channelkeeper.js', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: config.dataDir,
      ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
      ...(encryptionKeys ? { ENCRYPTION_KEYS: encryptionKeys } : {}),
      PORT: '0',
      LOG_LEVEL: 'warn',
      SANDBOX_PORT: '1',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const handOut = (system: System, id: string) => system.app.inject({ method: 'POST', url: `/v1/connections/${id}/access-token`, headers: { authorization: `Bearer ${API_KEY}` } });

describe('the key canary', () => {
  it('after a rotation to k2, a start with only k3 is refused naming k2, and keys check exits 1', async () => {
    world = await createRestartable({ now: '2026-03-01T10:00:00Z' });
    const w = world;
    const id = await withSystem(w, K1, (system) => w.connectInstagram(system, 'canary.keys'));
    await withSystem(w, `${K2},${K1}`, async (system) => {
      expect(await rotateKeys(system.deps, () => {})).toMatchObject({ done: 1, left: 0 });
    });

    await expect(openWith(w, K3)).rejects.toThrow(
      'ENCRYPTION_KEYS cannot open data sealed with key k2; add it back to ENCRYPTION_KEYS (after the first key, which seals) and start again (ENCRYPTION_KEYS holds k3).',
    );
    const start = cli(w.config, ['start'], K3);
    expect(start.code).toBe(2);
    expect(start.out).toContain('ENCRYPTION_KEYS cannot open data sealed with key k2');
    expect(start.out).not.toContain('running at');
    const check = cli(w.config, ['keys', 'check'], K3);
    expect(check.code).toBe(1);
    expect(check.out).toContain('ENCRYPTION_KEYS cannot open data sealed with key k2');

    // k1 retired: the rotation left nothing under it, so k2 alone opens everything.
    const passes = cli(w.config, ['keys', 'check'], K2);
    expect(passes).toMatchObject({ code: 0 });
    expect(passes.out).toContain('ENCRYPTION_KEYS opens everything sealed in this database (sealed with k2; the ring holds k2).');
    await withSystem(w, K2, async (system) => expect((await handOut(system, id)).statusCode).toBe(200));
  });

  it('a key under the right id with another value is refused as changed, not missing', async () => {
    world = await createRestartable({ now: '2026-03-01T10:00:00Z' });
    const w = world;
    await withSystem(w, K1, (system) => w.connectInstagram(system, 'canary.changed'));
    await expect(openWith(w, key('k1', 7))).rejects.toThrow(
      "ENCRYPTION_KEYS holds a key named k1, but not the key that sealed this database's data under that name; put the original value back",
    );
  });

  it('a key made first in the ring gets its canary at start, so retiring it too early is refused', async () => {
    world = await createRestartable({ now: '2026-03-01T10:00:00Z' });
    const w = world;
    await withSystem(w, K1, (system) => w.connectInstagram(system, 'canary.early'));
    // k2 seals from this start on, though keys rotate has not run: both keys now hold data.
    await withSystem(w, `${K2},${K1}`, async () => {});
    await expect(openWith(w, K2)).rejects.toThrow('ENCRYPTION_KEYS cannot open data sealed with key k1;');
    await expect(openWith(w, K1)).rejects.toThrow('ENCRYPTION_KEYS cannot open data sealed with key k2;');
  });

  it('a database written before the canaries is judged by the keys its secrets name', async () => {
    world = await createRestartable({ now: '2026-03-01T10:00:00Z' });
    const w = world;
    await withSystem(w, K1, async (system) => {
      await w.connectInstagram(system, 'canary.upgrade');
      await system.deps.db.deleteFrom('key_canaries').execute();
    });
    expect(cli(w.config, ['keys', 'check'], K3)).toMatchObject({ code: 1 });
    await expect(openWith(w, K3)).rejects.toThrow('ENCRYPTION_KEYS cannot open data sealed with key k1;');
    await withSystem(w, K1, async () => {});
  });

  it('demo keys generated into DATA_DIR keep working across restarts, and keys check reads them', async () => {
    world = await createRestartable({ now: '2026-03-01T10:00:00Z' });
    const w = world;
    const id = await withSystem(w, undefined, (system) => w.connectInstagram(system, 'canary.demo'));
    await withSystem(w, undefined, async (system) => expect((await handOut(system, id)).statusCode).toBe(200));
    const check = cli(w.config, ['keys', 'check'], undefined);
    expect(check).toMatchObject({ code: 0 });
    expect(check.out).toContain('sealed with demo1');
  });
});
