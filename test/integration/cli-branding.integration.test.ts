/** `channelkeeper workspaces branding`: an operator sets a workspace's brand from the command line, with the API's checks. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkspaceCommand } from '../../src/cli/workspace-commands.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { acmeSvg } from '../support/logos.ts';

let dataDir: string;
let database: TestDatabase;
let config: Config;
let workspaceId: string;

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runWorkspaceCommand(args, config, { write: (text: string) => (out += text) }, { write: (text: string) => (err += text) });
  return { code, out, err };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-cli-brand-'));
  database = await createTestDatabase();
  config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://keeper.example.com',
    ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    SANDBOX_PORT: '1',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
  workspaceId = /Created workspace (ws_\w+)/.exec((await cli(['workspaces', 'create', '--name', 'Acme'])).out)?.[1] ?? '';
  fs.writeFileSync(path.join(dataDir, 'acme.svg'), acmeSvg);
}, 60_000);
afterAll(async () => {
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('workspaces branding', () => {
  it('with no change named, prints the brand: nothing set, our name shown', async () => {
    const shown = await cli(['workspaces', 'branding', '--workspace', workspaceId]);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/product name +not set \(creators see Channelkeeper\)/);
  });

  it('sets the fields and the logo given, and prints the result with the logo’s URL', async () => {
    const set = await cli([
      'workspaces',
      'branding',
      '--workspace',
      workspaceId,
      '--product-name',
      'Acme Creators',
      '--accent',
      '#C2410C',
      '--default-locale',
      'pt-br',
      '--logo',
      path.join(dataDir, 'acme.svg'),
    ]);
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/product name +Acme Creators\n/);
    expect(set.out).toMatch(/accent +#c2410c \(dark mode #[0-9a-f]{6}\)/);
    expect(set.out).toMatch(/default language +pt-BR\n/);
    expect(set.out).toMatch(/logo +image\/svg\+xml, \d+ bytes, https:\/\/keeper\.example\.com\/brand\/ws_\w+\/logo\/[0-9a-f]{16}/);
  });

  it('refuses what the API refuses, naming the option, and changes nothing', async () => {
    const pale = await cli(['workspaces', 'branding', '--workspace', workspaceId, '--accent', '#ffcc00']);
    expect(pale.code).toBe(1);
    expect(pale.err).toContain('--accent #ffcc00 has a contrast of 1.51:1 with white');
    const email = await cli(['workspaces', 'branding', '--workspace', workspaceId, '--support-email', 'nope']);
    expect(email.code).toBe(2);
    expect(email.err).toContain('--support-email');
    const shown = await cli(['workspaces', 'branding', '--workspace', workspaceId]);
    expect(shown.out).toContain('#c2410c');
  });

  it('an empty value clears a field and --no-logo removes the logo; an unknown workspace is said so', async () => {
    const cleared = await cli(['workspaces', 'branding', '--workspace', workspaceId, '--product-name', '', '--no-logo']);
    expect(cleared.code).toBe(0);
    expect(cleared.out).toMatch(/product name +not set/);
    expect(cleared.out).toMatch(/logo +not set/);
    const unknown = await cli(['workspaces', 'branding', '--workspace', 'ws_nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('There is no workspace ws_nope.');
  });
});
