/**
 * The stored insights schedule (media.insights_next_at / insights_until, kept by migration 034's
 * triggers) says exactly what the pure rules say. fast-check (fixed seed, so a failure is the same on
 * every run and machine) plays random histories on a few posts: campaigns going live, ending, moving
 * their due dates and their imported start, posts bound (automatically, by hand, self-reported), unbound
 * and bound again, ranks moving past the newest 100, channels disconnected and reconnected, a second
 * login to the first creator's account added, moved to another account and removed (it reads for the
 * first login while that one is disconnected), readings, time passing (to the millisecond of a window's
 * end and past it) and the plan running. After every step, each post's
 * stored schedule is compared with `autoRefreshDecision` over its bindings at that instant, and with
 * what the plan would queue (the rules plus FRESH_FOR_MS). Each history ends by recomputing every
 * schedule from scratch (the upgrade's backfill) and finding the same values.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCampaignPosts, rebindCampaignPost, unbindCampaignPost } from '../../src/campaigns/campaign-posts.repo.ts';
import { updateCampaign } from '../../src/campaigns/campaigns.repo.ts';
import { countDue, markCaptured, PLAN_START, planAutoPage } from '../../src/insights/insights.repo.ts';
import { FRESH_FOR_MS } from '../../src/insights/insights-plan.ts';
import { autoRefreshDecision } from '../../src/insights/insights-recency.rules.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import type { Tx } from '../../src/platform/db/db.ts';
import { migrate, openStorage, type Storage } from '../../src/platform/db/db.ts';
import { BACKFILL_SCHEDULE } from '../../src/platform/migrations/034-insights-schedule.ts';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database.ts';

const SEED = 1726;
const T0 = new Date('2026-05-01T03:30:00Z');
const WS = 'ws_sched';
const CAMPAIGNS = 3;
const CONNECTIONS = 2;
/** The first creator's second login (through a Facebook Page), with no posts of its own: it only reads for con0. */
const LINKED = 'con2';
/** Per connection: three feed posts and a story. */
const MEDIA = ['m0a', 'm0b', 'm0c', 'm0s', 'm1a', 'm1b', 'm1c', 'm1s'];

let database: TestDatabase;
let storage: Storage;

beforeAll(async () => {
  database = await createTestDatabase();
  storage = await openStorage({ databaseUrl: database.url, dataDir: 'memory', poolSize: 4 });
  await migrate(storage.db);
});
afterAll(async () => {
  await storage.close();
  await database.drop();
});

/** Thrown to roll a history back: every run starts from the same world. */
class RolledBack extends Error {}

type Step =
  | { kind: 'state'; campaign: number; state: 'draft' | 'live' | 'completed' | 'archived' }
  | { kind: 'due'; campaign: number; days: number | null }
  | { kind: 'start'; campaign: number; daysAgo: number | null }
  | { kind: 'bind'; campaign: number; media: number; by: 'auto' | 'manual' | 'self_reported' }
  | { kind: 'unbind'; campaign: number; media: number }
  | { kind: 'rank'; media: number; rank: number | null }
  | { kind: 'channel'; connection: number; status: 'active' | 'expiring' | 'disconnected' }
  | { kind: 'login'; account: 'acct0' | 'acct1' | null; status: 'active' | 'disconnected' }
  | { kind: 'read'; media: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'edge'; campaign: number; window: 'started' | 'due'; offsetMs: -1 | 0 | 1 }
  | { kind: 'plan' };

const campaign = fc.integer({ min: 0, max: CAMPAIGNS - 1 });
const media = fc.integer({ min: 0, max: MEDIA.length - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('state' as const), campaign, state: fc.constantFrom('draft' as const, 'live' as const, 'completed' as const, 'archived' as const) }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('due' as const), campaign, days: fc.option(fc.integer({ min: -60, max: 60 })) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('start' as const), campaign, daysAgo: fc.option(fc.integer({ min: 0, max: 220 })) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('bind' as const), campaign, media, by: fc.constantFrom('auto' as const, 'manual' as const, 'self_reported' as const) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('unbind' as const), campaign, media }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('rank' as const), media, rank: fc.option(fc.integer({ min: 95, max: 105 })) }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('channel' as const),
      connection: fc.integer({ min: 0, max: CONNECTIONS }),
      status: fc.constantFrom('active' as const, 'expiring' as const, 'disconnected' as const),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('login' as const),
      // Removed as often as added: a login added while the first one is disconnected is the case that matters.
      account: fc.constantFrom('acct0' as const, 'acct0' as const, 'acct1' as const, null, null),
      status: fc.constantFrom('active' as const, 'active' as const, 'disconnected' as const),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('read' as const), media }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(
        fc.integer({ min: 1, max: 30 * HOUR }),
        fc.integer({ min: 1, max: 40 }).map((d) => d * DAY),
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('edge' as const),
      campaign,
      window: fc.constantFrom('started' as const, 'due' as const),
      offsetMs: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'plan' as const }), weight: 1 },
);

/** Campaign creation times: one inside its 90 days, one near the end of them, one long before (its due date decides). */
const CREATED_AGO_DAYS = [10, 85, 200];

async function seedWorld(db: Tx): Promise<void> {
  const at = T0.toISOString();
  await sql`insert into workspaces (id, name, created_at) values (${WS}, 'Schedule', ${at})`.execute(db);
  await sql`insert into brands (workspace_id, id, name, created_at, updated_at) values (${WS}, 'b', 'Brand', ${at}, ${at})`.execute(db);
  for (let k = 0; k < CONNECTIONS; k++) {
    await sql`insert into creators (workspace_id, id, email, name, created_at, updated_at) values (${WS}, ${`cr${k}`}, null, null, ${at}, ${at})`.execute(db);
    await sql`insert into connections (id, workspace_id, creator_id, provider, login, account_id, status, scopes, connected_at, created_at, updated_at, network)
              values (${`con${k}`}, ${WS}, ${`cr${k}`}, 'instagram', 'instagram_login', ${`acct${k}`}, 'active', '{}', ${at}, ${at}, ${at}, 'instagram')`.execute(db);
  }
  for (const [i, id] of MEDIA.entries()) {
    const story = id.endsWith('s');
    await sql`insert into media (id, workspace_id, connection_id, provider_media_id, network, media_type, published_at, first_seen_at, last_seen_at, recent_rank)
              values (${id}, ${WS}, ${`con${id[1]}`}, ${`p${i}`}, 'instagram', ${story ? 'story' : 'image'}, ${at}, ${at}, ${at}, ${story ? null : 99 + (i % 3)})`.execute(db);
  }
  for (let c = 0; c < CAMPAIGNS; c++) {
    const created = new Date(T0.getTime() - CREATED_AGO_DAYS[c]! * DAY);
    await sql`insert into campaigns (id, workspace_id, brand_id, name, state, binding_hashtag, hashtag_key, networks, due_date, created_at, updated_at)
              values (${`cmp${c}`}, ${WS}, 'b', ${`C${c}`}, 'live', ${`#c${c}`}, ${`c${c}`}, '{instagram}', ${c === 2 ? new Date(T0.getTime() - 40 * DAY) : null}, ${created}, ${at})`.execute(
      db,
    );
  }
}

interface World {
  db: Tx;
  now: Date;
  posts: number;
  events: number;
}

async function apply(w: World, s: Step): Promise<void> {
  const mediaId = 'media' in s ? MEDIA[s.media]! : '';
  const campaignId = 'campaign' in s ? `cmp${s.campaign}` : '';
  switch (s.kind) {
    case 'state':
    case 'due': {
      const row = await w.db.selectFrom('campaigns').select('version').where('id', '=', campaignId).executeTakeFirstOrThrow();
      const changes = s.kind === 'state' ? { state: s.state } : { due_date: s.days === null ? null : new Date(w.now.getTime() + s.days * DAY) };
      expect(await updateCampaign(w.db, { id: campaignId, version: row.version, changes, now: w.now })).toBe(true);
      return;
    }
    case 'bind': {
      const existing = await w.db.selectFrom('campaign_posts').select(['id', 'status']).where('campaign_id', '=', campaignId).where('media_id', '=', mediaId).executeTakeFirst();
      if (existing) {
        await rebindCampaignPost(w.db, { id: existing.id, boundBy: s.by, flags: [], now: w.now, eventId: `evt${w.events++}` });
        return;
      }
      const k = mediaId[1]!;
      const post = { id: `cp${w.posts++}`, campaign_id: campaignId, workspace_id: WS, creator_id: `cr${k}`, media_id: mediaId, connection_id: `con${k}` };
      await insertCampaignPosts(w.db, [{ ...post, network: 'instagram', permalink: null, bound_by: s.by, flags: [], bound_at: w.now }], () => `evt${w.events++}`);
      return;
    }
    case 'unbind': {
      const existing = await w.db.selectFrom('campaign_posts').select('id').where('campaign_id', '=', campaignId).where('media_id', '=', mediaId).executeTakeFirst();
      if (existing) await unbindCampaignPost(w.db, { campaignId, id: existing.id, now: w.now, eventId: `evt${w.events++}` });
      return;
    }
    case 'rank':
      // What a sync's ranking writes (media.repo.ts rankRecentMedia); stories are never ranked.
      if (!mediaId.endsWith('s')) await w.db.updateTable('media').set({ recent_rank: s.rank }).where('id', '=', mediaId).execute();
      return;
    case 'start':
      // An imported campaign's real start; any change to it moves the window (nothing in the API changes it after import yet).
      await w.db
        .updateTable('campaigns')
        .set({ started_at: s.daysAgo === null ? null : new Date(w.now.getTime() - s.daysAgo * DAY) })
        .where('id', '=', campaignId)
        .execute();
      return;
    case 'channel':
      await w.db.updateTable('connections').set({ status: s.status }).where('id', '=', `con${s.connection}`).execute();
      return;
    case 'login':
      // Added (or moved to another account, or its status set) and removed, as a connect and a data deletion do.
      if (s.account === null) await w.db.deleteFrom('connections').where('id', '=', LINKED).execute();
      else
        await sql`insert into connections (id, workspace_id, creator_id, provider, login, account_id, status, scopes, connected_at, created_at, updated_at, network)
                  values (${LINKED}, ${WS}, 'cr0', 'facebook', 'facebook_login', ${s.account}, ${s.status}, '{}', ${w.now}, ${w.now}, ${w.now}, 'instagram')
                  on conflict (id) do update set account_id = excluded.account_id, status = excluded.status`.execute(w.db);
      return;
    case 'read':
      await markCaptured(w.db, [mediaId], w.now, 'ok');
      return;
    case 'advance':
      w.now = new Date(w.now.getTime() + s.ms);
      return;
    case 'edge': {
      const row = await w.db.selectFrom('campaigns').select(['started_at', 'created_at', 'due_date']).where('id', '=', campaignId).executeTakeFirstOrThrow();
      const from = s.window === 'started' ? (row.started_at ?? row.created_at) : row.due_date;
      if (!from) return;
      const edge = from.getTime() + (s.window === 'started' ? 91 : 46) * DAY + s.offsetMs;
      // Time only moves forward: a post the plan took off the schedule stays off.
      if (edge > w.now.getTime()) w.now = new Date(edge);
      return;
    }
    case 'plan':
      for (let after = PLAN_START, n = 0; ; n++) {
        const page = await planAutoPage(w.db, w.now, after, 2, `ist${n}`);
        if (!page.next) break;
        after = page.next;
      }
      return;
  }
}

type Binding = Awaited<ReturnType<typeof bindings>>[number];
type Judged = Map<string, { eligible: boolean; due: boolean }>;

/** Each bound post with its campaign and the status of the best login that can read it. */
async function bindings(w: World) {
  const rows = await w.db
    .selectFrom('campaign_posts as p')
    .innerJoin('campaigns as c', 'c.id', 'p.campaign_id')
    .innerJoin('media as m', 'm.id', 'p.media_id')
    .innerJoin('connections as k', 'k.id', 'm.connection_id')
    .select(['m.id', 'c.state', 'c.started_at', 'c.created_at', 'c.due_date', 'm.recent_rank', 'p.bound_by', 'm.media_type', 'm.published_at', 'm.insights_at'])
    .select(['k.id as connection_id', 'k.status', 'k.status_reason'])
    .where('p.status', '=', 'bound')
    .execute();
  const logins = await w.db.selectFrom('connections').select(['id', 'workspace_id', 'network', 'account_id', 'creator_id', 'status']).execute();
  return rows.map((r) => ({ ...r, reader: readerStatus(logins, r.connection_id) ?? { status: r.status, reason: r.status_reason } }));
}

type Login = { id: string; workspace_id: string; network: string; account_id: string; creator_id: string; status: string };
const usable = (status: string) => status === 'active' || status === 'expiring';

/** As channel-reader.ts chooses: the login itself when usable, else a linked one (same workspace, network, account, creator), active first. */
function readerStatus(logins: readonly Login[], id: string): { status: string; reason: null } | undefined {
  const own = logins.find((l) => l.id === id)!;
  if (usable(own.status)) return undefined;
  const linked = logins.filter(
    (l) =>
      l.id !== own.id && l.workspace_id === own.workspace_id && l.network === own.network && l.account_id === own.account_id && l.creator_id === own.creator_id && usable(l.status),
  );
  const best = linked.find((l) => l.status === 'active') ?? linked[0];
  return best && { status: best.status, reason: null };
}

/** Per post: eligible at `at` and due for the plan at `at`, by the pure rules over its bindings as they are now. */
function byTheRules(rows: readonly Binding[], at: Date): Judged {
  const result: Judged = new Map(MEDIA.map((id) => [id, { eligible: false, due: false }]));
  for (const r of rows) {
    const decision = autoRefreshDecision({
      campaign: { state: r.state, startedAt: r.started_at ?? r.created_at, dueDate: r.due_date },
      post: { recentRank: r.recent_rank, boundBy: r.bound_by, mediaType: r.media_type, publishedAt: r.published_at },
      connectionStatus: r.reader,
      now: at,
    });
    // Stories are read by their own schedule (planStoryCaptures), never by the daily plan.
    const eligible = decision.due && r.media_type !== 'story';
    const fresh = r.insights_at !== null && r.insights_at.getTime() >= at.getTime() - FRESH_FOR_MS;
    const mine = result.get(r.id)!;
    mine.eligible ||= eligible;
    mine.due ||= eligible && !fresh;
  }
  return result;
}

/** Each post's stored schedule, in epoch milliseconds (null: not on the schedule). */
async function storedSchedule(w: World): Promise<Map<string, { next: number | null; until: number | null }>> {
  const rows = await sql<{ id: string; next: number | null; until: number | null }>`
    select id, (extract(epoch from insights_next_at) * 1000)::float8 as next, (extract(epoch from insights_until) * 1000)::float8 as until
    from media order by id`.execute(w.db);
  return new Map(rows.rows.map((r) => [r.id, { next: r.next === null ? null : Number(r.next), until: r.until === null ? null : Number(r.until) }]));
}

/** What the stored schedule says at `at` (a plan run then would queue `due`). */
function asStored(schedule: Awaited<ReturnType<typeof storedSchedule>>, at: Date): Judged {
  const t = at.getTime();
  return new Map(
    [...schedule].map(([id, { next, until }]) => [id, { eligible: next !== null && until !== null && until > t, due: next !== null && until !== null && next < t && until > t }]),
  );
}

/**
 * The instants where the answer can change, from now on, given the world as it is: each campaign's
 * window end (its start + 91 days, due + 46 days) and each reading's 20 hours, to the millisecond and
 * one before. Time alone moves the answer only there; no step of the history needs to land on them.
 */
function probes(rows: readonly Binding[], now: Date): Date[] {
  const edges = rows.flatMap((r) => [
    (r.started_at ?? r.created_at).getTime() + 91 * DAY,
    ...(r.due_date ? [r.due_date.getTime() + 46 * DAY] : []),
    ...(r.insights_at ? [r.insights_at.getTime() + FRESH_FOR_MS] : []),
  ]);
  const times = new Set([now.getTime(), ...edges.flatMap((e) => [e - 1, e, e + 1])].filter((t) => t >= now.getTime()));
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}

async function scheduleText(db: Tx, now: Date): Promise<Record<string, string>> {
  const rows = await sql<{ id: string; at: string }>`
    select id, insights_next_at::text || ' ' || insights_until::text as at from media where insights_until > ${now} order by id`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.id, r.at]));
}

/** Plays the steps, checking after each; returns which posts the stored schedule had due after each step. */
async function play(steps: Step[]): Promise<string[][]> {
  const dueAfter: string[][] = [];
  await storage.db
    .transaction()
    .execute(async (trx) => {
      await seedWorld(trx);
      const w: World = { db: trx, now: T0, posts: 0, events: 0 };
      for (const [i, s] of steps.entries()) {
        await apply(w, s);
        const rows = await bindings(w);
        const schedule = await storedSchedule(w);
        for (const at of probes(rows, w.now)) {
          expect(asStored(schedule, at), `after step ${i} ${JSON.stringify(s)} at ${w.now.toISOString()}, judged at ${at.toISOString()}`).toEqual(byTheRules(rows, at));
        }
        dueAfter.push([...asStored(schedule, w.now)].filter(([, p]) => p.due).map(([id]) => id));
      }
      const due = [...byTheRules(await bindings(w), w.now).values()].filter((p) => p.due).length;
      expect((await countDue(w.now).execute(trx)).rows[0]?.n).toBe(due);
      // The upgrade's backfill, from scratch, finds what the triggers kept.
      const kept = await scheduleText(trx, w.now);
      await sql`update media set insights_next_at = null, insights_until = null`.execute(trx);
      await sql.raw(BACKFILL_SCHEDULE).execute(trx);
      expect(await scheduleText(trx, w.now)).toEqual(kept);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return dueAfter;
}

describe('the stored insights schedule', () => {
  it('says what autoRefreshDecision says, after every step of random histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40, size: 'max' }), async (steps) => {
        await play(steps);
      }),
      { seed: SEED, numRuns: 100, endOnFailure: true },
    );
  }, 240_000);

  it('a post bound to a live campaign is due at once; read, it is not due again for 20 hours', async () => {
    const due = await play([
      { kind: 'bind', campaign: 0, media: 0, by: 'auto' },
      { kind: 'read', media: 0 },
      { kind: 'advance', ms: 20 * HOUR },
      { kind: 'advance', ms: 1 },
    ]);
    expect(due).toEqual([['m0a'], [], [], ['m0a']]);
  });

  it('a post stays on the schedule to the last millisecond of its campaign’s 90 days; the plan then takes it off', async () => {
    const due = await play([
      { kind: 'bind', campaign: 1, media: 1, by: 'manual' },
      { kind: 'edge', campaign: 1, window: 'started', offsetMs: -1 },
      { kind: 'plan' },
      { kind: 'edge', campaign: 1, window: 'started', offsetMs: 0 },
      { kind: 'plan' },
    ]);
    expect(due).toEqual([['m0b'], ['m0b'], ['m0b'], [], []]);
  });

  it('a disconnected channel’s posts leave the schedule and come back when it is reconnected; a self-reported post never joins', async () => {
    const due = await play([
      { kind: 'bind', campaign: 0, media: 4, by: 'auto' },
      { kind: 'bind', campaign: 0, media: 5, by: 'self_reported' },
      { kind: 'channel', connection: 1, status: 'disconnected' },
      { kind: 'channel', connection: 1, status: 'expiring' },
    ]);
    expect(due).toEqual([['m1a'], ['m1a'], [], ['m1a']]);
  });

  it('a second login to the same account makes a disconnected login’s posts due again, until it too is disconnected or removed', async () => {
    const due = await play([
      { kind: 'bind', campaign: 0, media: 0, by: 'auto' },
      { kind: 'channel', connection: 0, status: 'disconnected' },
      { kind: 'login', account: 'acct0', status: 'active' },
      { kind: 'channel', connection: 2, status: 'disconnected' },
      { kind: 'channel', connection: 2, status: 'expiring' },
      { kind: 'login', account: 'acct1', status: 'active' },
      { kind: 'login', account: 'acct0', status: 'active' },
      { kind: 'login', account: null, status: 'active' },
    ]);
    expect(due).toEqual([['m0a'], [], ['m0a'], [], ['m0a'], [], ['m0a'], []]);
  });

  it('another creator’s login to the same account reads nothing for this one', async () => {
    const due = await play([
      { kind: 'bind', campaign: 0, media: 4, by: 'auto' },
      { kind: 'channel', connection: 1, status: 'disconnected' },
      // con2 is the first creator's: on the second creator's account it is not a linked login.
      { kind: 'login', account: 'acct1', status: 'active' },
    ]);
    expect(due).toEqual([['m1a'], [], []]);
  });

  it('a campaign imported with a start later than its creation here counts its 90 days from the start', async () => {
    // cmp2 was created 200 days ago and its due date passed 40 days ago; its 91st day from creation is long gone.
    const due = await play([
      { kind: 'due', campaign: 2, days: -50 },
      { kind: 'bind', campaign: 2, media: 1, by: 'auto' },
      { kind: 'start', campaign: 2, daysAgo: 30 },
      { kind: 'edge', campaign: 2, window: 'started', offsetMs: -1 },
      { kind: 'edge', campaign: 2, window: 'started', offsetMs: 0 },
      { kind: 'start', campaign: 2, daysAgo: 0 },
      { kind: 'start', campaign: 2, daysAgo: null },
    ]);
    expect(due).toEqual([[], [], ['m0b'], ['m0b'], [], ['m0b'], []]);
  });
});

describe.skipIf(!postgresAdminUrl)('the stored insights schedule under concurrency (PostgreSQL: PGlite runs one transaction at a time)', () => {
  it('a post unbound from one campaign while its other campaign ends leaves the schedule: the second change waits for the first and sees it', async () => {
    const db = storage.db;
    await db.transaction().execute((trx) => seedWorld(trx));
    try {
      const now = T0;
      const bind = (campaignId: string, id: string) =>
        insertCampaignPosts(
          db,
          [
            {
              id,
              campaign_id: campaignId,
              workspace_id: WS,
              creator_id: 'cr0',
              media_id: 'm0a',
              connection_id: 'con0',
              network: 'instagram',
              permalink: null,
              bound_by: 'auto',
              flags: [],
              bound_at: now,
            },
          ],
          () => `evt_${id}`,
        );
      await bind('cmp0', 'cpA');
      await bind('cmp1', 'cpB');
      const { promise: gate, resolve: release } = Promise.withResolvers<void>();
      const { promise: unboundDone, resolve: unbound } = Promise.withResolvers<void>();
      // T1 unbinds A and holds its transaction open; meanwhile T2 ends campaign B. Each alone would leave
      // the post eligible through the other campaign, as each saw it when it started.
      const t1 = db.transaction().execute(async (trx) => {
        await unbindCampaignPost(trx, { campaignId: 'cmp0', id: 'cpA', now, eventId: 'evt_unbind' });
        unbound();
        await gate;
      });
      await unboundDone;
      const t2 = db.transaction().execute(async (trx) => {
        const { version } = await trx.selectFrom('campaigns').select('version').where('id', '=', 'cmp1').executeTakeFirstOrThrow();
        expect(await updateCampaign(trx, { id: 'cmp1', version, changes: { state: 'completed' }, now })).toBe(true);
      });
      // T2's recomputation waits for T1's lock on the post; let T1 commit, then T2 sees it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await Promise.all([t1, t2]);
      const row = await db.selectFrom('media').select(['insights_next_at', 'insights_until']).where('id', '=', 'm0a').executeTakeFirstOrThrow();
      expect(row).toEqual({ insights_next_at: null, insights_until: null });
    } finally {
      for (const table of ['campaign_posts', 'media', 'campaigns', 'connections', 'creators', 'brands'] as const)
        await db.deleteFrom(table).where('workspace_id', '=', WS).execute();
      await db.deleteFrom('workspaces').where('id', '=', WS).execute();
    }
  });

  it('two linked logins disconnected at once leave their post off the schedule: each alone would see the other still working', async () => {
    const db = storage.db;
    await db.transaction().execute((trx) => seedWorld(trx));
    try {
      const now = T0;
      await sql`insert into connections (id, workspace_id, creator_id, provider, login, account_id, status, scopes, connected_at, created_at, updated_at, network)
                values (${LINKED}, ${WS}, 'cr0', 'facebook', 'facebook_login', 'acct0', 'active', '{}', ${now}, ${now}, ${now}, 'instagram')`.execute(db);
      const post = { id: 'cpL', campaign_id: 'cmp0', workspace_id: WS, creator_id: 'cr0', media_id: 'm0a', connection_id: 'con0', network: 'instagram' };
      await insertCampaignPosts(db, [{ ...post, permalink: null, bound_by: 'auto', flags: [], bound_at: now }], () => 'evt_cpL');
      const disconnect = (trx: Tx, id: string) => trx.updateTable('connections').set({ status: 'disconnected' }).where('id', '=', id).execute();
      const { promise: gate, resolve: release } = Promise.withResolvers<void>();
      const { promise: firstDone, resolve: first } = Promise.withResolvers<void>();
      const t1 = db.transaction().execute(async (trx) => {
        await disconnect(trx, 'con0');
        first();
        await gate;
      });
      await firstDone;
      const t2 = db.transaction().execute((trx) => disconnect(trx, LINKED));
      // T2's recomputation waits for T1's lock on the post; let T1 commit, then T2 sees con0 disconnected too.
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await Promise.all([t1, t2]);
      const row = await db.selectFrom('media').select(['insights_next_at', 'insights_until']).where('id', '=', 'm0a').executeTakeFirstOrThrow();
      expect(row).toEqual({ insights_next_at: null, insights_until: null });
    } finally {
      for (const table of ['campaign_posts', 'media', 'campaigns', 'connections', 'creators', 'brands'] as const)
        await db.deleteFrom(table).where('workspace_id', '=', WS).execute();
      await db.deleteFrom('workspaces').where('id', '=', WS).execute();
    }
  });
});
