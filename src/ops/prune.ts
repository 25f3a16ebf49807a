/**
 * Retention: deletes finished work older than RETENTION_DAYS (daily, ops.jobs.ts). Each table is
 * emptied in small batches, each its own statement, so no prune holds many locks or a long
 * transaction while the workers run; what stays whatever its age is listed in
 * src/ops/prune.repo.ts.
 */
import { DAY } from '../kernel/clock.ts';
import type { Deps } from '../platform/deps.ts';
import { deleteFinishedBatch, type PruneTarget, pruneTargets } from './prune.repo.ts';

export interface PruneOptions {
  retentionDays: number;
  /** Rows per delete statement. */
  batchSize?: number;
  /** Statements per table per run: a backlog is worked off over several days rather than in one long run. */
  maxBatches?: number;
}

export type PruneReport = Record<PruneTarget, number>;

const BATCH_SIZE = 500;
const MAX_BATCHES = 200;

export async function pruneFinishedWork(deps: Pick<Deps, 'db' | 'clock' | 'logger'>, options: PruneOptions): Promise<PruneReport> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY);
  const limit = options.batchSize ?? BATCH_SIZE;
  const report = Object.fromEntries(pruneTargets.map((target) => [target, 0])) as PruneReport;
  // In list order: sessions after the OAuth states that reference them, grants after the sessions.
  for (const target of pruneTargets) {
    for (let batch = 0; batch < (options.maxBatches ?? MAX_BATCHES); batch++) {
      const deleted = await deleteFinishedBatch(deps.db, target, cutoff, limit, now);
      report[target] += deleted;
      // A short batch: nothing left, or the rest is locked by another prune, which deletes it.
      if (deleted < limit) break;
    }
  }
  deps.logger.info({ cutoff: cutoff.toISOString(), ...report }, 'prune done');
  return report;
}
