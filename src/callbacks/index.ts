/**
 * Callbacks from the networks: Meta's deauthorize and data-deletion requests (signed_request) and
 * TikTok's webhooks. Each is verified, recorded once, and acted on (disconnect, erase, end Partnership
 * Ads approvals). Nothing here is used by other features; the composition root mounts the routes and
 * lists the status page's message book.
 */
export { callbackMessages } from './messages/index.ts';
