/**
 * The insights schedules: the daily plan, the every-minute worker (with story captures), the hourly audience
 * reads of campaign participants, and every channel's own figures and audience (account insights).
 */
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import type { RateLimits } from '../providers/rate-limits.ts';
import { readAccountInsights } from './account-insights-run.ts';
import { refreshAudiences } from './audience.ts';
import { planInsights, planStories } from './insights-plan.ts';
import { runInsightTasks } from './insights-worker.ts';

export const INSIGHTS_JOB = 'refresh-insights';

export function insightsJobs(deps: Deps, options: { insightsCron: string; limits: RateLimits }): Job[] {
  const { limits } = options;
  return [
    // The plan skips posts captured in the last 20 h, so a catch-up right after a run costs nothing.
    { name: 'plan-insights', cron: options.insightsCron, atStart: true, run: () => planInsights(deps) },
    // Stories are planned every minute too: their capture times (6 h, 12 h, …) must not wait for the daily plan.
    { name: INSIGHTS_JOB, cron: '* * * * *', run: async () => ({ stories: await planStories(deps), tasks: await runInsightTasks(deps, { limits }) }) },
    // Hourly: each run reads what fell due since (100,000 channels a week is ~600 an hour).
    { name: 'refresh-audience', cron: '45 * * * *', atStart: true, run: () => refreshAudiences(deps, { limits }) },
    // Every 10 minutes: each channel has its slot of the day (account-schedule.rules.ts), so a run reads ~1/120 of them.
    { name: 'account-insights', cron: '*/10 * * * *', atStart: true, run: () => readAccountInsights(deps, { limits }) },
  ];
}
