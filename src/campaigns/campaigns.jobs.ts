/** Live campaigns' creators get their posts read again on a schedule, so new posts bind while the campaign runs. */
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import { queueCampaignSyncs } from './campaign-sync-sweep.ts';

export function campaignJobs(deps: Deps): Job[] {
  // Each connection is synced at most hourly (CAMPAIGN_SYNC); a 15-minute sweep keeps stories within their 24 hours with room to spare.
  return [{ name: 'campaign-syncs', cron: '*/15 * * * *', run: () => queueCampaignSyncs(deps) }];
}
