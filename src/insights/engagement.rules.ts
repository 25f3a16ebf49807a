/**
 * One engagement rate for every network (docs/api.md#insights-schema):
 *   interactions ÷ views, where
 *   interactions = the network's own total where it gives one (Instagram total_interactions), else the
 *                  sum of whichever of likes, comments, saves and shares the network reports;
 *   views        = views, or reach where the network reports no views.
 * null when there are no interactions reported, or no (or zero) views and reach: never a made-up 0.
 * A ratio: 0.052 means 5.2 %.
 */
import type { MediaMetrics } from '../providers/provider.ts';

export function interactionsOf(metrics: MediaMetrics): number | null {
  if (metrics.totalInteractions !== null) return metrics.totalInteractions;
  const parts = [metrics.likes, metrics.comments, metrics.saves, metrics.shares].filter((n): n is number => n !== null);
  return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0);
}

export function engagementRate(metrics: MediaMetrics): number | null {
  const interactions = interactionsOf(metrics);
  const denominator = metrics.views ?? metrics.reach;
  if (interactions === null || denominator === null || denominator <= 0) return null;
  return interactions / denominator;
}
