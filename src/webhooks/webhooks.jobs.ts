/** Webhooks leave every minute, and right after the commit that queued one (deps.onWebhookQueued kicks this). */
import type { Deps } from '../platform/deps.ts';
import type { Job } from '../platform/queue.ts';
import { dispatchWebhooks } from './webhook-dispatch.ts';

export const WEBHOOK_JOB = 'deliver-webhooks';

export function webhookJobs(deps: Deps): Job[] {
  return [{ name: WEBHOOK_JOB, cron: '* * * * *', atStart: true, run: () => dispatchWebhooks(deps) }];
}
