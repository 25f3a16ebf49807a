import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate, openStorage, type Storage } from '../platform/db/db.ts';
import { createLogger } from '../platform/logger.ts';
import { HandoutAudit } from './handout-audit.ts';

let storage: Storage;
const at = new Date('2026-05-01T10:00:00Z');

beforeAll(async () => {
  storage = await openStorage({ dataDir: 'memory' });
  await migrate(storage.db);
  await storage.db.insertInto('workspaces').values({ id: 'ws', name: 'w', product_name: null, email_from: null, created_at: at }).execute();
  await storage.db.insertInto('creators').values({ workspace_id: 'ws', id: 'c', email: null, name: null, created_at: at, updated_at: at }).execute();
  await storage.db
    .insertInto('connections')
    .values({
      id: 'con_a',
      workspace_id: 'ws',
      creator_id: 'c',
      provider: 'instagram',
      network: 'instagram',
      login: 'instagram_login',
      account_id: '1',
      username: null,
      display_name: null,
      account_type: null,
      avatar_url: null,
      status: 'active',
      status_reason: null,
      scopes: [],
      connected_at: at,
      created_at: at,
      updated_at: at,
      last_error_code: null,
      lease_owner: null,
    })
    .execute();
});
afterAll(() => storage.close());

const counts = () => storage.db.selectFrom('access_token_handouts').select(['day', 'count']).where('connection_id', '=', 'con_a').execute();

it('every hand-out is counted per connection and day once flushed, adding to earlier flushes', async () => {
  const audit = new HandoutAudit(storage.db, createLogger('silent'));
  for (let i = 0; i < 5; i++) audit.record('con_a', at);
  audit.record('con_a', new Date('2026-05-02T00:00:01Z'));
  await audit.flush();
  audit.record('con_a', at);
  await audit.stop();
  expect((await counts()).map((r) => [r.day.toISOString().slice(0, 10), r.count])).toEqual([
    ['2026-05-01', 6],
    ['2026-05-02', 1],
  ]);
});

it('a connection deleted meanwhile does not hold back the counts of the others', async () => {
  const audit = new HandoutAudit(storage.db, createLogger('silent'));
  audit.record('con_deleted', at);
  audit.record('con_a', at);
  await audit.flush();
  expect((await counts()).find((r) => r.day.toISOString().startsWith('2026-05-01'))?.count).toBe(7);
});

it('counts that cannot be written are kept for the next flush', async () => {
  const broken = await openStorage({ dataDir: 'memory' }); // no schema: every write fails
  const audit = new HandoutAudit(broken.db, createLogger('silent'));
  audit.record('con_a', at);
  audit.record('con_a', at);
  await audit.flush();
  await migrate(broken.db);
  await broken.db.insertInto('workspaces').values({ id: 'ws', name: 'w', product_name: null, email_from: null, created_at: at }).execute();
  await broken.db.insertInto('creators').values({ workspace_id: 'ws', id: 'c', email: null, name: null, created_at: at, updated_at: at }).execute();
  await broken.db
    .insertInto('connections')
    .values({
      id: 'con_a',
      workspace_id: 'ws',
      creator_id: 'c',
      provider: 'instagram',
      network: 'instagram',
      login: 'l',
      account_id: '1',
      username: null,
      display_name: null,
      account_type: null,
      avatar_url: null,
      status: 'active',
      status_reason: null,
      scopes: [],
      connected_at: at,
      created_at: at,
      updated_at: at,
      last_error_code: null,
      lease_owner: null,
    })
    .execute();
  await audit.flush();
  const rows = await broken.db.selectFrom('access_token_handouts').select('count').execute();
  await broken.close();
  expect(rows.map((r) => r.count)).toEqual([2]);
});
