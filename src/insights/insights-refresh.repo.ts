/**
 * The Refresh Insights button's storage: one press wins by moving the campaign's cooldown forward in
 * a conditional UPDATE, and in the same transaction records the refresh and queues its tasks. Two
 * concurrent presses: the second UPDATE waits for the first's row lock, re-checks the condition and
 * matches nothing, so exactly one refresh is queued.
 */
import { type Selectable, sql } from 'kysely';
import type { DB, Tx } from '../platform/db/db.ts';
import { providerIdsWith } from '../providers/profiles.ts';
import { campaignDeliveryColumns, refreshCompletedDeliveries } from '../webhooks/index.ts';
import type { InsightsRefreshesTable } from './insights.table.ts';

export type InsightsRefreshRow = Selectable<InsightsRefreshesTable>;

/** Networks whose auto-bound posts the button refreshes: those whose profile has the Refresh Insights capability. */
export const BUTTON_NETWORKS = providerIdsWith('refreshInsights');

export type PressOutcome =
  | { status: 'queued'; refresh: InsightsRefreshRow; availableAt: Date }
  | { status: 'cooldown'; requestedAt: Date | null; availableAt: Date }
  | { status: 'not_found' };

export async function pressRefresh(
  db: DB,
  input: { workspaceId: string; campaignId: string; refreshId: string; taskPrefix: string; now: Date; availableAt: Date; eventId: string },
): Promise<PressOutcome> {
  return db.transaction().execute(async (trx) => {
    const won = await trx
      .updateTable('campaigns')
      .set({ insights_refresh_requested_at: input.now, insights_refresh_available_at: input.availableAt })
      .where('id', '=', input.campaignId)
      .where('workspace_id', '=', input.workspaceId)
      .where((eb) => eb.or([eb('insights_refresh_available_at', 'is', null), eb('insights_refresh_available_at', '<=', input.now)]))
      .returning('id')
      .executeTakeFirst();
    if (!won) {
      const campaign = await trx
        .selectFrom('campaigns')
        .select(['insights_refresh_requested_at', 'insights_refresh_available_at'])
        .where('id', '=', input.campaignId)
        .where('workspace_id', '=', input.workspaceId)
        .executeTakeFirst();
      if (!campaign?.insights_refresh_available_at) return { status: 'not_found' } as const;
      return { status: 'cooldown', requestedAt: campaign.insights_refresh_requested_at, availableAt: campaign.insights_refresh_available_at } as const;
    }
    await trx.insertInto('insights_refreshes').values({ id: input.refreshId, campaign_id: input.campaignId, requested_at: input.now, status: 'queued', total: 0 }).execute();
    const total = await queueButtonTasks(trx, input);
    const refresh = await trx
      .updateTable('insights_refreshes')
      .set({ total, ...(total === 0 ? { status: 'done' as const, finished_at: input.now } : {}) })
      .where('id', '=', input.refreshId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Nothing to read: done at once, so its webhook goes now (a worker will never finish it).
    if (total === 0) {
      await sql`insert into webhook_deliveries ${campaignDeliveryColumns} ${refreshCompletedDeliveries('insights_refreshes', new Map([[input.refreshId, input.eventId]]), input.now)}`.execute(
        trx,
      );
    }
    return { status: 'queued', refresh, availableAt: input.availableAt } as const;
  });
}

/**
 * One task per post of a network with Refresh Insights (BUTTON_NETWORKS) auto-bound to the campaign, whatever its state
 * or recency. A post that already has an open task (an automatic one) joins this refresh, due now.
 */
async function queueButtonTasks(trx: Tx, input: { campaignId: string; refreshId: string; taskPrefix: string; now: Date }): Promise<number> {
  const queued = await sql<{ n: number }>`
    with posts as (
      select distinct m.id as media_id, m.connection_id, m.network
      from campaign_posts p join media m on m.id = p.media_id
      where p.campaign_id = ${input.campaignId} and p.status = 'bound' and p.bound_by = 'auto'
        and m.network in (${sql.join([...BUTTON_NETWORKS])})
    ), upserted as (
      insert into insight_tasks (id, media_id, connection_id, network, reason, refresh_id, status, run_after, created_at)
      select ${input.taskPrefix} || '_' || md5(media_id), media_id, connection_id, network, 'manual', ${input.refreshId}, 'queued', ${input.now}, ${input.now} from posts
      on conflict (media_id) where status in ('queued', 'running', 'paused')
      do update set refresh_id = excluded.refresh_id, reason = 'manual', run_after = least(insight_tasks.run_after, excluded.run_after)
      returning 1
    )
    select count(*)::int as n from upserted`.execute(trx);
  return Number(queued.rows[0]?.n ?? 0);
}

export interface RefreshState {
  lastRequestedAt: Date | null;
  availableAt: Date | null;
  refresh: InsightsRefreshRow | undefined;
  paused: number;
}

/** The campaign's cooldown and its latest refresh with live counts; undefined: no such campaign. */
export async function refreshState(db: DB, workspaceId: string, campaignId: string): Promise<RefreshState | undefined> {
  const campaign = await db
    .selectFrom('campaigns')
    .select(['insights_refresh_requested_at', 'insights_refresh_available_at'])
    .where('id', '=', campaignId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!campaign) return undefined;
  const refresh = await db.selectFrom('insights_refreshes').selectAll().where('campaign_id', '=', campaignId).orderBy('requested_at', 'desc').limit(1).executeTakeFirst();
  let paused = 0;
  // A done refresh's counts are final on its row (its tasks are pruned a week later); a running one's are counted live.
  if (refresh && refresh.status !== 'done') {
    const counts = await sql<{ completed: number; failed: number; paused: number }>`
      select count(*) filter (where status = 'done')::int as completed, count(*) filter (where status = 'failed')::int as failed,
             count(*) filter (where status = 'paused')::int as paused
      from insight_tasks where refresh_id = ${refresh.id}`.execute(db);
    const row = counts.rows[0];
    paused = Number(row?.paused ?? 0);
    refresh.completed = Number(row?.completed ?? refresh.completed);
    refresh.failed = Number(row?.failed ?? refresh.failed);
  }
  return { lastRequestedAt: campaign.insights_refresh_requested_at, availableAt: campaign.insights_refresh_available_at, refresh, paused };
}
