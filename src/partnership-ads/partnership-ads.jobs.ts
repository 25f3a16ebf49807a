/** The Partnership Ads sweep: reminders, approvals that end, and the daily check of consent tokens. */
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import { runPartnershipSweep } from './partnership-sweep.ts';

export function partnershipAdJobs(deps: Deps): Job[] {
  // Hourly: a reminder due after 3 days or an approval ending goes out within the hour; tokens are checked daily inside it.
  return [{ name: 'partnership-ads', cron: '20 * * * *', atStart: true, run: () => runPartnershipSweep(deps) }];
}
