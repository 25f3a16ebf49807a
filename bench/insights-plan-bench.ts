/**
 * The automatic insights plan at scale: 10,000 campaigns, 100,000 creators (one channel
 * each), 1,000,000 posts bound to campaigns, seeded on PostgreSQL with generate_series. Prints:
 * the time to compute the due posts (the plan's select, every page), the time of the whole plan
 * (select + enqueue, as the daily job runs it), EXPLAIN (ANALYZE) of one page showing the indexes
 * used, and two baselines measured in the same run: the same plan without the partial indexes, and a
 * naive loop that reads each live campaign's posts and applies the pure rules in JavaScript.
 * Memory: the plan pages through campaigns (keyset), so the process's heap stays flat.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:insights
 *   BENCH_SCALE=0.1 …   # a tenth of the volume
 */
import { sql } from 'kysely';
import { countDuePage } from '../src/insights/insights.repo.ts';
import { planInsights } from '../src/insights/insights-plan.ts';
import { autoRefreshDecision, RECENCY, recencyCutoffs } from '../src/insights/insights-recency.rules.ts';
import { ManualClock } from '../src/kernel/clock.ts';
import type { DB } from '../src/platform/db/db.ts';
import { ensureWorkspaceForApiKey } from '../src/platform/workspaces.repo.ts';
import { createBenchDatabase } from './lib/database.ts';
import { createBenchSystem } from './lib/system.ts';

/** Thrown to roll the baseline's index drops back. */
class RolledBack extends Error {}

const NOW = new Date('2026-06-01T02:00:00Z');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const scale = Number(process.env.BENCH_SCALE ?? '1');
const CAMPAIGNS = Math.round(10_000 * scale);
const CREATORS = Math.round(100_000 * scale);
const POSTS = Math.round(1_000_000 * scale);

const database = await createBenchDatabase('postgres', adminUrl);
const clock = new ManualClock(NOW);
const system = await createBenchSystem({ database: database.location(), clock, logLevel: 'error' });
const db = system.deps.db;
const ms = (started: number) => `${(performance.now() - started).toFixed(0)} ms`;
const heapMb = () => `${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB heap`;
try {
  const workspace = await ensureWorkspaceForApiKey(db, clock, 'ck_bench_insights_key_0123456789', 'Bench');
  let started = performance.now();
  await seed(db, workspace.id);
  console.log(`seeded ${CAMPAIGNS.toLocaleString('en')} campaigns, ${CREATORS.toLocaleString('en')} creators, ${POSTS.toLocaleString('en')} bound posts in ${ms(started)}`);

  started = performance.now();
  const due = await countDue(db);
  console.log(`compute due posts (plan select, all pages, indexed): ${due.toLocaleString('en')} due in ${ms(started)}`);
  console.log('EXPLAIN (ANALYZE) of one page of the plan:');
  for (const line of await explainPage(db)) console.log(`  ${line}`);

  started = performance.now();
  console.log(`before plan: ${heapMb()}`);
  const report = await planInsights(system.deps);
  console.log(`plan (select + enqueue, ${report.pages} pages): ${report.queued.toLocaleString('en')} tasks queued in ${ms(started)}; after: ${heapMb()}`);
  started = performance.now();
  const again = await planInsights(system.deps);
  console.log(`plan again (idempotent, all already queued): ${again.queued} queued in ${ms(started)}`);

  await baselineWithoutPartialIndexes(db);
  await baselineNaiveLoop(db);
} finally {
  await system.close();
  await database.drop();
}

async function seed(db: DB, workspaceId: string): Promise<void> {
  const now = NOW.toISOString();
  const statements = [
    `insert into creators (workspace_id, id, email, name, created_at, updated_at)
       select '${workspaceId}', 'cr' || g, null, null, '${now}', '${now}' from generate_series(1, ${CREATORS}) g`,
    // 3 % of channels disconnected.
    `insert into connections (id, workspace_id, creator_id, provider, login, account_id, status, status_reason, scopes, connected_at, created_at, updated_at, network)
       select 'con' || g, '${workspaceId}', 'cr' || g, 'instagram', 'instagram_login', 'acct' || g,
              case when g % 33 = 0 then 'disconnected' else 'active' end, case when g % 33 = 0 then 'password_changed' end,
              '{}', '${now}', '${now}', '${now}', 'instagram' from generate_series(1, ${CREATORS}) g`,
    `insert into brands (workspace_id, id, name, created_at, updated_at) values ('${workspaceId}', 'b1', 'Brand', '${now}', '${now}')`,
    // Campaigns over three years; 40 % live; due dates from 30 days ahead to 150 days ago.
    `insert into campaigns (id, workspace_id, brand_id, name, state, binding_hashtag, hashtag_key, networks, due_date, created_at, updated_at)
       select 'cmp' || lpad(g::text, 6, '0'), '${workspaceId}', 'b1', 'C' || g,
              (array['live','live','live','live','completed','completed','completed','archived','draft','completed'])[g % 10 + 1],
              '#c' || g, 'c' || g, '{instagram}', '${now}'::timestamptz - make_interval(days => (g * 7) % 180 - 30),
              '${now}'::timestamptz - make_interval(days => g % 1095), '${now}' from generate_series(1, ${CAMPAIGNS}) g`,
    // Ten posts per channel, ranks 1..136 (some beyond 100), 5 % unranked.
    `insert into media (id, workspace_id, connection_id, provider_media_id, network, media_type, caption, permalink, published_at, media_url, thumbnail_url, first_seen_at, last_seen_at, recent_rank)
       select 'm' || g, '${workspaceId}', 'con' || ((g - 1) / 10 + 1), 'p' || g, 'instagram', 'image', null, null, '${now}', null, null, '${now}', '${now}',
              case when g % 20 = 0 then null else ((g - 1) % 10) * 15 + 1 end from generate_series(1, ${POSTS}) g`,
    // Each post bound to one campaign; 5 % self-reported, 2 % unbound.
    `insert into campaign_posts (id, campaign_id, workspace_id, creator_id, media_id, connection_id, network, permalink, bound_by, status, bound_at)
       select 'cp' || g, 'cmp' || lpad(((g::bigint * 7919) % ${CAMPAIGNS} + 1)::text, 6, '0'), '${workspaceId}', 'cr' || ((g - 1) / 10 + 1), 'm' || g, 'con' || ((g - 1) / 10 + 1),
              'instagram', null, case when g % 20 = 7 then 'self_reported' when g % 9 = 0 then 'manual' else 'auto' end,
              case when g % 50 = 3 then 'unbound' else 'bound' end, '${now}' from generate_series(1, ${POSTS}) g`,
    'vacuum analyze',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

function planWindow() {
  return { ...recencyCutoffs(NOW), staleBefore: new Date(NOW.getTime() - 20 * 3600_000) };
}

function pageSelect(after: string, pageSize: number) {
  return countDuePage({ now: NOW, ...planWindow(), maxRank: RECENCY.maxRecentRank }, after, pageSize);
}

async function countDue(db: DB): Promise<number> {
  let after = '';
  let total = 0;
  for (;;) {
    const row = (await pageSelect(after, 500).execute(db)).rows[0] as { last: string | null; n: number };
    if (!row.last) return total;
    total += row.n;
    after = row.last;
  }
}

async function explainPage(db: DB): Promise<string[]> {
  const query = pageSelect('', 500).compile(db);
  const result = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, costs off) ${sql.raw(inline(query.sql, query.parameters))}`.execute(db);
  return result.rows.map((r) => r['QUERY PLAN']);
}

/** EXPLAIN takes no bind parameters through the extended protocol here; the values are ours (dates, numbers). */
function inline(text: string, params: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, i: string) => {
    const v = params[Number(i) - 1];
    return v instanceof Date ? `'${v.toISOString()}'::timestamptz` : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  });
}

async function baselineWithoutPartialIndexes(db: DB): Promise<void> {
  // DDL is transactional in PostgreSQL: drop the plan's partial indexes, measure, roll back.
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`drop index campaign_posts_auto_plan`.execute(trx);
      await sql`drop index media_recent_ranked`.execute(trx);
      await sql`drop index campaign_posts_by_campaign`.execute(trx);
      await sql`drop index campaigns_live_recency`.execute(trx);
      const started = performance.now();
      const due = await countDue(trx as unknown as DB);
      console.log(`baseline, same select without the partial indexes: ${due.toLocaleString('en')} due in ${ms(started)}`);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
}

async function baselineNaiveLoop(db: DB): Promise<void> {
  const started = performance.now();
  const campaigns = await db.selectFrom('campaigns').select(['id', 'state', 'created_at', 'due_date']).where('state', '=', 'live').execute();
  let due = 0;
  for (const campaign of campaigns) {
    const posts = await db
      .selectFrom('campaign_posts as p')
      .innerJoin('media as m', 'm.id', 'p.media_id')
      .innerJoin('connections as k', 'k.id', 'm.connection_id')
      .select(['m.recent_rank', 'p.bound_by', 'm.media_type', 'm.published_at', 'k.status', 'k.status_reason'])
      .where('p.campaign_id', '=', campaign.id)
      .where('p.status', '=', 'bound')
      .execute();
    for (const post of posts) {
      const decision = autoRefreshDecision({
        campaign: { state: campaign.state, startedAt: campaign.created_at, dueDate: campaign.due_date },
        post: { recentRank: post.recent_rank, boundBy: post.bound_by, mediaType: post.media_type, publishedAt: post.published_at },
        connectionStatus: { status: post.status, reason: post.status_reason },
        now: NOW,
      });
      if (decision.due) due++;
    }
  }
  console.log(
    `baseline, naive loop over ${campaigns.length.toLocaleString('en')} live campaigns with the rules in JavaScript: ${due.toLocaleString('en')} due in ${ms(started)} (one query per campaign)`,
  );
}
