/**
 * Webhooks: the platform's endpoints (each with its event-type filter and signing secret), the
 * deliveries queued in the same transaction as the change they report (one per endpoint that takes
 * it), their dispatch with retries, the address checks that keep a URL away from private networks,
 * and the deliveries API.
 */

export { previousSecretInForce, type WebhookType, webhookTypeFor } from './webhook.rules.ts';
export { webhookSecretContext } from './webhook-endpoints.ts';
export { setWebhookEndpoint } from './webhook-settings.ts';
export {
  type CampaignPostEvents,
  campaignDeliveryColumns,
  campaignPostDeliveries,
  type EventWebhook,
  queueEventWebhook,
  queueWebhook,
  refreshCompletedDeliveries,
  webhookInsertSql,
} from './webhooks.repo.ts';
