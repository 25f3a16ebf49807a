/**
 * The refresh sweep: claims due connections in batches and refreshes them with bounded
 * concurrency. Run daily (REFRESH_CRON, and once at start-up to catch up), every few minutes for
 * retries only, and by `channelkeeper refresh [--now] [--dry-run]`.
 */

import { isConnectionFailure } from '../platform/db/connection-failure.ts';
import type { Deps } from '../platform/deps.ts';
import { refreshDecision } from '../providers/token-policy.ts';
import type { RefreshedToken } from './connections.repo.ts';
import { claimRefreshBatch, listDue, pausedProviders, releaseLease } from './refresh.repo.ts';
import { LEASE_SECONDS, type RefreshOutcome, refreshClaimed, tokenTimes } from './refresh-connection.ts';
import { RefreshStoreGroup } from './refresh-store-group.ts';

export interface SweepOptions {
  /** False: only connections whose retry is due (the frequent retry run). */
  includeScheduled: boolean;
  batchSize?: number;
  concurrency?: number;
}

export type SweepReport = Record<RefreshOutcome, number> & { claimed: number; seconds: number };

export async function runRefreshSweep(deps: Deps, options: SweepOptions): Promise<SweepReport> {
  const started = performance.now();
  const report: SweepReport = { claimed: 0, refreshed: 0, skipped: 0, retry_scheduled: 0, disconnected: 0, conflict: 0, paused: 0, seconds: 0 };
  const seen = new Set<string>();
  const paused = new Set<string>();
  const now = deps.clock.now();
  let lostDatabase: unknown;
  // Refreshes finishing together share a commit (and its change notice's lock: refresh-store-group.ts).
  const stores = new RefreshStoreGroup(deps, { maxSize: Math.min(16, options.concurrency ?? 16) });
  const store = (input: RefreshedToken) => stores.store(input);
  for (;;) {
    const batch = await claimRefreshBatch(deps.db, {
      owner: deps.instanceId,
      now,
      leaseSeconds: LEASE_SECONDS,
      limit: options.batchSize ?? 200,
      includeScheduled: options.includeScheduled,
      pausedProviders: await pausedProviders(deps.db, now),
    });
    const fresh = batch.filter((connection) => !seen.has(connection.id));
    // Should a row come back within the same sweep, hand it back instead of holding its lease.
    await Promise.all(batch.filter((connection) => seen.has(connection.id)).map((connection) => releaseLease(deps.db, connection.id, deps.instanceId)));
    if (fresh.length === 0) break;
    report.claimed += fresh.length;
    for (const connection of fresh) seen.add(connection.id);
    await forEachLimited(fresh, options.concurrency ?? 16, async (connection) => {
      const outcome = await refreshClaimed(deps, connection, paused, { store }).catch((error: unknown) => {
        // A lost database fails every connection in flight alike: the sweep fails once, and its job says so.
        if (isConnectionFailure(error)) lostDatabase ??= error;
        else deps.logger.error({ connectionId: connection.id, err: error instanceof Error ? error.message : String(error) }, 'refresh crashed');
        return 'skipped' as const;
      });
      report[outcome]++;
    });
    if (lostDatabase !== undefined) throw lostDatabase;
  }
  report.seconds = (performance.now() - started) / 1000;
  if (report.claimed > 0) deps.logger.info({ ...report }, 'refresh sweep finished');
  return report;
}

export interface PlannedRefresh {
  connectionId: string;
  provider: string;
  username: string | null;
  action: 'refresh' | 'expire' | 'skip';
  reason: string;
}

/**
 * What a sweep at `now` would do, changing nothing (`refresh --dry-run`): each due connection is handed
 * to `visit`, read a page at a time (keyset on the id), so a plan of a million channels needs no more
 * memory than one of a hundred. Returns how many were visited.
 */
export async function eachPlannedRefresh(deps: Pick<Deps, 'db' | 'clock' | 'policies'>, visit: (planned: PlannedRefresh) => void, pageSize = 1_000): Promise<number> {
  const now = deps.clock.now();
  let visited = 0;
  for (let after = ''; ; ) {
    const due = await listDue(deps.db, now, after, pageSize);
    for (const connection of due) {
      const policy = deps.policies[connection.provider];
      if (!policy) continue;
      const retryDue = connection.refreshRetryAt !== null && connection.refreshRetryAt <= now;
      const decision = refreshDecision(policy, tokenTimes(connection), now, retryDue);
      visit({ connectionId: connection.id, provider: connection.provider, username: connection.username, ...decision });
      visited++;
    }
    if (due.length < pageSize) return visited;
    after = due[due.length - 1]!.id;
  }
}

export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
