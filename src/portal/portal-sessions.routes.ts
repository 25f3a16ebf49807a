/**
 * POST /v1/portal-sessions: the platform's backend opens a page for one person: a creator's Channels
 * page, or a brand's Campaign Performance pages (optionally landing on one campaign).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../kernel/errors.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { createBrandPortalSession, createPortalSession } from './portal-session.ts';

const id = z.string().trim().min(1).max(200);
/** Where the page's "Back to …" link leads (the platform's own page). */
const returnUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  .optional();

const creatorSchema = z.object({
  creator: z.object({ id, email: z.email().max(320).optional(), name: z.string().trim().max(200).optional() }),
  returnUrl,
});

const brandSchema = z.object({
  brand: z.object({ id, name: z.string().trim().min(1).max(200).optional() }),
  campaignId: id.optional(),
  returnUrl,
});

const bodySchema = z.union([creatorSchema.strict(), brandSchema.strict()], { error: 'send either "creator" (the Channels page) or "brand" (the Campaign Performance pages)' });

export function portalSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/v1/portal-sessions', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const body = parseOrThrow(bodySchema, request.body ?? {});
    let session: { url: string; expiresAt: Date };
    if ('brand' in body) {
      const made = await createBrandPortalSession(ctx.deps, { workspaceId: workspace.id, ...body });
      if (!made.ok) throw AppError.from(made.error);
      session = made.value;
    } else {
      session = await createPortalSession(ctx.deps, { workspaceId: workspace.id, ...body });
    }
    return reply.code(201).header('cache-control', 'no-store').send({ url: session.url, expiresAt: session.expiresAt.toISOString() });
  });
}
