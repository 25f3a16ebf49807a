/**
 * Media syncs run every minute, and right after the commit that queued one (deps.onMediaSyncQueued kicks
 * this); so do media archive copies (deps.onMediaArchiveQueued, after posts are bound).
 */
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import { runMediaArchives } from './archive-worker.ts';
import { runMediaSyncs } from './media-sync.ts';

export const MEDIA_SYNC_JOB = 'sync-media';
export const MEDIA_ARCHIVE_JOB = 'archive-media';

export function mediaJobs(deps: Deps): Job[] {
  // A sync that finds its channel's access revoked disconnects it through markDisconnected, which wakes the email and webhook workers.
  return [
    { name: MEDIA_SYNC_JOB, cron: '* * * * *', atStart: true, run: () => runMediaSyncs(deps) },
    { name: MEDIA_ARCHIVE_JOB, cron: '* * * * *', atStart: true, run: () => runMediaArchives(deps) },
  ];
}
