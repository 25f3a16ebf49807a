/** Wires the sweeps to the queue's schedules. Thin on purpose: the work lives in app/ and notify/. */
import { queueCampaignSyncs } from './campaigns/campaign-sync-sweep.ts';
import { watchExpiries } from './connections/expiry-watch.ts';
import { refreshAudiences } from './insights/audience.ts';
import { planInsights, planStories } from './insights/insights-plan.ts';
import { runInsightTasks } from './insights/insights-worker.ts';
import { runMediaSyncs } from './media/media-sync.ts';
import { runPartnershipSweep } from './partnership-ads/partnership-sweep.ts';
import { pruneFinishedWork } from './ops/prune.ts';
import { rateLimitsFrom } from './providers/rate-limits.ts';
import { runRefreshSweep } from './connections/refresh-sweep.ts';
import { verifyConnections } from './connections/verify-connections.ts';
import { dispatchPendingEmails } from './platform/email/dispatch.ts';
import { dispatchWebhooks } from './webhooks/webhook-dispatch.ts';
import type { System } from './system.ts';
import { queues, startQueue } from './platform/queue.ts';

export async function startWorkers(system: System): Promise<{ stop(): Promise<void> }> {
  const { deps, config } = system;
  const limits = rateLimitsFrom(config.insightsRateLimits);
  const dispatch = () => dispatchPendingEmails({ db: deps.db, clock: deps.clock, logger: deps.logger, transport: system.transport });
  // Refreshes queue webhooks without a commit hook of their own: wake the webhook worker after each sweep.
  const thenWebhooks = <T>(run: () => Promise<T>) => async () => {
    const result = await run();
    deps.onWebhookQueued?.();
    return result;
  };
  const queue = await startQueue(system.storage, deps.logger, { refreshCron: config.refreshCron, verifyCron: config.verifyCron, insightsCron: config.insightsCron, pruneCron: config.pruneCron }, {
    // The refresh first: a grant it extends is no longer expiring.
    [queues.refreshDaily]: thenWebhooks(async () => ({ refresh: await runRefreshSweep(deps, { includeScheduled: true }), expiries: await watchExpiries(deps) })),
    [queues.refreshRetries]: thenWebhooks(() => runRefreshSweep(deps, { includeScheduled: false })),
    [queues.verify]: () => verifyConnections(deps),
    [queues.emails]: dispatch,
    [queues.webhooks]: () => dispatchWebhooks(deps),
    // A sync that finds its channel's access revoked disconnects it through markDisconnected, which wakes the email and webhook workers.
    [queues.mediaSync]: () => runMediaSyncs(deps),
    [queues.campaignSyncs]: () => queueCampaignSyncs(deps),
    [queues.insightsPlan]: () => planInsights(deps),
    // Stories are planned every minute too: their capture times (6 h, 12 h, …) must not wait for the daily plan.
    [queues.insights]: async () => ({ stories: await planStories(deps), tasks: await runInsightTasks(deps, { limits }) }),
    [queues.audience]: () => refreshAudiences(deps, { limits }),
    [queues.prune]: () => pruneFinishedWork(deps, { retentionDays: config.retentionDays }),
    [queues.partnershipAds]: () => runPartnershipSweep(deps),
  });
  // Called after the commit that queued an email; the minute schedule catches anything a kick misses.
  deps.onEmailQueued = () => queue.kick(queues.emails);
  deps.onWebhookQueued = () => queue.kick(queues.webhooks);
  deps.onMediaSyncQueued = () => queue.kick(queues.mediaSync);
  deps.onInsightsQueued = () => queue.kick(queues.insights);
  // Catch up at start-up: a process that was down at 02:00 must not skip a day.
  queue.kick(queues.refreshDaily);
  queue.kick(queues.emails);
  queue.kick(queues.webhooks);
  queue.kick(queues.mediaSync);
  // The plan skips posts captured in the last 20 h, so a catch-up right after a run costs nothing.
  queue.kick(queues.insightsPlan);
  queue.kick(queues.audience);
  queue.kick(queues.partnershipAds);
  return queue;
}
