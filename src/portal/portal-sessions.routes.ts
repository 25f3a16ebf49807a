/**
 * POST /v1/portal-sessions: the platform's backend opens a page for one person: a creator's Channels
 * page, or a brand's Campaign Performance pages (optionally landing on one campaign).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../kernel/errors.ts';
import { apiRoute } from '../platform/http/api-route.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { bodyOrEmpty } from '../platform/http/schemas.ts';
import { locale, portalSessionSchema, timeZone, unionError } from './portal.schemas.ts';
import { createBrandPortalSession, createPortalSession } from './portal-session.ts';

const id = z.string().trim().min(1).max(200);
/** Where the page's "Back to …" link leads (the platform's own page). */
const returnUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  .optional()
  .meta({ description: 'Where the page’s “Back to …” link leads (your own page).', examples: ['https://platform.example/me'] });

const creatorSchema = z.object({
  creator: z.object({
    id: id.meta({ description: 'Your id of the creator.', examples: ['c1'] }),
    email: z
      .email()
      .max(320)
      .optional()
      .meta({ examples: ['c1@example.com'] }),
    name: z
      .string()
      .trim()
      .max(200)
      .optional()
      .meta({ examples: ['Ana'] }),
  }),
  returnUrl,
  locale,
  timeZone,
});

const brandSchema = z.object({
  brand: z.object({
    id: id.meta({ description: 'Your id of the brand.', examples: ['acme'] }),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .meta({ examples: ['Acme'] }),
  }),
  campaignId: id.optional().meta({ description: 'Land on this campaign’s page; it must be the brand’s.', examples: ['cmp_01m95b0ne0cpa2ch6qp1nkz3x0'] }),
  returnUrl,
  locale,
  timeZone,
});

const bodySchema = z.union(
  [
    creatorSchema.strict().meta({ description: 'A creator’s Channels page; the creator is created or updated on the way.' }),
    brandSchema.strict().meta({ description: 'A brand’s Campaign Performance pages; the brand is created or renamed on the way.' }),
  ],
  { error: unionError },
);

const description = `With a \`creator\`: a link to that creator's **Channels page**. With a \`brand\` (and optionally the \`campaignId\` to land on): a link to that brand's **Campaign Performance** pages, \`/portal/campaigns/<id>\` or the list of its campaigns; a brand's visit opens only its own campaigns, and a creator's visit never opens a campaign. Send exactly one of the two.

The link is for that person only, opens **once** within **30 minutes**, and is stored hashed; opening it starts a one-hour visit held in an \`HttpOnly\` cookie, so the token stays in no history. Ask for a new link each time.

\`locale\` and \`timeZone\` (optional) choose the page's language and the zone its times are shown in. A creator's are stored on the creator (their emails use them too; leaving them out keeps what was stored); a brand's hold for this visit. An unsupported value is refused with \`invalid_request\`. The answer is sent with \`Cache-Control: no-store\`.`;

export function portalSessionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  apiRoute(app, ctx, {
    method: 'POST',
    url: '/v1/portal-sessions',
    operationId: 'createPortalSession',
    summary: 'Open the Channels page or the Campaign Performance pages',
    description,
    tag: 'Portal',
    body: bodyOrEmpty(bodySchema),
    responses: { 201: { description: 'The link to send the person to.', schema: portalSessionSchema } },
    // not_found: the campaign is not this brand's.
    errors: ['not_found', 'payload_too_large'],
    handler: async ({ reply, workspace, body }) => {
      let session: { url: string; expiresAt: Date };
      if ('brand' in body) {
        const made = await createBrandPortalSession(ctx.deps, { workspaceId: workspace.id, ...body });
        if (!made.ok) throw AppError.from(made.error);
        session = made.value;
      } else {
        session = await createPortalSession(ctx.deps, { workspaceId: workspace.id, ...body });
      }
      return reply.code(201).header('cache-control', 'no-store').send({ url: session.url, expiresAt: session.expiresAt.toISOString() });
    },
  });
}
