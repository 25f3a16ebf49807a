/** The `channelkeeper` command as an operator runs it: on a PGlite data directory of its own. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/kernel/clock.ts';
import { parseKeyRing } from '../../src/platform/crypto/key-ring.ts';
import { migrate, openStorage } from '../../src/platform/db/db.ts';
import { refreshDueAt, tokenPolicies } from '../../src/providers/token-policy.ts';

const root = path.resolve(import.meta.dirname, '../..');
const K1 = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const K2 = `k2:${Buffer.alloc(32, 9).toString('base64')}`;
const issuedAt = new Date('2026-01-01T02:00:00Z');
let dataDir: string;

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(path.join(root, 'node_modules/.bin/node'), ['bin/channelkeeper.js', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ENCRYPTION_KEYS: K1, LOG_LEVEL: 'warn', SANDBOX_PORT: '1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('channelkeeper', () => {
  it('migrate applies the schema once, then says it is up to date', () => {
    expect(cli(['migrate']).out).toContain('Applied: 001-initial, 002-claim-order-index');
    const again = cli(['migrate']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('up to date');
  });

  it('refresh --dry-run lists what is due and why, and changes nothing', async () => {
    const storage = await openStorage({ dataDir });
    await migrate(storage.db);
    const ring = parseKeyRing(K1);
    const expiresAt = new Date(issuedAt.getTime() + 60 * DAY);
    await storage.db.insertInto('workspaces').values({ id: 'ws_cli', name: 'CLI', product_name: null, email_from: null, created_at: issuedAt }).execute();
    await storage.db.insertInto('creators').values({ workspace_id: 'ws_cli', id: 'c1', email: 'c1@example.com', name: null, created_at: issuedAt, updated_at: issuedAt }).execute();
    await storage.db
      .insertInto('connections')
      .values({
        id: 'con_cli',
        workspace_id: 'ws_cli',
        creator_id: 'c1',
        provider: 'instagram',
        network: 'instagram',
        login: 'instagram_login',
        account_id: '17841400000000999',
        username: 'cli.biz',
        status: 'active',
        scopes: [],
        token_issued_at: issuedAt,
        token_expires_at: expiresAt,
        grant_expires_at: expiresAt,
        refresh_due_at: refreshDueAt(tokenPolicies({ refreshAfterDays: 50 }).instagram!, { issuedAt, expiresAt }),
        connected_at: issuedAt,
        created_at: issuedAt,
        updated_at: issuedAt,
      })
      .execute();
    await storage.db
      .insertInto('connection_tokens')
      .values({ connection_id: 'con_cli', key_id: 'k1', access_token_sealed: ring.seal('IGAAcli-token', 'con_cli:access'), updated_at: issuedAt })
      .execute();
    await storage.close();

    const early = cli(['refresh', '--now', new Date(issuedAt.getTime() + 10 * DAY).toISOString(), '--dry-run']);
    expect(early.code).toBe(0);
    expect(early.out).toContain('0 connection(s) due');
    const due = cli(['refresh', '--now', new Date(issuedAt.getTime() + 51 * DAY).toISOString(), '--dry-run']);
    expect(due.code).toBe(0);
    expect(due.out).toContain('1 connection(s) due');
    expect(due.out).toMatch(/refresh\s+con_cli\s+instagram\s+@cli\.biz\s+token is 51\.0 days old \(refresh after 50\.0 days\), expires in 9\.0 days/);
    const expired = cli(['refresh', '--now', new Date(issuedAt.getTime() + 61 * DAY).toISOString(), '--dry-run']);
    expect(expired.out).toMatch(/expire\s+con_cli/);

    const check = await openStorage({ dataDir });
    const row = await check.db.selectFrom('connections').selectAll().where('id', '=', 'con_cli').executeTakeFirstOrThrow();
    await check.close();
    expect(row.version).toBe(1);
    expect(row.lease_owner).toBeNull();
  });

  it('insights --dry-run counts the readings the plan would queue at a given time; without it, queues them', async () => {
    const storage = await openStorage({ dataDir });
    await storage.db.insertInto('brands').values({ workspace_id: 'ws_cli', id: 'acme', name: 'Acme', created_at: issuedAt, updated_at: issuedAt }).execute();
    await storage.db
      .insertInto('campaigns')
      .values({
        id: 'cmp_cli',
        workspace_id: 'ws_cli',
        brand_id: 'acme',
        name: 'CLI',
        state: 'live',
        binding_hashtag: '#Cli',
        hashtag_key: 'cli',
        networks: ['instagram'],
        due_date: null,
        created_at: issuedAt,
        updated_at: issuedAt,
      })
      .execute();
    await storage.db
      .insertInto('campaign_participants')
      .values({ campaign_id: 'cmp_cli', workspace_id: 'ws_cli', creator_id: 'c1', stage: 'confirmed', joined_at: issuedAt, created_at: issuedAt, updated_at: issuedAt })
      .execute();
    await storage.db
      .insertInto('media')
      .values({
        id: 'med_cli',
        workspace_id: 'ws_cli',
        connection_id: 'con_cli',
        provider_media_id: '18000000000000001',
        network: 'instagram',
        media_type: 'image',
        caption: '#Cli',
        permalink: 'https://www.instagram.com/p/cli/',
        published_at: issuedAt,
        media_url: null,
        thumbnail_url: null,
        first_seen_at: issuedAt,
        last_seen_at: issuedAt,
        recent_rank: 1,
      })
      .execute();
    await storage.db
      .insertInto('campaign_posts')
      .values({
        id: 'cpo_cli',
        campaign_id: 'cmp_cli',
        workspace_id: 'ws_cli',
        creator_id: 'c1',
        media_id: 'med_cli',
        connection_id: 'con_cli',
        network: 'instagram',
        permalink: 'https://www.instagram.com/p/cli/',
        bound_by: 'auto',
        status: 'bound',
        bound_at: issuedAt,
      })
      .execute();
    await storage.close();
    const at = (days: number) => new Date(issuedAt.getTime() + days * DAY).toISOString();

    expect(cli(['insights', '--now', at(10), '--dry-run']).out).toContain('1 bound post(s) due');
    // Created 91 full days before, no due date: out of the automatic refresh rules.
    expect(cli(['insights', '--now', at(91), '--dry-run']).out).toContain('0 bound post(s) due');
    const count = async () => {
      const check = await openStorage({ dataDir });
      const tasks = await check.db.selectFrom('insight_tasks').select('media_id').execute();
      await check.close();
      return tasks;
    };
    expect(await count()).toEqual([]);
    const run = cli(['insights', '--now', at(10)]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('1 reading(s)');
    expect(await count()).toEqual([{ media_id: 'med_cli' }]);
  });

  it('keys rotate re-seals every secret under the first key, with progress', async () => {
    const result = cli(['keys', 'rotate'], { ENCRYPTION_KEYS: `${K2},${K1}` });
    expect(result.code).toBe(0);
    expect(result.out).toContain('Re-sealing secrets [');
    expect(result.out).toContain('Re-sealed 1 secret(s) under key "k2"');
    const storage = await openStorage({ dataDir });
    const row = await storage.db.selectFrom('connection_tokens').selectAll().executeTakeFirstOrThrow();
    await storage.close();
    expect(row.key_id).toBe('k2');
    expect(parseKeyRing(`${K2},${K1}`).open(row.access_token_sealed, 'con_cli:access')).toBe('IGAAcli-token');
  });

  it.each([
    [['refresh', '--now', 'yesterday'], '--now must be an ISO time'],
    [['frobnicate'], 'Unknown command'],
    [['refresh', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a clear message and exit code 2', (args, message) => {
    const result = cli(args);
    expect(result.code).toBe(2);
    expect(result.out).toContain(message);
  });

  it('refuses to start in production without ENCRYPTION_KEYS', () => {
    const result = cli(['start'], { NODE_ENV: 'production', ENCRYPTION_KEYS: '' });
    expect(result.code).toBe(2);
    expect(result.out).toContain('ENCRYPTION_KEYS is required');
  });

  it('refuses a malformed key ring, saying what is wrong without a stack trace', () => {
    const result = cli(['refresh', '--dry-run'], { ENCRYPTION_KEYS: 'k1:tooshort' });
    expect(result.code).toBe(2);
    expect(result.out).toContain('key "k1" must be 32 bytes');
    expect(result.out).not.toMatch(/\n\s+at /);
  });
});
