/**
 * Partnership Ads for brands (API key): ask for one bound post, list a campaign's requests, read one,
 * withdraw one. The creator answers on the pages in partnership-consent.ts.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findCampaign, idParams, postParams } from '../campaigns/index.ts';
import { cursorPosition, encodeCursor, keysetPage } from '../kernel/keyset-cursor.ts';
import { sendFailure } from '../platform/http/error-handler.ts';
import { pageQuery } from '../platform/http/page-query.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { parseOrThrow } from '../platform/http/validate.ts';
import { findPartnership, listEvents, listForCampaign } from './partnership-ads.repo.ts';
import { PARTNERSHIP_DURATION_DAYS } from './partnership-ads.rules.ts';
import { withdrawPartnership } from './partnership-end.ts';
import { requestPartnershipAds } from './partnership-request.ts';
import { toPartnershipView } from './partnership-view.ts';

const { min, max } = PARTNERSHIP_DURATION_DAYS;
export const partnershipBody = z.object({
  // Instagram professional account ids are numeric strings (17 digits today; kept as text, above 2^53).
  brandInstagramAccountId: z
    .string()
    .trim()
    .regex(/^\d{5,30}$/, 'an Instagram account id: digits only')
    .optional(),
  durationDays: z.number().int().min(min).max(max).optional(),
  // The brands' page form reaches this schema without the API's NUL check; PostgreSQL cannot store a NUL in text.
  message: z
    .string()
    .trim()
    .max(500)
    .refine((text) => !text.includes('\u0000'), 'a NUL character is not allowed')
    .optional(),
});

export function partnershipAdRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/v1/campaigns/:id/posts/:postId/partnership-ads', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id, postId } = parseOrThrow(postParams, request.params);
    const body = parseOrThrow(partnershipBody, request.body ?? {});
    const result = await requestPartnershipAds(ctx.deps, { workspaceId: workspace.id, campaignId: id, postId, ...body, message: body.message || null });
    if (!result.ok) return sendFailure(reply, result.error);
    return reply.code(result.value.created ? 201 : 200).send(result.value.request);
  });

  app.get('/v1/campaigns/:id/partnership-ads', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const query = parseOrThrow(pageQuery(), request.query);
    const position = cursorPosition(query.cursor);
    if (!position.ok) return sendFailure(reply, position.error);
    if (!(await findCampaign(ctx.deps.db, workspace.id, id))) return sendFailure(reply, { code: 'not_found', message: `No campaign ${id} in this workspace.` });
    const before = position.value && { requestedAt: position.value.at, id: position.value.id };
    const rows = await listForCampaign(ctx.deps.db, workspace.id, id, { limit: query.limit + 1, before });
    const page = keysetPage(rows, query.limit, (row) => encodeCursor(row.requested_at, row.id));
    return { data: page.rows.map(toPartnershipView), nextCursor: page.nextCursor };
  });

  app.get('/v1/partnership-ads/:id', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const row = await findPartnership(ctx.deps.db, workspace.id, id);
    if (!row) return sendFailure(reply, { code: 'not_found' });
    const events = await listEvents(ctx.deps.db, row.id);
    return { ...toPartnershipView(row), events: events.map((e) => ({ type: e.type, detail: e.detail, createdAt: e.createdAt.toISOString() })) };
  });

  app.post('/v1/partnership-ads/:id/withdraw', async (request, reply) => {
    const workspace = await ctx.authenticate(request);
    const { id } = parseOrThrow(idParams, request.params);
    const result = await withdrawPartnership(ctx.deps, { workspaceId: workspace.id, id });
    return result.ok ? toPartnershipView(result.value) : sendFailure(reply, result.error);
  });
}
