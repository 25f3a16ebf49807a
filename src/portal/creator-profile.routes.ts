/**
 * The creator profile page: `POST /v1/creators/:id/profile-links` makes a signed link to it (the platform's
 * backend, with its API key), and `GET /creator-profile?token=…` shows it to whoever holds the link (a brand),
 * without a session: the link itself is the permission, for that creator and workspace only.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { failurePage } from '../connections/index.ts';
import { creatorProfile } from '../insights/index.ts';
import { errorCatalog } from '../kernel/errors.ts';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import { sendHtml } from '../platform/http/html-reply.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty, idParams, instant } from '../platform/http/schemas.ts';
import { anonymousViewer, viewerFor } from '../platform/web/viewer.ts';
import { creatorProfilePage } from './creator-profile.page.ts';
import { createProfileLink, openProfileLink, PROFILE_LINK_DEFAULT_DAYS, PROFILE_LINK_MAX_DAYS } from './creator-profile-link.ts';

const linkBody = z
  .object({
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(PROFILE_LINK_MAX_DAYS)
      .optional()
      .meta({ description: `How long the link opens, in days (1 to ${PROFILE_LINK_MAX_DAYS}; ${PROFILE_LINK_DEFAULT_DAYS} by default).`, examples: [30] }),
  })
  .strict();

const profileLinkSchema = z
  .object({
    url: z
      .string()
      .meta({ description: 'The profile page; anyone holding it can open it until it expires.', examples: ['https://keeper.example/creator-profile?token=eyJ3cyI6…'] }),
    expiresAt: instant,
  })
  .meta({ id: 'ProfileLink', description: 'A signed link to a creator’s verified profile page.' });

export function creatorProfileRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;

  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/creators/:id/profile-links',
    operationId: 'createCreatorProfileLink',
    summary: 'A signed link to a creator’s verified profile page (a media kit)',
    description: `A page brands can open: the creator’s connected channels with their latest figures, “verified from <network> on <date>”, the followers trend and the audience (the same as \`GET /v1/creators/{id}/profile\`). The link is signed, opens any number of times until it expires (${PROFILE_LINK_DEFAULT_DAYS} days by default, at most ${PROFILE_LINK_MAX_DAYS}), and cannot be revoked early; a channel the creator disconnects leaves the page at once.`,
    tag: 'Portal',
    params: idParams,
    body: bodyOrEmpty(linkBody),
    responses: { 201: { description: 'The link.', schema: profileLinkSchema } },
    errors: ['not_found', 'payload_too_large'],
    handler: async ({ reply, workspace, params, body }) => {
      const profile = await creatorProfile(deps, workspace.id, params.id);
      if (!profile.ok) return sendFailure(reply, profile.error);
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(createProfileLink(deps, workspace.id, params.id, body.expiresInDays));
    },
  });

  app.get('/creator-profile', async (request, reply) => {
    const { token } = request.query as { token?: unknown };
    const acceptLanguage = request.headers['accept-language'];
    const opened = typeof token === 'string' ? openProfileLink(deps, token) : ({ ok: false, error: { code: 'profile_link_invalid' } } as const);
    if (!opened.ok) {
      return sendHtml(reply, errorCatalog[opened.error.code].status, failurePage(opened.error, { viewer: anonymousViewer(deps.settings, acceptLanguage) }));
    }
    // Whoever holds the link reads it in their browser's language, under the workspace's brand.
    const [profile, viewer] = await Promise.all([
      creatorProfile(deps, opened.value.workspaceId, opened.value.creatorId),
      viewerFor(deps.db, deps.settings, { workspaceId: opened.value.workspaceId, acceptLanguage }),
    ]);
    if (!profile.ok) return sendHtml(reply, 404, failurePage({ code: 'profile_link_invalid' }, { viewer }));
    // The token is the permission: sendHtml's same-origin Referrer-Policy keeps it from the avatars' hosts;
    // and the page stays out of search engines (a shared link can end up on a public page).
    void reply.header('x-robots-tag', 'noindex, nofollow');
    return sendHtml(reply, 200, creatorProfilePage(profile.value, viewer));
  });
}
