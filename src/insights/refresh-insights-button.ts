/**
 * The Refresh Insights button: queues a refresh of every post of the networks with Refresh Insights
 * auto-bound to the campaign, whatever its state or the recency rules, at most once per 12 hours
 * per campaign (two concurrent presses queue one). The worker spreads the calls under the budgets.
 */
import { HOUR } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import type { DB } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { pressRefresh, refreshState } from './insights-refresh.repo.ts';

export const REFRESH_COOLDOWN_MS = 12 * HOUR;

export interface InsightsRefreshView {
  lastRequestedAt: string | null;
  availableAt: string | null;
  status: 'available' | 'queued' | 'running' | 'done';
  progress: { total: number; completed: number; failed: number; paused: number };
}

export async function refreshInsights(deps: Deps, workspaceId: string, campaignId: string): Promise<Result<{ refreshId: string; insightsRefresh: InsightsRefreshView }>> {
  const now = deps.clock.now();
  const outcome = await pressRefresh(deps.db, {
    workspaceId,
    campaignId,
    refreshId: newId('irf', deps.clock),
    eventId: newId('evt', deps.clock),
    taskPrefix: newId('ist', deps.clock),
    now,
    availableAt: new Date(now.getTime() + REFRESH_COOLDOWN_MS),
  });
  if (outcome.status === 'not_found') return fail('not_found', 'There is no campaign with this id in this workspace.');
  if (outcome.status === 'cooldown') {
    const retryAt = outcome.availableAt.toISOString();
    return fail('insights_refresh_cooldown', `Insights were refreshed at ${outcome.requestedAt?.toISOString()}; the button is available again at ${retryAt}.`, {
      retryAt,
      lastRequestedAt: outcome.requestedAt?.toISOString() ?? null,
    });
  }
  deps.onInsightsQueued?.();
  deps.logger.info({ campaignId, refreshId: outcome.refresh.id, total: outcome.refresh.total }, 'insights refresh queued');
  const view = await insightsRefreshFor(deps.db, workspaceId, campaignId, now);
  return ok({ refreshId: outcome.refresh.id, insightsRefresh: view! });
}

/** The campaign's `insightsRefresh` (also shown on GET /v1/campaigns/:id); undefined: no such campaign. */
export async function insightsRefreshFor(db: DB, workspaceId: string, campaignId: string, now: Date): Promise<InsightsRefreshView | undefined> {
  const state = await refreshState(db, workspaceId, campaignId);
  if (!state) return undefined;
  const refresh = state.refresh;
  const coolingDown = state.availableAt !== null && state.availableAt > now;
  const status = refresh && (refresh.status !== 'done' || coolingDown) ? refresh.status : 'available';
  return {
    lastRequestedAt: state.lastRequestedAt?.toISOString() ?? null,
    availableAt: state.availableAt?.toISOString() ?? null,
    status,
    progress: { total: refresh?.total ?? 0, completed: refresh?.completed ?? 0, failed: refresh?.failed ?? 0, paused: state.paused },
  };
}
