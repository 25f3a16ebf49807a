/** The connections feature's schedules: the daily refresh (with the expiry watch), its retries, and the verify sweep. */
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import { watchExpiries } from './expiry-watch.ts';
import { runRefreshSweep } from './refresh-sweep.ts';
import { verifyConnections } from './verify-connections.ts';

export function connectionJobs(deps: Deps, schedules: { refreshCron: string; verifyCron: string }): Job[] {
  // Refreshes queue webhooks without a commit hook of their own: wake the webhook worker after each sweep.
  const thenWebhooks =
    <T>(run: () => Promise<T>) =>
    async () => {
      const result = await run();
      deps.onWebhookQueued?.();
      return result;
    };
  return [
    // The refresh first: a grant it extends is no longer expiring.
    {
      name: 'refresh-daily',
      cron: schedules.refreshCron,
      atStart: true,
      run: thenWebhooks(async () => ({ refresh: await runRefreshSweep(deps, { includeScheduled: true }), expiries: await watchExpiries(deps) })),
    },
    { name: 'refresh-retries', cron: '*/5 * * * *', run: thenWebhooks(() => runRefreshSweep(deps, { includeScheduled: false })) },
    { name: 'verify-connections', cron: schedules.verifyCron, run: () => verifyConnections(deps) },
  ];
}
