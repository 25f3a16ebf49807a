/**
 * Webhooks: the platform's endpoint and signing secret, the deliveries queued in the same
 * transaction as the change they report, their dispatch with retries, the address checks that keep
 * a URL away from private networks, and the deliveries API.
 */

export { type WebhookType, webhookTypeFor } from './webhook.rules.ts';
export { setWebhookEndpoint, webhookSecretContext } from './webhook-settings.ts';
export { type CampaignPostEvents, campaignDeliveryColumns, campaignPostDeliveries, queueWebhook, refreshCompletedDeliveries, webhookInsertSql } from './webhooks.repo.ts';
