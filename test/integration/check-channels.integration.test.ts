/**
 * "Check every channel now" asks the networks about one workspace's live channels only: its operator's
 * press never spends another platform's calls nor touches its connections. The demo page's button lands
 * on a banner saying what was found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/kernel/clock.ts';
import { checkEveryChannel } from '../../src/ops/index.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { createTestContext, driveConnect, type TestContext } from '../support/context.ts';

const OTHER_KEY = 'ck_other_platform_key_0123456789ab';
let t: TestContext;
let mine: string;

const lastVerified = async (creatorId: string) =>
  (await t.system.deps.db.selectFrom('connections').select(['last_verified_at']).where('creator_id', '=', creatorId).executeTakeFirstOrThrow()).last_verified_at;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T10:00:00Z' });
  await t.connect({ creator: { id: 'mine', email: 'mine@example.com' }, account: 'ana.business' });
  await t.connect({ creator: { id: 'mine', email: 'mine@example.com' }, provider: 'tiktok', account: 'tess.tiktok' });
  await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_KEY, 'Other platform');
  await driveConnect(t.system, t.sandbox, { creator: { id: 'theirs', email: 'theirs@example.com' }, account: 'ben.creator' }, OTHER_KEY);
  mine = (await t.system.deps.db.selectFrom('workspaces').select('id').where('name', '<>', 'Other platform').executeTakeFirstOrThrow()).id;
  t.clock.advance(2 * DAY);
}, 120_000);
afterAll(() => t?.close());

describe('Check every channel now', () => {
  it('checks the workspace’s live channels with their networks, and no other workspace’s', async () => {
    const before = await lastVerified('theirs');
    const outcome = await checkEveryChannel(t.system.deps, mine);
    expect(outcome).toEqual({ checked: 2, disconnected: 0, more: false });
    expect((await lastVerified('mine'))?.toISOString()).toBe(t.clock.now().toISOString());
    expect(await lastVerified('theirs')).toEqual(before);
  });

  it('finds a channel the network no longer accepts, and says so on the demo page', async () => {
    await t.sandbox.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ana.business/password-change' });
    const pressed = await t.system.app.inject({
      method: 'POST',
      url: '/demo/verify',
      payload: 'creatorId=mine',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe('/demo?creator=mine&checked=2&disconnected=1#banner');
    const page = (await t.system.app.inject({ method: 'GET', url: '/demo?creator=mine&checked=2&disconnected=1' })).body;
    expect(page).toContain('<div id="banner" class="card banner warn" role="status" tabindex="-1">Checked 2 channels with their networks: one was found disconnected.</div>');
  });
});
