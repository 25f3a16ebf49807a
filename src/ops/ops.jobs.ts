/** Finished work (sent emails, delivered webhooks, done tasks, old events) is pruned on a schedule. */
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import { pruneFinishedWork } from './prune.ts';

export function opsJobs(deps: Deps, options: { pruneCron: string; retentionDays: number }): Job[] {
  return [{ name: 'prune-finished-work', cron: options.pruneCron, run: () => pruneFinishedWork(deps, { retentionDays: options.retentionDays }) }];
}
