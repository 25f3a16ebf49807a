/**
 * Every feature's routes, in the order they are registered. The demo's routes are not here: the
 * composition root (system.ts) loads them only in demo mode, so production never imports them.
 */

import type { FastifyInstance } from 'fastify';
import { metaCallbackRoutes } from './callbacks/meta-callbacks.routes.ts';
import { tiktokWebhookRoutes } from './callbacks/tiktok-webhook.routes.ts';
import { campaignPostRoutes } from './campaigns/campaign-posts.routes.ts';
import { campaignRoutes } from './campaigns/campaigns.routes.ts';
import { connectScriptRoutes } from './connections/connect-script.routes.ts';
import { connectSessionRoutes } from './connections/connect-sessions.routes.ts';
import { connectionRoutes } from './connections/connections.routes.ts';
import { oauthRoutes } from './connections/oauth.routes.ts';
import { accountInsightsRoutes } from './insights/account-insights.routes.ts';
import { insightsRoutes } from './insights/insights.routes.ts';
import { mediaRoutes } from './media/media.routes.ts';
import { mediaFileRoutes } from './media/media-files.routes.ts';
import { notificationRoutes } from './notifications/notifications.routes.ts';
import { healthRoutes } from './ops/health.routes.ts';
import { metricsRoutes } from './ops/metrics.routes.ts';
import { statsRoutes } from './ops/stats.routes.ts';
import { partnershipAdRoutes } from './partnership-ads/partnership-ads.routes.ts';
import { partnershipConsentRoutes } from './partnership-ads/partnership-consent.routes.ts';
import type { Deps } from './platform/deps.ts';
import { buildApp } from './platform/http/app.ts';
import type { RegisterRoutes } from './platform/http/route-context.ts';
import { Readiness } from './platform/readiness.ts';
import { brandPartnershipRoutes } from './portal/brand-partnerships.routes.ts';
import { brandPortalRoutes } from './portal/campaign-performance.routes.ts';
import { portalRoutes } from './portal/channels.routes.ts';
import { portalPartnershipRoutes } from './portal/creator-partnerships.routes.ts';
import { creatorProfileRoutes } from './portal/creator-profile.routes.ts';
import { portalSessionRoutes } from './portal/portal-sessions.routes.ts';
import { webhookRoutes } from './webhooks/webhooks.routes.ts';
import { apiKeyRoutes } from './workspaces/api-keys.routes.ts';
import { brandAssetRoutes } from './workspaces/brand-assets.routes.ts';
import { brandingRoutes } from './workspaces/branding.routes.ts';

export interface RouteOptions {
  /** Bearer token for `/metrics` (METRICS_TOKEN); without one `/metrics` is served only when `metricsOpen`. */
  metricsToken?: string;
  metricsOpen?: boolean;
  /** What `/readyz` checks (the composition root's); without it `/readyz` checks nothing. */
  readiness?: Readiness;
}

/**
 * The routes that create something and so honour `Idempotency-Key` (docs/api.md#idempotency): the
 * participants PUT too, as it adds a creator. Not the access-token hand-out: it creates nothing, and
 * its answer is a secret that must not be stored. Nor `POST /v1/api-keys`: its answer is a credential to
 * the whole workspace, shown once; kept for replay it would sit in the database for 24 hours and be handed
 * out again, while a retry without the header costs only a second key, listed by name and revocable.
 */
export const idempotentRoutes = [
  'POST /v1/connect-sessions',
  'POST /v1/campaigns',
  'PUT /v1/campaigns/:id/participants/:creatorId',
  'POST /v1/campaigns/:id/posts',
  'POST /v1/campaigns/:id/participants/:creatorId/posts',
  'POST /v1/campaigns/:id/posts/:postId/partnership-ads',
  'POST /v1/campaigns/:id/refresh-insights',
  'POST /v1/connections/:id/media-sync',
  'POST /v1/portal-sessions',
  'POST /v1/dashboard-sessions',
  'POST /v1/webhook-endpoints',
] as const;

export function apiRoutes(options: RouteOptions): RegisterRoutes[] {
  return [
    (app, ctx) => healthRoutes(app, ctx, options.readiness ?? new Readiness()),
    connectSessionRoutes,
    connectionRoutes,
    mediaRoutes,
    mediaFileRoutes,
    campaignRoutes,
    campaignPostRoutes,
    partnershipAdRoutes,
    partnershipConsentRoutes,
    insightsRoutes,
    accountInsightsRoutes,
    creatorProfileRoutes,
    oauthRoutes,
    connectScriptRoutes,
    metaCallbackRoutes,
    tiktokWebhookRoutes,
    webhookRoutes,
    portalSessionRoutes,
    portalRoutes,
    portalPartnershipRoutes,
    brandPortalRoutes,
    brandPartnershipRoutes,
    notificationRoutes,
    statsRoutes,
    apiKeyRoutes,
    brandingRoutes,
    brandAssetRoutes,
    (app, ctx) => metricsRoutes(app, ctx, { token: options.metricsToken, openWithoutToken: options.metricsOpen === true }),
  ];
}

/** The API without the demo: what a production process serves (tests and benchmarks build it too). */
export function buildApiApp(deps: Deps, options: RouteOptions & { databaseKind: string }): Promise<FastifyInstance> {
  return buildApp(deps, { databaseKind: options.databaseKind, routes: apiRoutes(options), idempotentRoutes });
}
