/** POST /v1/connect-sessions: the platform's backend asks for a connect link for one creator. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiRoute } from '../platform/http/api-route.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { createConnectSession } from './connect-session.ts';
import { connectSessionSchema } from './connections.schemas.ts';

const bodySchema = z.object({
  creator: z
    .object({
      id: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .meta({ description: 'Your id of the creator.', examples: ['c1'] }),
      email: z
        .email()
        .max(320)
        .optional()
        .meta({ description: 'Where reconnect reminders go.', examples: ['c1@example.com'] }),
      name: z
        .string()
        .trim()
        .max(200)
        .optional()
        .meta({ examples: ['Ana'] }),
    })
    .meta({ description: 'The creator, created or updated on the way.' }),
  provider: z
    .string()
    .min(1)
    .max(40)
    .meta({ description: 'One of the configured networks.', examples: ['instagram', 'facebook', 'tiktok', 'youtube', 'pinterest'] }),
  returnUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(2000)
    .optional()
    .meta({
      description: 'Where the creator is sent back: `?connection=<id>&status=connected`, or `?status=error&error=<code>`; without it, a success page.',
      examples: ['https://platform.example/after'],
    }),
  // Which origins the popup flow may post its result to: checked by the use case (connect-popup.rules.ts).
  allowedOrigins: z
    .array(z.string())
    .optional()
    .meta({
      description:
        'The exact origins (scheme, host and port; at most 10) of the pages that may open the link in a popup with /connect.js: the flow’s last page posts its result to them, and to nothing else. Without it the flow ends with redirects.',
      examples: [['https://app.platform.example']],
    }),
  locale: z
    .string()
    .trim()
    .min(1)
    .max(35)
    .optional()
    .meta({
      description:
        'The creator’s language, a BCP 47 tag of one of `en`, `es`, `pt-BR`, `fr`, `de`, `ja` (a regional tag such as `es-MX` or `pt-PT` is matched to its language). Stored on the creator: the connect pages speak it before the browser’s own, and emails are written in it. Another language is refused with `invalid_request`.',
      examples: ['pt-BR'],
    }),
  timeZone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .meta({
      description: 'The creator’s IANA time zone. Stored on the creator: pages and emails show times in it (in UTC, saying so, when none is known).',
      examples: ['America/Sao_Paulo'],
    }),
});

const description = `Send the creator to \`url\` (valid 60 minutes). It redirects to the network's consent page with a single-use \`state\` that expires after 10 minutes; after consent the creator is sent to \`returnUrl?connection=<id>&status=connected\` (or shown a success page). A personal account, a denied consent, a replayed or forged state, an expired link, or an account already connected by another creator each get a page that says what happened and what to do (and \`returnUrl?status=error&error=<code>\` as the way back). Connecting the same account again by the same creator updates the same connection.

Facebook Login reaches several accounts: the creator chooses which to keep, each becomes its own connection, and the redirect carries \`connection=<first id>&connections=<id>,<id>,…\`.`;

export function connectSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/connect-sessions',
    operationId: 'createConnectSession',
    summary: 'Create a connect link for a creator',
    description,
    tag: 'Connections',
    body: bodyOrEmpty(bodySchema),
    responses: { 201: { description: 'The connect link.', schema: connectSessionSchema } },
    errors: ['unsupported_provider', 'payload_too_large'],
    handler: async ({ reply, workspace, body }) => {
      const result = await createConnectSession(ctx.deps, { workspaceId: workspace.id, ...body });
      if (!result.ok) return sendFailure(reply, result.error);
      return reply.code(201).send({ url: result.value.url, expiresAt: result.value.expiresAt.toISOString() });
    },
  });
}
