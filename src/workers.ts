/**
 * Starts every feature's jobs on the queue and wires the wake-ups. Thin on purpose: each feature
 * declares its jobs (name, schedule, handler) in its own *.jobs.ts.
 */
import { campaignJobs } from './campaigns/campaigns.jobs.ts';
import { connectionJobs } from './connections/connections.jobs.ts';
import { INSIGHTS_JOB, insightsJobs } from './insights/insights.jobs.ts';
import { MEDIA_ARCHIVE_JOB, MEDIA_SYNC_JOB, mediaJobs } from './media/media.jobs.ts';
import { opsJobs } from './ops/ops.jobs.ts';
import { partnershipAdJobs } from './partnership-ads/partnership-ads.jobs.ts';
import { EMAIL_JOB, emailJobs } from './platform/email/email.jobs.ts';
import { type Queue, type QueueOptions, startQueue } from './platform/queue.ts';
import { rateLimitsFrom } from './providers/rate-limits.ts';
import type { System } from './system.ts';
import { WEBHOOK_JOB, webhookJobs } from './webhooks/webhooks.jobs.ts';

/** `crashRecovery`: tests shorten how soon a dead process's jobs are taken over. */
export async function startWorkers(system: System, options: Pick<QueueOptions, 'crashRecovery'> = {}): Promise<Queue> {
  const { deps, config } = system;
  const limits = rateLimitsFrom(config.insightsRateLimits);
  const jobs = [
    ...connectionJobs(deps, config),
    ...emailJobs(deps, system.transport),
    ...webhookJobs(deps),
    ...mediaJobs(deps),
    ...campaignJobs(deps),
    ...insightsJobs(deps, { insightsCron: config.insightsCron, limits }),
    ...opsJobs(deps, config),
    ...partnershipAdJobs(deps),
  ];
  const queue = await startQueue(system.storage, deps.logger, jobs, { availability: system.availability, metrics: deps.metrics, ...options });
  system.readiness.add('queue', async () => {
    const state = queue.state();
    if (state === 'running') return { ok: true, message: 'The workers are running.' };
    return { ok: false, message: state === 'paused' ? 'The workers are paused until the database answers again.' : 'The workers have stopped.' };
  });
  // Called after the commit that queued the work; each job's schedule catches anything a kick misses.
  deps.onEmailQueued = () => queue.kick(EMAIL_JOB);
  deps.onWebhookQueued = () => queue.kick(WEBHOOK_JOB);
  deps.onMediaSyncQueued = () => queue.kick(MEDIA_SYNC_JOB);
  deps.onMediaArchiveQueued = () => queue.kick(MEDIA_ARCHIVE_JOB);
  deps.onInsightsQueued = () => queue.kick(INSIGHTS_JOB);
  for (const job of jobs) if (job.atStart) queue.kick(job.name);
  return queue;
}
