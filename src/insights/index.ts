/**
 * What the campaign views (GET /v1/campaigns/:id, the Campaign Performance page) read of insights,
 * in one place: each post's latest figures, a daily series for the chart, the posts whose refresh is
 * paused with their channel's reason, and the Refresh Insights button's state.
 */
export { latestMetricsFor, metricsSeries, pausedChannelsFor, pausedPostsAmong, type LatestMetrics, type PausedChannel, type PausedPost, type SeriesPoint } from './insights-read.repo.ts';
export { insightsRefreshFor, type InsightsRefreshView } from './refresh-insights-button.ts';
