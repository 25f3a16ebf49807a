/**
 * The automatic insights plan (daily by default, and once at start-up to catch up a missed day):
 * queues a task for every bound post whose stored next reading is due (media.insights_next_at, kept
 * by the recency rules in the transaction of every change that moves it: migration 034), a page of
 * posts at a time in the order of the partial index, so its cost follows what is due, not what is
 * bound, and memory stays flat. Stories are planned separately and often: their figures vanish after a day.
 */
import { HOUR } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import type { Deps } from '../platform/deps.ts';
import { countDue, PLAN_START, planAutoPage, planStoryCaptures, queueFirstReads } from './insights.repo.ts';
import { campaignIsRecent, RECENCY, recencyCutoffs, STORY_CAPTURE_AGES_MS, STORY_LIFETIME_MS } from './insights-recency.rules.ts';

/**
 * A post captured less than this long ago is fresh enough for today's plan (a catch-up or a button
 * press did it). Migration 034 stores each post's next reading this long after its latest capture.
 */
export const FRESH_FOR_MS = 20 * HOUR;
const POSTS_PER_PAGE = 5_000;

export interface PlanReport {
  pages: number;
  queued: number;
  /** Posts found past their campaigns' recency window, taken off the schedule. */
  lapsed: number;
  stories: number;
}

/** What the plan would queue now, counted, changing nothing (`channelkeeper insights --dry-run`). */
export async function countDueInsights(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ due: number }> {
  const row = (await countDue(deps.clock.now()).execute(deps.db)).rows[0];
  return { due: Number(row?.n ?? 0) };
}

export async function planInsights(deps: Deps, options: { pageSize?: number } = {}): Promise<PlanReport> {
  const now = deps.clock.now();
  const prefix = newId('ist', deps.clock);
  const report: PlanReport = { pages: 0, queued: 0, lapsed: 0, stories: 0 };
  for (let after = PLAN_START; ; ) {
    const page = await planAutoPage(deps.db, now, after, options.pageSize ?? POSTS_PER_PAGE, `${prefix}p${report.pages}`);
    if (page.next === null) break;
    report.pages++;
    report.queued += page.queued;
    report.lapsed += page.lapsed;
    after = page.next;
  }
  report.stories = await planStories(deps, prefix);
  if (report.queued + report.stories > 0) deps.onInsightsQueued?.();
  deps.logger.info({ ...report }, 'insights plan done');
  return report;
}

/** Queues each live story's next capture (6 h, 12 h, 18 h and 23 h after it was published). */
export async function planStories(deps: Deps, prefix = newId('ist', deps.clock)): Promise<number> {
  const now = deps.clock.now();
  return planStoryCaptures(deps.db, {
    now,
    ...recencyCutoffs(now),
    lifetimeSeconds: STORY_LIFETIME_MS / 1000,
    ages: STORY_CAPTURE_AGES_MS.map((ms) => ms / 1000),
    newTaskId: `${prefix}s`,
  });
}

/**
 * Posts just bound to a live campaign are read at once (queued now, the insights worker kicked)
 * when the daily plan would read them and they were never read: a brand sees figures within
 * minutes of the post binding, not the next day. Later readings follow the daily plan.
 */
export async function planFirstReads(
  deps: Pick<Deps, 'db' | 'clock' | 'onInsightsQueued'>,
  campaign: { state: string; started_at: Date | null; created_at: Date; due_date: Date | null },
  mediaIds: readonly string[],
): Promise<number> {
  const now = deps.clock.now();
  if (campaign.state !== 'live' || !campaignIsRecent({ startedAt: campaign.started_at ?? campaign.created_at, dueDate: campaign.due_date }, now)) return 0;
  const queued = await queueFirstReads(deps.db, { mediaIds, now, maxRank: RECENCY.maxRecentRank, newTaskId: newId('ist', deps.clock) });
  if (queued > 0) deps.onInsightsQueued?.();
  return queued;
}
