/** POST /v1/connect-sessions: the platform's backend asks for a connect link for one creator. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { createConnectSession } from './connect-session.ts';

const bodySchema = z.object({
  creator: z.object({
    id: z.string().trim().min(1).max(200),
    email: z.email().max(320).optional(),
    name: z.string().trim().max(200).optional(),
  }),
  provider: z.string().min(1).max(40),
  returnUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(2000)
    .optional(),
  // Which origins the popup flow may post its result to: checked by the use case (connect-popup.rules.ts).
  allowedOrigins: z.array(z.string()).optional(),
});

export function connectSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/v1/connect-sessions', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const body = parseOrThrow(bodySchema, request.body ?? {});
    const result = await createConnectSession(ctx.deps, { workspaceId: workspace.id, ...body });
    if (!result.ok) return sendFailure(reply, result.error);
    return reply.code(201).send({ url: result.value.url, expiresAt: result.value.expiresAt.toISOString() });
  });
}
