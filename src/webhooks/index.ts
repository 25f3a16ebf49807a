/**
 * Webhooks: the platform's endpoint and signing secret, the deliveries queued in the same
 * transaction as the change they report, their dispatch with retries, the address checks that keep
 * a URL away from private networks, and the deliveries API.
 */
export { setWebhookEndpoint, webhookSecretContext } from './webhook-settings.ts';
export { webhookTypeFor, type WebhookType } from './webhook.rules.ts';
export { campaignDeliveryColumns, campaignPostDeliveries, queueWebhook, refreshCompletedDeliveries, webhookInsertSql, type CampaignPostEvents } from './webhooks.repo.ts';
