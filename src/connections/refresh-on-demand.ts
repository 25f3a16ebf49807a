/**
 * Refreshes one connection now, when its access token is about to lapse as it is handed out (TikTok,
 * Google and Pinterest access tokens live hours, not weeks). Single-flighted across processes by the
 * same lease the sweep uses: whoever holds it refreshes, everyone else waits for that result instead
 * of spending the refresh token a second time.
 */

import type { Deps } from '../platform/deps.ts';
import { claimConnection, releaseLease } from './refresh.repo.ts';
import { LEASE_SECONDS, type RefreshOutcome, refreshClaimed } from './refresh-connection.ts';

const POLL_MS = 50;

/** True while the access token still needs a refresh (re-checked after the claim: another process may have done it). */
export type StaleCheck = (connection: { tokenExpiresAt: Date | null }) => boolean;

export async function refreshOnDemand(deps: Deps, connectionId: string, stillStale: StaleCheck, waitMs = 15_000): Promise<RefreshOutcome | 'busy'> {
  // Real time on purpose: this waits for another process's provider call, not for a domain instant.
  const deadline = performance.now() + waitMs;
  for (;;) {
    const claimed = await claimConnection(deps.db, connectionId, deps.instanceId, LEASE_SECONDS);
    if (claimed) {
      if (!stillStale(claimed)) {
        await releaseLease(deps.db, claimed.id, deps.instanceId);
        return 'skipped';
      }
      return refreshClaimed(deps, claimed, new Set(), { force: true });
    }
    if (performance.now() >= deadline) return 'busy';
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
