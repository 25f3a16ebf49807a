/**
 * buildApp(deps): the HTTP surface, separate from listen() so tests drive it with inject().
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import type { Workspace } from '../workspaces.repo.ts';
import { createAuthenticator } from './auth.ts';
import { errorBody, errorHandler } from './error-handler.ts';
import { campaignPostRoutes } from '../../campaigns/campaign-posts.routes.ts';
import { campaignRoutes } from '../../campaigns/campaigns.routes.ts';
import { brandPartnershipRoutes } from '../../portal/brand-partnerships.routes.ts';
import { brandPortalRoutes } from '../../portal/campaign-performance.routes.ts';
import { connectSessionRoutes } from '../../connections/connect-sessions.routes.ts';
import { connectionRoutes } from '../../connections/connections.routes.ts';
import { mediaRoutes } from '../../media/media.routes.ts';
import { insightsRoutes } from '../../insights/insights.routes.ts';
import { demoRoutes } from '../../demo/demo.routes.ts';
import { healthRoutes } from '../../ops/health.routes.ts';
import { metricsRoutes } from '../../ops/metrics.routes.ts';
import { metaCallbackRoutes } from '../../callbacks/meta-callbacks.routes.ts';
import { notificationRoutes } from '../../notifications/notifications.routes.ts';
import { oauthRoutes } from '../../connections/oauth.routes.ts';
import { partnershipAdRoutes } from '../../partnership-ads/partnership-ads.routes.ts';
import { partnershipConsentRoutes } from '../../partnership-ads/partnership-consent.routes.ts';
import { portalRoutes } from '../../portal/channels.routes.ts';
import { portalPartnershipRoutes } from '../../portal/creator-partnerships.routes.ts';
import { portalSessionRoutes } from '../../portal/portal-sessions.routes.ts';
import { statsRoutes } from '../../ops/stats.routes.ts';
import { tiktokWebhookRoutes } from '../../callbacks/tiktok-webhook.routes.ts';
import { webhookRoutes } from '../../webhooks/webhooks.routes.ts';

export interface RouteContext {
  deps: Deps;
  authenticate(request: FastifyRequest): Promise<Workspace>;
  databaseKind: string;
}

export interface AppOptions {
  databaseKind: string;
  /** Demo mode: serve the demo platform page and the mailbox for this workspace. */
  demoWorkspaceId?: string;
  /** Demo mode: the provider sandbox's URL, for the demo page's "Publish a post" button (its control API). */
  sandboxUrl?: string;
  /** Bearer token for `/metrics` (METRICS_TOKEN); without one `/metrics` is served only when `metricsOpen`. */
  metricsToken?: string;
  metricsOpen?: boolean;
}

export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger, bodyLimit: 64 * 1024, trustProxy: true }) as unknown as FastifyInstance;
  await app.register(formbody);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`)));
  const ctx: RouteContext = { deps, authenticate: createAuthenticator(deps.db), databaseKind: options.databaseKind };
  healthRoutes(app, ctx);
  connectSessionRoutes(app, ctx);
  connectionRoutes(app, ctx);
  mediaRoutes(app, ctx);
  campaignRoutes(app, ctx);
  campaignPostRoutes(app, ctx);
  partnershipAdRoutes(app, ctx);
  partnershipConsentRoutes(app, ctx);
  insightsRoutes(app, ctx);
  oauthRoutes(app, ctx);
  metaCallbackRoutes(app, ctx);
  tiktokWebhookRoutes(app, ctx);
  webhookRoutes(app, ctx);
  portalSessionRoutes(app, ctx);
  portalRoutes(app, ctx);
  portalPartnershipRoutes(app, ctx);
  brandPortalRoutes(app, ctx);
  brandPartnershipRoutes(app, ctx);
  notificationRoutes(app, ctx);
  statsRoutes(app, ctx);
  metricsRoutes(app, ctx, { token: options.metricsToken, openWithoutToken: options.metricsOpen === true });
  if (options.demoWorkspaceId) demoRoutes(app, ctx, options.demoWorkspaceId, options.sandboxUrl);
  return app;
}
