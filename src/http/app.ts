/**
 * buildApp(deps): the HTTP surface, separate from listen() so tests drive it with inject().
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Deps } from '../app/deps.ts';
import type { Workspace } from '../storage/workspaces.repo.ts';
import { createAuthenticator } from './auth.ts';
import { errorBody, errorHandler } from './error-handler.ts';
import { campaignPostRoutes } from './routes/campaign-posts.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { brandPartnershipRoutes } from './routes/brand-partnerships.ts';
import { brandPortalRoutes } from './routes/brand-portal.ts';
import { connectSessionRoutes } from './routes/connect-sessions.ts';
import { connectionRoutes } from './routes/connections.ts';
import { mediaRoutes } from './routes/media.ts';
import { insightsRoutes } from './routes/insights.ts';
import { demoRoutes } from './routes/demo.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { metaCallbackRoutes } from './routes/meta-callbacks.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { partnershipAdRoutes } from './routes/partnership-ads.ts';
import { partnershipConsentRoutes } from './routes/partnership-consent.ts';
import { portalRoutes } from './routes/portal.ts';
import { portalPartnershipRoutes } from './routes/portal-partnerships.ts';
import { portalSessionRoutes } from './routes/portal-sessions.ts';
import { statsRoutes } from './routes/stats.ts';
import { tiktokWebhookRoutes } from './routes/tiktok-webhook.ts';
import { webhookRoutes } from './routes/webhooks.ts';

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
