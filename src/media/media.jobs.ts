/** Media syncs run every minute, and right after the commit that queued one (deps.onMediaSyncQueued kicks this). */
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import { runMediaSyncs } from './media-sync.ts';

export const MEDIA_SYNC_JOB = 'sync-media';

export function mediaJobs(deps: Deps): Job[] {
  // A sync that finds its channel's access revoked disconnects it through markDisconnected, which wakes the email and webhook workers.
  return [{ name: MEDIA_SYNC_JOB, cron: '* * * * *', atStart: true, run: () => runMediaSyncs(deps) }];
}
