/**
 * The images pages and emails load from us, without an API key: a workspace's logo at a path that
 * names its version (`/brand/:workspaceId/logo/:hash`, cached for good; another hash is 404), and our
 * favicon. A logo is served as stored (PNG and JPEG checked, SVG rebuilt from an allowlist) with
 * `nosniff`, and an SVG also under a CSP that forbids scripts and any load, in case one is opened
 * directly rather than through <img>.
 */
import type { FastifyInstance } from 'fastify';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { LOGO_HASH_LENGTH } from '../platform/web/brand-logo.ts';
import { FAVICON_SVG } from '../platform/web/favicon.ts';
import { findLogo } from './branding.repo.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export function brandAssetRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { workspaceId: string; hash: string } }>('/brand/:workspaceId/logo/:hash', async (request, reply) => {
    const { workspaceId, hash } = request.params;
    const logo = hash.length === LOGO_HASH_LENGTH ? await findLogo(ctx.deps.db, workspaceId) : undefined;
    if (!logo || logo.sha256.slice(0, LOGO_HASH_LENGTH) !== hash) {
      return sendFailure(reply, { code: 'not_found', message: 'There is no such logo: the workspace has none, or it has been replaced.' });
    }
    reply
      .header('cache-control', IMMUTABLE)
      .header('x-content-type-options', 'nosniff')
      // Emails and pages on the platform's own origin show it too.
      .header('cross-origin-resource-policy', 'cross-origin');
    if (logo.contentType === 'image/svg+xml') reply.header('content-security-policy', SVG_CSP);
    return reply.type(logo.contentType).send(Buffer.from(logo.bytes));
  });

  app.get('/favicon.svg', async (_request, reply) =>
    reply
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', SVG_CSP)
      .type('image/svg+xml')
      .send(FAVICON_SVG),
  );

  // Browsers ask for /favicon.ico on their own; every current one follows this to the SVG.
  app.get('/favicon.ico', async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').redirect('/favicon.svg', 301));
}
