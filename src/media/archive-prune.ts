/**
 * Retention of the media archive, run with the daily prune (ops.jobs.ts, RETENTION_DAYS). A post's copy
 * is kept while a campaign that is not archived has it bound. Once it is unbound everywhere, or every
 * campaign holding it is archived, it is kept RETENTION_DAYS more (a brand's last look at a finished
 * report), then its files are deleted from the store and its rows from the database. A post that was
 * deleted (its creator asked for their data to be erased) loses its copies at the next prune.
 *
 * Each archive is first marked `pruning` (claimed under SKIP LOCKED, so two prunes split the work), then
 * its files are deleted, then its rows: a prune that dies half-way leaves rows marked `pruning`, which
 * no page serves and the next prune finishes.
 */
import { DAY } from '../kernel/clock.ts';
import type { Deps } from '../platform/deps.ts';
import { deletePruned, markPrunable, storedKeys } from './archive.repo.ts';

const BATCH = 100;
const MAX_BATCHES = 50;

export async function pruneMediaArchive(
  deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'mediaArchive'>,
  options: { retentionDays: number },
): Promise<{ archives: number; files: number }> {
  const report = { archives: 0, files: 0 };
  const store = deps.mediaArchive?.store;
  if (!store) return report;
  const cutoff = new Date(deps.clock.now().getTime() - options.retentionDays * DAY);
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const marked = await markPrunable(deps.db, { cutoff, limit: BATCH });
    for (const mediaId of marked) {
      const keys = await storedKeys(deps.db, mediaId);
      for (const key of keys) await store.remove(key);
      if (await deletePruned(deps.db, mediaId)) report.archives++;
      report.files += keys.length;
    }
    if (marked.length < BATCH) break;
  }
  if (report.archives > 0) deps.logger.info({ ...report, cutoff: cutoff.toISOString() }, 'media archive pruned');
  return report;
}
