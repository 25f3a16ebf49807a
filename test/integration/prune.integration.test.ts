/**
 * Retention: finished work older than RETENTION_DAYS goes; younger rows, open work, the latest
 * sync and refresh, product data and the audit trail stay; two prunes running at once delete each
 * row once. Rows are written straight into the tables, backdated, rather than lived through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { type PruneReport, pruneFinishedWork } from '../../src/ops/prune.ts';
import type { DB } from '../../src/platform/db/db.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
let db: DB;
let now: Date;
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const OLD = 40;
const YOUNG = 10;
let workspaceId: string;
let creatorId: string;
const connectionIds: string[] = [];
let reports: PruneReport[];
let eventsBefore: number;

beforeAll(async () => {
  t = await createTestContext();
  db = t.system.deps.db;
  for (const username of ['keep.active', 'keep.young', 'gone.tokens']) {
    t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
    const res = await t.connect({ creator: { id: 'c1', email: 'c1@example.com' }, account: username, returnUrl: 'https://p.example/' });
    connectionIds.push(new URL(res.headers.location as string).searchParams.get('connection') as string);
  }
  const row = await db.selectFrom('connections').select(['workspace_id', 'creator_id']).where('id', '=', connectionIds[0]!).executeTakeFirstOrThrow();
  ({ workspace_id: workspaceId, creator_id: creatorId } = row);
  now = t.clock.now();
  await seed();
  eventsBefore = Number(
    (
      await db
        .selectFrom('connection_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  // Two prunes at once, in batches of two, so they meet on the same tables.
  const run = () => pruneFinishedWork(t.system.deps, { retentionDays: 30, batchSize: 2 });
  reports = await Promise.all([run(), run()]);
});
afterAll(async () => {
  await t.close();
});

async function seed(): Promise<void> {
  const [c1, c2, c3] = connectionIds as [string, string, string];
  await db.deleteFrom('media_syncs').execute();
  const deliveries = [
    ['whd_old_done', 'delivered', OLD],
    ['whd_old_failed', 'failed', OLD],
    ['whd_old_cancelled', 'cancelled', OLD],
    ['whd_old_pending', 'pending', OLD],
    ['whd_young_done', 'delivered', YOUNG],
  ] as const;
  for (const [id, status, days] of deliveries) {
    await db
      .insertInto('webhook_deliveries')
      .values({
        id,
        event_id: id.replace('whd_', 'evt_'),
        endpoint_id: null,
        workspace_id: workspaceId,
        connection_id: c1,
        type: 'connection.refreshed',
        body: '{}',
        status,
        next_attempt_at: ago(days),
        created_at: ago(days),
        delivered_at: status === 'delivered' ? ago(days) : null,
        lease_owner: null,
        lease_expires_at: null,
        last_status_code: null,
        last_error: null,
      })
      .execute();
  }
  await db
    .insertInto('webhook_attempts')
    .values({ delivery_id: 'whd_old_done', attempt: 1, attempted_at: ago(OLD), status_code: 200, duration_ms: 5, error: null })
    .execute();

  const emails = [
    ['eml_old_sent', 'sent', OLD],
    ['eml_old_failed', 'failed', OLD],
    ['eml_old_pending', 'pending', OLD],
    ['eml_old_stored', 'stored', OLD],
    ['eml_young_sent', 'sent', YOUNG],
  ] as const;
  for (const [id, status, days] of emails) {
    await db
      .insertInto('emails')
      .values({
        id,
        workspace_id: workspaceId,
        creator_id: creatorId,
        connection_id: c1,
        kind: 'test',
        dedupe_key: id,
        to_address: 'c1@example.com',
        from_address: 'ck@example.com',
        subject: 's',
        text_body: 't',
        html_body: 'h',
        status,
        next_attempt_at: ago(days),
        lease_expires_at: null,
        last_error: null,
        created_at: ago(days),
        delivered_at: status === 'sent' ? ago(days) : null,
      })
      .execute();
  }

  // c1: two old runs superseded by a young one; c2: its only (old) run; c3: an old success, then an old failure (its latest).
  const syncs = [
    ['mds_c1_old_done', c1, 'done', OLD + 2],
    ['mds_c1_old_failed', c1, 'failed', OLD + 1],
    ['mds_c1_young', c1, 'done', YOUNG],
    ['mds_c2_only', c2, 'done', OLD],
    ['mds_c3_last_good', c3, 'done', OLD + 1],
    ['mds_c3_latest', c3, 'failed', OLD],
  ] as const;
  for (const [id, connectionId, status, days] of syncs) {
    await db
      .insertInto('media_syncs')
      .values({
        id,
        connection_id: connectionId,
        reason: 'scheduled',
        status,
        run_after: ago(days),
        started_at: ago(days),
        finished_at: ago(days),
        error: null,
        lease_owner: null,
        lease_expires_at: null,
        created_at: ago(days),
      })
      .execute();
  }

  await db
    .insertInto('brands')
    .values({ workspace_id: workspaceId, id: 'b1', name: 'Acme', created_at: ago(100), updated_at: ago(100) })
    .execute();
  await db
    .insertInto('campaigns')
    .values({
      id: 'cmp_1',
      workspace_id: workspaceId,
      brand_id: 'b1',
      name: 'Summer',
      state: 'completed',
      binding_hashtag: '#Summer',
      hashtag_key: 'summer',
      networks: ['instagram'],
      due_date: null,
      created_at: ago(100),
      updated_at: ago(100),
      insights_refresh_requested_at: ago(OLD),
      insights_refresh_available_at: ago(OLD),
    })
    .execute();
  for (const [id, days] of [
    ['med_1', 1],
    ['med_2', 2],
    ['med_3', 3],
    ['med_4', 4],
    ['med_5', 5],
  ] as const) {
    await db
      .insertInto('media')
      .values({
        id,
        workspace_id: workspaceId,
        connection_id: c1,
        provider_media_id: id,
        network: 'instagram',
        media_type: 'image',
        caption: null,
        permalink: null,
        published_at: ago(100 + days),
        media_url: null,
        thumbnail_url: null,
        first_seen_at: ago(100),
        last_seen_at: ago(1),
        insights_at: null,
      })
      .execute();
  }
  for (const [id, days] of [
    ['irf_older', OLD + 5],
    ['irf_latest', OLD],
  ] as const) {
    await db
      .insertInto('insights_refreshes')
      .values({ id, campaign_id: 'cmp_1', requested_at: ago(days), status: 'done', total: 1, completed: 1, finished_at: ago(days) })
      .execute();
  }
  const tasks = [
    ['ist_of_older_refresh', 'med_1', 'done', 'irf_older', OLD + 5],
    ['ist_of_latest_refresh', 'med_2', 'done', 'irf_latest', OLD],
    ['ist_old_failed', 'med_3', 'failed', null, OLD],
    ['ist_old_queued', 'med_4', 'queued', null, OLD],
    ['ist_young_done', 'med_5', 'done', null, YOUNG],
  ] as const;
  for (const [id, mediaId, status, refreshId, days] of tasks) {
    await db
      .insertInto('insight_tasks')
      .values({
        id,
        media_id: mediaId,
        connection_id: c1,
        network: 'instagram',
        reason: 'auto',
        refresh_id: refreshId,
        status,
        run_after: ago(days),
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
        created_at: ago(days),
        finished_at: status === 'queued' ? null : ago(days),
      })
      .execute();
  }
  await db
    .insertInto('media_insights')
    .values({
      media_id: 'med_1',
      captured_at: ago(OLD + 10),
      source: 'auto',
      views: 1,
      reach: 1,
      likes: 1,
      comments: 0,
      saves: 0,
      shares: 0,
      total_interactions: 1,
      impressions: null,
      engagement_rate: null,
      extra: null,
    })
    .execute();
  await db
    .insertInto('audience_insights')
    .values({ connection_id: c1, captured_at: ago(OLD + 10), status: 'unavailable', reason: 'below_threshold', unit: null, followers: null, breakdowns: null })
    .execute();
  await db
    .updateTable('connection_events')
    .set({ occurred_at: ago(OLD + 10) })
    .execute();

  // c2 was disconnected recently, c3 long ago: only c3's dead tokens go.
  await db
    .updateTable('connections')
    .set({ status: 'disconnected', disconnected_at: ago(YOUNG) })
    .where('id', '=', c2)
    .execute();
  await db
    .updateTable('connections')
    .set({ status: 'disconnected', disconnected_at: ago(OLD) })
    .where('id', '=', c3)
    .execute();

  await db
    .insertInto('connect_sessions')
    .values({
      id: 'csx_old',
      token_hash: 'csx_old',
      workspace_id: workspaceId,
      creator_id: creatorId,
      provider: 'instagram',
      return_url: null,
      expires_at: ago(OLD),
      completed_at: null,
      connection_id: null,
      created_at: ago(OLD),
      choice_token_hash: null,
      pending_grant_id: 'grt_waited_on',
      choices: null,
    })
    .execute();
  await db
    .insertInto('oauth_states')
    .values({ state_hash: 'st_old', session_id: 'csx_old', provider: 'instagram', expires_at: ago(OLD), consumed_at: null, created_at: ago(OLD), code_verifier_sealed: null })
    .execute();
  await db
    .insertInto('connect_sessions')
    .values({
      id: 'csx_young',
      token_hash: 'csx_young',
      workspace_id: workspaceId,
      creator_id: creatorId,
      provider: 'facebook',
      return_url: null,
      expires_at: ago(YOUNG),
      completed_at: null,
      connection_id: null,
      created_at: ago(YOUNG),
      choice_token_hash: null,
      pending_grant_id: 'grt_young_session',
      choices: null,
    })
    .execute();
  for (const id of ['grt_orphan', 'grt_in_use', 'grt_waited_on', 'grt_young_session']) {
    await db
      .insertInto('provider_grants')
      .values({
        id,
        workspace_id: workspaceId,
        creator_id: creatorId,
        provider: 'facebook',
        provider_user_id: null,
        key_id: 'k1',
        access_token_sealed: 'x',
        refresh_token_sealed: null,
        scopes: [],
        expires_at: ago(OLD),
        data_access_expires_at: null,
        created_at: ago(OLD),
        updated_at: ago(OLD),
      })
      .execute();
  }
  await db.updateTable('connections').set({ grant_id: 'grt_in_use' }).where('id', '=', c1).execute();

  const portals = [
    ['pts_old_session', ago(OLD + 1), ago(OLD)],
    ['pts_old_unopened_link', ago(OLD), null],
    ['pts_young_session', ago(OLD), ago(YOUNG)],
  ] as const;
  for (const [id, linkExpires, expires] of portals) {
    await db
      .insertInto('portal_sessions')
      .values({
        id,
        workspace_id: workspaceId,
        creator_id: creatorId,
        link_hash: id,
        link_expires_at: linkExpires,
        opened_at: expires ? linkExpires : null,
        cookie_hash: expires ? `${id}_c` : null,
        expires_at: expires,
        return_url: null,
        created_at: linkExpires,
      })
      .execute();
  }
  await db
    .insertInto('provider_callback_receipts')
    .values([
      { fingerprint: 'fp_old', kind: 'deauthorize', provider: 'instagram', received_at: ago(OLD) },
      { fingerprint: 'fp_young', kind: 'deauthorize', provider: 'instagram', received_at: ago(YOUNG) },
    ])
    .execute();
  await db
    .insertInto('rate_budgets')
    .values([
      { key: 'tiktok:app', window_start: ago(OLD), used: 5 },
      { key: 'tiktok:app', window_start: ago(YOUNG), used: 5 },
    ])
    .execute();
  // Idempotency-Key records end 24 hours after their request, whatever RETENTION_DAYS says.
  const record = (key: string, state: 'in_flight' | 'done', expiresInMs: number) => ({
    scope: 'scope-1',
    key,
    fingerprint: 'fp',
    claim_token: key,
    state,
    response_status: state === 'done' ? 201 : null,
    response_sealed: null,
    locked_until: null,
    created_at: new Date(now.getTime() + expiresInMs - DAY),
    expires_at: new Date(now.getTime() + expiresInMs),
  });
  await db
    .insertInto('idempotency_keys')
    .values([record('idk_expired', 'done', -HOUR), record('idk_dead_claim', 'in_flight', -2 * HOUR), record('idk_live', 'done', HOUR)])
    .execute();
}

const ids = async (
  table: 'webhook_deliveries' | 'emails' | 'media_syncs' | 'insight_tasks' | 'insights_refreshes' | 'provider_grants' | 'portal_sessions' | 'connect_sessions',
  prefix: string,
) => (await db.selectFrom(table).select('id').where('id', 'like', `${prefix}%`).orderBy('id').execute()).map((r) => r.id);

describe('the daily prune', () => {
  it('two prunes at once delete each old finished row exactly once between them', () => {
    const total = (target: keyof PruneReport) => reports[0]![target] + reports[1]![target];
    expect({
      webhook_deliveries: total('webhook_deliveries'),
      emails: total('emails'),
      media_syncs: total('media_syncs'),
      insight_tasks: total('insight_tasks'),
      insights_refreshes: total('insights_refreshes'),
      connection_tokens: total('connection_tokens'),
      oauth_states: total('oauth_states'),
      connect_sessions: total('connect_sessions'),
      provider_grants: total('provider_grants'),
      portal_sessions: total('portal_sessions'),
      provider_callback_receipts: total('provider_callback_receipts'),
      rate_budgets: total('rate_budgets'),
      idempotency_keys: total('idempotency_keys'),
    }).toEqual({
      webhook_deliveries: 3,
      emails: 2,
      media_syncs: 2,
      // The older refresh's task, a failed one, and the latest (done) refresh's task: its counts are on its row.
      insight_tasks: 3,
      insights_refreshes: 1,
      connection_tokens: 1,
      oauth_states: 1,
      connect_sessions: 1,
      provider_grants: 2,
      portal_sessions: 2,
      provider_callback_receipts: 1,
      rate_budgets: 1,
      idempotency_keys: 2,
    });
  });

  it('finished deliveries and emails older than the retention go, with their attempts; open, stored and younger ones stay', async () => {
    expect(await ids('webhook_deliveries', 'whd_')).toEqual(['whd_old_pending', 'whd_young_done']);
    expect(await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', 'whd_old_done').execute()).toEqual([]);
    expect(await ids('emails', 'eml_')).toEqual(['eml_old_pending', 'eml_old_stored', 'eml_young_sent']);
  });

  it("a connection's latest sync and latest successful sync stay, however old", async () => {
    expect(await ids('media_syncs', 'mds_')).toEqual(['mds_c1_young', 'mds_c2_only', 'mds_c3_last_good', 'mds_c3_latest']);
  });

  it("a campaign's latest refresh stays, with its counts; open and younger tasks stay", async () => {
    expect(await ids('insights_refreshes', 'irf_')).toEqual(['irf_latest']);
    expect(await ids('insight_tasks', 'ist_')).toEqual(['ist_old_queued', 'ist_young_done']);
    const state = await t.api('GET', '/v1/campaigns/cmp_1');
    expect(state.statusCode).toBe(200);
    expect(state.json().insightsRefresh).toMatchObject({ progress: { completed: 1 } });
  });

  it('snapshots and the audit trail are never pruned', async () => {
    expect(await db.selectFrom('media_insights').select('media_id').execute()).toHaveLength(1);
    expect(await db.selectFrom('audience_insights').select('connection_id').execute()).toHaveLength(1);
    const events = Number(
      (
        await db
          .selectFrom('connection_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(events).toBe(eventsBefore);
    expect(eventsBefore).toBeGreaterThan(0);
  });

  it('only tokens of channels disconnected longer ago than the retention go', async () => {
    const kept = (await db.selectFrom('connection_tokens').select('connection_id').execute()).map((r) => r.connection_id).sort();
    expect(kept).toEqual([connectionIds[0], connectionIds[1]].sort());
  });

  it('expired sessions and states go once nothing references them; grants go once nothing uses them', async () => {
    expect(await db.selectFrom('oauth_states').select('state_hash').where('state_hash', '=', 'st_old').execute()).toEqual([]);
    expect(await ids('connect_sessions', 'csx_')).toEqual(['csx_young']);
    // grt_waited_on lost its (expired) session in the same run, and went after it.
    expect(await ids('provider_grants', 'grt_')).toEqual(['grt_in_use', 'grt_young_session']);
    expect(await ids('portal_sessions', 'pts_')).toEqual(['pts_young_session']);
    expect((await db.selectFrom('provider_callback_receipts').select('fingerprint').execute()).map((r) => r.fingerprint)).toEqual(['fp_young']);
    expect((await db.selectFrom('rate_budgets').select('window_start').execute()).map((r) => r.window_start)).toEqual([ago(YOUNG)]);
  });

  it('Idempotency-Key records go once their 24 hours are over, however short; live ones stay', async () => {
    expect((await db.selectFrom('idempotency_keys').select('key').execute()).map((r) => r.key)).toEqual(['idk_live']);
  });

  it('a second run finds nothing more to delete', async () => {
    const again = await pruneFinishedWork(t.system.deps, { retentionDays: 30 });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  });
});
