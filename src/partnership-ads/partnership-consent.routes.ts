/**
 * The creator's Partnership Ads pages: the review page a signed link opens, its Approve and Deny
 * forms, and Facebook's redirect back. The signed link's token (in the query, like reconnect links:
 * longer than a path parameter may be) is the credential: unguessable, expiring, bound to one request.
 * The forms also refuse a foreign Origin. Failures are pages, with their codes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorCatalog, type Failure } from '../kernel/errors.ts';
import { sendHtml } from '../platform/http/html-reply.ts';
import type { RouteContext } from '../platform/http/route-context.ts';
import { anonymousViewer, viewerFor } from '../platform/web/viewer.ts';
import { type ApprovalOutcome, completeApproval, denyPartnership, startApproval } from './partnership-consent.ts';
import { partnershipFailurePage } from './partnership-failure.page.ts';
import { partnershipPage } from './partnership-review.page.ts';
import { loadReview } from './partnership-review.ts';

const outcomes = [
  'approved',
  'partial',
  'denied',
  'wrong_owner',
  'permissions_declined',
  'access_denied',
  'provider_error',
  'closed',
] as const satisfies readonly ApprovalOutcome[];
const reviewQuery = z.object({
  token: z.string().max(2000).default(''),
  outcome: z.enum(outcomes).optional().catch(undefined),
  // The Channels page's Review link says so: the page then links back to it (the creator's visit is open there).
  from: z.literal('channels').optional().catch(undefined),
});
/** The creators' Channels page (the portal's), where an approval is revoked. */
const CHANNELS_PAGE = '/portal';
const callbackQuery = z.object({ state: z.string().max(200).optional(), code: z.string().max(2000).optional(), error: z.string().max(200).optional() });

export function partnershipConsentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { deps } = ctx;
  const publicOrigin = new URL(deps.settings.publicUrl).origin;
  // No request opened, so no workspace to dress the page in: the browser's language, our name.
  const showFailure = (reply: FastifyReply, failure: Failure, request: FastifyRequest) =>
    sendHtml(reply, errorCatalog[failure.code].status, partnershipFailurePage(failure.code, anonymousViewer(deps.settings, request.headers['accept-language'])));
  const queryOf = (query: unknown) => reviewQuery.safeParse(query).data ?? { token: '', outcome: undefined, from: undefined };

  app.get('/partnership-ads', async (request, reply) => {
    const { token, outcome, from } = queryOf(request.query);
    const result = await loadReview(deps, token);
    if (!result.ok) return showFailure(reply, result.error, request);
    const view = { ...result.value, channelsUrl: from === 'channels' ? CHANNELS_PAGE : null };
    // The creator's stored language first: the page reads as their emails do; else their browser's.
    const viewer = await viewerFor(deps.db, deps.settings, {
      workspaceId: view.workspaceId,
      creatorId: view.request.creatorId,
      acceptLanguage: request.headers['accept-language'],
    });
    return sendHtml(reply, 200, partnershipPage(view, { token, outcome, viewer, from }));
  });

  app.post('/partnership-ads/:decision', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && origin !== publicOrigin) return showFailure(reply, { code: 'csrf_invalid' }, request);
    const { token, from } = queryOf(request.query);
    const decision = (request.params as { decision?: string }).decision;
    if (decision === 'approve') {
      const started = await startApproval(deps, token);
      return started.ok ? reply.redirect(started.value.redirectUrl, 303) : showFailure(reply, started.error, request);
    }
    if (decision !== 'deny') return showFailure(reply, { code: 'not_found' }, request);
    const denied = await denyPartnership(deps, token);
    if (!denied.ok) return showFailure(reply, denied.error, request);
    return reply.redirect(`/partnership-ads?${new URLSearchParams({ token, outcome: 'denied', ...(from ? { from } : {}) })}`, 303);
  });

  app.get('/partnership-ads/callback', async (request, reply) => {
    const query = callbackQuery.safeParse(request.query).data ?? {};
    const result = await completeApproval(deps, query);
    return result.ok ? reply.redirect(result.value.reviewUrl, 303) : showFailure(reply, result.error, request);
  });
}
