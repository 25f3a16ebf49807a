/**
 * Insights: each bound post's figures under the recency rules (the daily plan, the worker, story
 * captures), audience insights, every channel's own figures (account insights: the daily schedule, its
 * time series, the creator profile), the shared rate budgets and the rate-limited Refresh Insights button.
 * What other features may use: what the campaign views read (latest figures, a daily series, paused
 * posts, the button's state), the creator profile the portal pages show, and the plan's entry points.
 */
export { readAccountInsights } from './account-insights-run.ts';
export { type CreatorProfileView, creatorProfile, type ProfileChannelView } from './creator-profile.ts';
export { engagementRate } from './engagement.rules.ts';
export { dropUnboundTasks } from './insights.repo.ts';
export { insightsRefreshSchema, pausedChannelSchema, postMetricsSchema } from './insights.schemas.ts';
export { countDueInsights, planFirstReads, planInsights } from './insights-plan.ts';
export {
  campaignAudience,
  campaignTotals,
  type LatestMetrics,
  latestMetricsFor,
  metricsSeries,
  type PausedChannel,
  type PausedPost,
  pausedChannelsFor,
  pausedPostsAmong,
  type SeriesPoint,
} from './insights-read.repo.ts';
export { type InsightsRefreshView, insightsRefreshFor, refreshInsights } from './refresh-insights-button.ts';
