/** `channelkeeper workspaces` and `channelkeeper api-keys` as an operator runs them, on a PGlite data directory of their own. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSystem } from '../../src/system.ts';

const root = path.resolve(import.meta.dirname, '../..');
const K1 = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
let dataDir: string;

function cli(args: string[]) {
  const result = spawnSync(path.join(root, 'node_modules/.bin/node'), ['bin/channelkeeper.js', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ENCRYPTION_KEYS: K1, LOG_LEVEL: 'warn', SANDBOX_PORT: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** What a request with `secret` gets from a service started on the same data directory (once the CLI has exited). */
async function statusWith(secret: string): Promise<number> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ENCRYPTION_KEYS: K1, SANDBOX_PORT: '1' });
  const system = await createSystem(config, { startSandbox: false, logger: createLogger('silent') });
  try {
    return (await system.app.inject({ method: 'GET', url: '/v1/api-keys', headers: { authorization: `Bearer ${secret}` } })).statusCode;
  } finally {
    await system.close();
  }
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-cli-keys-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('CLI create/list/revoke', () => {
  let workspaceId: string;
  let keyId: string;
  let secret: string;

  it('workspaces create makes a workspace, and workspaces list shows it with its active keys', () => {
    const created = cli(['workspaces', 'create', '--name', 'Acme Creators']);
    expect(created.code).toBe(0);
    workspaceId = /Created workspace (ws_\w+) "Acme Creators"/.exec(created.out)?.[1] ?? '';
    expect(workspaceId).not.toBe('');
    const listed = cli(['workspaces', 'list']);
    expect(listed.out).toMatch(/^ID\s+NAME\s+ACTIVE KEYS\s+CREATED/);
    expect(listed.out).toMatch(new RegExp(`${workspaceId}\\s+Acme Creators\\s+0\\s+`));
  });

  it('api-keys create prints the secret once, on a line of its own, and it opens the API', async () => {
    const created = cli(['api-keys', 'create', '--workspace', workspaceId, '--name', 'backend', '--expires-in-days', '90']);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Created API key key_\w+ "backend" in workspace ws_\w+; it expires at \d{4}-/);
    secret = /^(ck_live_\S{32})$/m.exec(created.out)?.[1] ?? '';
    keyId = /Created API key (key_\w+)/.exec(created.out)?.[1] ?? '';
    expect(secret).not.toBe('');
    expect(await statusWith(secret)).toBe(200);
  });

  it('api-keys list shows each key’s name, hint and status, never the secret', () => {
    const listed = cli(['api-keys', 'list', '--workspace', workspaceId]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ID\s+NAME\s+HINT\s+STATUS\s+CREATED\s+LAST USED\s+EXPIRES/);
    expect(listed.out).toMatch(new RegExp(`${keyId}\\s+backend\\s+${secret.slice(0, 12)}…\\s+active\\s+`));
    expect(listed.out).not.toContain(secret);
  });

  it('api-keys revoke refuses the key at once', async () => {
    const revoked = cli(['api-keys', 'revoke', '--workspace', workspaceId, keyId]);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(`Revoked API key ${keyId} (${secret.slice(0, 12)}…)`);
    expect(await statusWith(secret)).toBe(401);
    expect(cli(['api-keys', 'list', '--workspace', workspaceId]).out).toMatch(new RegExp(`${keyId}\\s+backend\\s+\\S+\\s+revoked`));
  });

  it.each([
    [['api-keys', 'create', '--workspace', 'ws_unknown'], 1, 'There is no workspace ws_unknown.'],
    [['api-keys', 'revoke', '--workspace', 'ws_unknown', 'key_unknown'], 1, 'No API key with this id in this workspace.'],
    [
      ['api-keys', 'create', '--workspace', 'ws_x', '--expires-in-days', '5', '--expires-at', '2030-01-01T00:00:00Z'],
      2,
      '--expires-at: give --expires-in-days or --expires-at, not both',
    ],
    [['api-keys', 'create', '--workspace', 'ws_x', '--expires-in-days', 'soon'], 2, '--expires-in-days: a whole number of days'],
    [['api-keys', 'list'], 2, 'api-keys list --workspace ID'],
    [['workspaces', 'create'], 2, 'workspaces create --name NAME'],
  ])('refuses %j with a clear message and exit code %i', (args, code, message) => {
    const result = cli(args);
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
  });
});
