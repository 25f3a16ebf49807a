/**
 * Finished work (sent emails, delivered webhooks, done tasks, old events) is pruned on a schedule, and
 * with it the media archive's copies no campaign needs any more (media/archive-prune.ts).
 */
import { pruneMediaArchive } from '../media/index.ts';
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import { pruneFinishedWork } from './prune.ts';

export function opsJobs(deps: Deps, options: { pruneCron: string; retentionDays: number }): Job[] {
  return [
    {
      name: 'prune-finished-work',
      cron: options.pruneCron,
      run: async () => ({
        ...(await pruneFinishedWork(deps, { retentionDays: options.retentionDays })),
        media_archives: await pruneMediaArchive(deps, { retentionDays: options.retentionDays }),
      }),
    },
  ];
}
