/**
 * Background work on pg-boss, in the same database as everything else. pg-boss owns *when*
 * (cron schedules that fire once across all processes, retries of crashed handlers); the sweeps
 * own *what*, claiming rows under SKIP LOCKED so any number of workers can run them at once.
 * Payloads carry no secrets: at most an id.
 */
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Storage } from './db/db.ts';

export const queues = {
  refreshDaily: 'refresh-daily',
  refreshRetries: 'refresh-retries',
  verify: 'verify-connections',
  emails: 'deliver-emails',
  webhooks: 'deliver-webhooks',
  mediaSync: 'sync-media',
  campaignSyncs: 'campaign-syncs',
  insightsPlan: 'plan-insights',
  insights: 'refresh-insights',
  audience: 'refresh-audience',
  prune: 'prune-finished-work',
  partnershipAds: 'partnership-ads',
} as const;

export type QueueName = (typeof queues)[keyof typeof queues];

export interface Schedules {
  refreshCron: string;
  verifyCron: string;
  insightsCron: string;
  pruneCron: string;
}

export type Handlers = Record<QueueName, () => Promise<unknown>>;

export async function startQueue(storage: Storage, logger: Logger, schedules: Schedules, handlers: Handlers): Promise<{ kick(name: QueueName): void; stop(): Promise<void> }> {
  const boss = new PgBoss({ ...storage.queueConnection, schema: 'pgboss', application_name: 'channelkeeper' });
  boss.on('error', (error: Error) => logger.error({ err: error.message }, 'queue error'));
  await boss.start();
  for (const name of Object.values(queues)) {
    await boss.createQueue(name, { policy: 'singleton', retryLimit: 3, retryDelay: 30, retryBackoff: true });
  }
  await boss.schedule(queues.refreshDaily, schedules.refreshCron, null, { tz: 'UTC' });
  await boss.schedule(queues.refreshRetries, '*/5 * * * *', null, { tz: 'UTC' });
  await boss.schedule(queues.verify, schedules.verifyCron, null, { tz: 'UTC' });
  await boss.schedule(queues.emails, '* * * * *', null, { tz: 'UTC' });
  await boss.schedule(queues.webhooks, '* * * * *', null, { tz: 'UTC' });
  await boss.schedule(queues.mediaSync, '* * * * *', null, { tz: 'UTC' });
  // Each connection is synced at most hourly (CAMPAIGN_SYNC); a 15-minute sweep keeps stories within their 24 hours with room to spare.
  await boss.schedule(queues.campaignSyncs, '*/15 * * * *', null, { tz: 'UTC' });
  await boss.schedule(queues.insightsPlan, schedules.insightsCron, null, { tz: 'UTC' });
  await boss.schedule(queues.insights, '* * * * *', null, { tz: 'UTC' });
  // Hourly: each run reads what fell due since (100,000 channels a week is ~600 an hour).
  await boss.schedule(queues.audience, '45 * * * *', null, { tz: 'UTC' });
  await boss.schedule(queues.prune, schedules.pruneCron, null, { tz: 'UTC' });
  // Hourly: a reminder due after 3 days or an approval ending goes out within the hour; tokens are checked daily inside it.
  await boss.schedule(queues.partnershipAds, '20 * * * *', null, { tz: 'UTC' });
  for (const name of Object.values(queues)) {
    await boss.work(name, async () => {
      const result = await handlers[name]();
      logger.debug({ queue: name, result }, 'job done');
      return result;
    });
  }
  return {
    kick(name) {
      void boss.send(name, null).catch((error: unknown) => logger.warn({ queue: name, err: String(error) }, 'could not queue job'));
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
