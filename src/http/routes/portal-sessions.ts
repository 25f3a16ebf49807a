/** POST /v1/portal-sessions: the platform's backend opens the Channels page for one creator. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createPortalSession } from '../../app/portal-session.ts';
import { parseOrThrow } from '../validate.ts';
import type { RouteContext } from '../app.ts';

const bodySchema = z.object({
  creator: z.object({
    id: z.string().trim().min(1).max(200),
    email: z.email().max(320).optional(),
    name: z.string().trim().max(200).optional(),
  }),
  /** Where the page's "Back to …" link leads (the platform's own page). */
  returnUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(2000)
    .optional(),
});

export function portalSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/v1/portal-sessions', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const body = parseOrThrow(bodySchema, request.body ?? {});
    const session = await createPortalSession(ctx.deps, { workspaceId: workspace.id, ...body });
    return reply.code(201).header('cache-control', 'no-store').send({ url: session.url, expiresAt: session.expiresAt.toISOString() });
  });
}
