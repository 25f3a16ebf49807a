/**
 * Which connection and campaign events the platform hears about by webhook, how long a rotated
 * secret keeps signing, and how long a delivery is retried.
 * Pure rules: storage writes a delivery for an event only when `webhookTypeFor` names one.
 */
import { HOUR, MINUTE } from '../kernel/clock.ts';

export const webhookTypes = [
  'connection.connected',
  'connection.reconnected',
  'connection.refreshed',
  'connection.expiring',
  'connection.disconnected',
  'connection.revoked',
  'campaign_post.bound',
  'campaign_post.unbound',
  'insights_refresh.completed',
  'partnership_ads.approved',
  'partnership_ads.denied',
  'partnership_ads.expired',
  'partnership_ads.revoked',
] as const;
export type WebhookType = (typeof webhookTypes)[number];

export function isWebhookType(type: string): type is WebhookType {
  return (webhookTypes as readonly string[]).includes(type);
}

/** The names in an endpoint's filter that are no event type, in the order given. */
export function unknownWebhookTypes(types: readonly string[]): string[] {
  return types.filter((type) => !isWebhookType(type));
}

// `disconnected` is the network ending the grant (password change, app removed, expiry…);
// `revoked` is the platform or the creator ending it through Channelkeeper.
const byEventType: Record<string, WebhookType> = {
  connected: 'connection.connected',
  reconnected: 'connection.reconnected',
  refreshed: 'connection.refreshed',
  expiring: 'connection.expiring',
  disconnected: 'connection.disconnected',
  revoked: 'connection.revoked',
};

/** The webhook a connection event causes, if any (refresh_failed, verified… cause none). */
export function webhookTypeFor(eventType: string): WebhookType | undefined {
  return Object.hasOwn(byEventType, eventType) ? byEventType[eventType] : undefined;
}

/** After a rotation the replaced secret signs beside the new one this long, so a receiver can switch without losing a request. */
export const WEBHOOK_SECRET_OVERLAP_MS = 24 * HOUR;

/** Whether the secret a rotation replaced still signs at `now`: until its expiry, not at it. */
export function previousSecretInForce(expiresAt: Date | null, now: Date): expiresAt is Date {
  return expiresAt !== null && now.getTime() < expiresAt.getTime();
}

/** Deliveries are retried until this long after the event, then marked failed. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * HOUR;
const MAX_RETRY_DELAY_MS = HOUR;

/** The wait after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most an hour. */
export function webhookRetryDelayMs(failedAttempts: number): number {
  return Math.min(2 ** Math.max(0, failedAttempts - 1) * MINUTE, MAX_RETRY_DELAY_MS);
}

/** When to try again, or undefined when the next try would fall outside the retry window. */
export function nextWebhookAttempt(createdAt: Date, failedAttempts: number, now: Date): Date | undefined {
  const next = new Date(now.getTime() + webhookRetryDelayMs(failedAttempts));
  return next.getTime() - createdAt.getTime() > WEBHOOK_RETRY_WINDOW_MS ? undefined : next;
}
