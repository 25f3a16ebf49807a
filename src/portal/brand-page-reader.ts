/**
 * Who reads a brand's portal page and what its banner says after an action: the brand's language
 * (from its browser, else the workspace's default) and the sentence for the action's outcome.
 */
import type { FastifyRequest } from 'fastify';
import type { RouteContext } from '../platform/http/route-context.ts';
import { type Viewer, viewerFor } from '../platform/web/viewer.ts';
import { partnershipBanner } from './campaign-partnerships.page.ts';
import type { CampaignPageOptions } from './campaign-performance.page.ts';
import { brandPageMessages } from './messages/brand-pages/index.ts';

/**
 * The brand's reader: its session's own locale and time zone when the session carries them (the
 * pass-through point for brand sessions that store a locale), else the browser's language, else the
 * workspace's default.
 */
export function brandViewer(ctx: RouteContext, request: FastifyRequest, session: { workspaceId: string; locale?: string | null; timeZone?: string | null }): Promise<Viewer> {
  return viewerFor(ctx.deps.db, ctx.deps.settings, {
    workspaceId: session.workspaceId,
    acceptLanguage: request.headers['accept-language'],
    locale: session.locale ?? null,
    timeZone: session.timeZone ?? null,
  });
}

export function bannerFor(query: Record<string, string | undefined>, viewer: Viewer): CampaignPageOptions['banner'] {
  const partnership = partnershipBanner(query, viewer);
  if (partnership) return partnership;
  const words = brandPageMessages.for(viewer.locale);
  if (query.refresh === 'queued') return { kind: 'ok', text: words.t('refresh.queuedBanner') };
  if (query.refresh === 'cooldown') return { kind: 'bad', text: words.t('refresh.cooldownBanner') };
  return undefined;
}
