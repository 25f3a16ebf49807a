/**
 * Scheduled syncs while a campaign is live. Stories live 24 hours and the feed changes daily, so
 * every active connection of a creator taking part (past `applied`) in a live campaign gets a
 * `scheduled` sync at most once an hour: a cheap stories-only run when its feed was read in the last
 * 6 hours, else a full one. A network without stories is synced every 6 hours. Queueing is
 * idempotent: the partial unique index allows one open sync per connection, so two sweeps at once, or
 * a sweep beside a manual request, queue one.
 */
import { HOUR } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import { queueMediaSync } from '../media/index.ts';
import type { Deps } from '../platform/deps.ts';
import { campaignConnectionsDue } from './campaigns.repo.ts';

export const CAMPAIGN_SYNC = { everyMs: HOUR, feedEveryMs: 6 * HOUR } as const;
const BATCH = 500;
const MAX_BATCHES = 20;

export async function queueCampaignSyncs(deps: Deps): Promise<{ queued: number }> {
  const now = deps.clock.now();
  const storyProviders = deps.providers
    .all()
    .filter((provider) => typeof provider.listStories === 'function')
    .map((provider) => provider.id);
  let queued = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const due = await campaignConnectionsDue(deps.db, {
      now,
      everyMs: CAMPAIGN_SYNC.everyMs,
      feedSince: new Date(now.getTime() - CAMPAIGN_SYNC.feedEveryMs),
      storyProviders,
      limit: BATCH,
    });
    let added = 0;
    for (const connection of due) {
      const row = await queueMediaSync(deps.db, {
        id: newId('msy', deps.clock),
        connectionId: connection.id,
        reason: 'scheduled',
        now,
        scope: connection.feed_fresh ? 'stories' : 'full',
      });
      if (row) added++;
    }
    queued += added;
    // Rows skipped (an open sync exists) would come back: stop when a batch queued nothing new.
    if (due.length < BATCH || added === 0) break;
  }
  if (queued > 0) {
    deps.logger.info({ queued }, 'campaign syncs queued');
    deps.onMediaSyncQueued?.();
  }
  return { queued };
}
