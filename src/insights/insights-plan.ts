/**
 * The automatic insights plan (daily by default, and once at start-up to catch up a missed day):
 * queues a task for every bound post due under the recency rules, a page of campaigns at a time
 * (keyset on the campaign id, so memory stays flat however many posts there are), each page one
 * set-based statement. Stories are planned separately and often: their figures vanish after a day.
 */
import { HOUR } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import type { Deps } from '../platform/deps.ts';
import { countDuePage, type PlanWindow, planAutoPage, planStoryCaptures, queueFirstReads } from './insights.repo.ts';
import { campaignIsRecent, RECENCY, recencyCutoffs, STORY_CAPTURE_AGES_MS, STORY_LIFETIME_MS } from './insights-recency.rules.ts';

/** A post captured less than this long ago is fresh enough for today's plan (a catch-up or a button press did it). */
export const FRESH_FOR_MS = 20 * HOUR;
const CAMPAIGNS_PER_PAGE = 500;

export interface PlanReport {
  pages: number;
  queued: number;
  stories: number;
}

function planWindow(now: Date): PlanWindow {
  return { now, ...recencyCutoffs(now), maxRank: RECENCY.maxRecentRank, staleBefore: new Date(now.getTime() - FRESH_FOR_MS) };
}

/** What the plan would queue now, counted, changing nothing (`channelkeeper insights --dry-run`). */
export async function countDueInsights(deps: Pick<Deps, 'db' | 'clock'>, options: { pageSize?: number } = {}): Promise<{ pages: number; due: number }> {
  const window = planWindow(deps.clock.now());
  let pages = 0;
  let due = 0;
  for (let after = ''; ; pages++) {
    const page = (await countDuePage(window, after, options.pageSize ?? CAMPAIGNS_PER_PAGE).execute(deps.db)).rows[0];
    if (!page?.last) break;
    due += Number(page.n);
    after = page.last;
  }
  return { pages, due };
}

export async function planInsights(deps: Deps, options: { pageSize?: number } = {}): Promise<PlanReport> {
  const now = deps.clock.now();
  const window = planWindow(now);
  const prefix = newId('ist', deps.clock);
  const report: PlanReport = { pages: 0, queued: 0, stories: 0 };
  let after = '';
  for (;;) {
    const page = await planAutoPage(deps.db, window, after, options.pageSize ?? CAMPAIGNS_PER_PAGE, `${prefix}p${report.pages}`);
    if (page.last === null) break;
    report.pages++;
    report.queued += page.queued;
    after = page.last;
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
