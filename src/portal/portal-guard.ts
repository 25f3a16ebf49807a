/**
 * What every portal page (a creator's Channels page, a brand's Campaign Performance pages) checks
 * before it answers: a live cookie session of the right kind, and for a form post a valid CSRF token
 * and no foreign Origin. A failure is answered here, as a page, and the caller gets undefined.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { failurePage } from '../connections/index.ts';
import { errorCatalog, type Failure } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { readCookie, sendHtml } from '../platform/http/html-reply.ts';
import { checkCsrf } from './portal-session.ts';

export const PORTAL_COOKIE = 'ck_portal';

export interface PortalGuard<S> {
  showFailure(reply: FastifyReply, failure: Failure, backUrl?: string): FastifyReply;
  session(request: FastifyRequest, reply: FastifyReply): Promise<S | undefined>;
  formSession(request: FastifyRequest, reply: FastifyReply): Promise<S | undefined>;
}

export function portalGuard<S extends { id: string }>(deps: Deps, find: (deps: Deps, cookie: string | undefined) => Promise<S | undefined>): PortalGuard<S> {
  const publicOrigin = new URL(deps.settings.publicUrl).origin;
  const showFailure = (reply: FastifyReply, failure: Failure, backUrl?: string) =>
    sendHtml(reply, errorCatalog[failure.code].status, failurePage(failure, { productName: deps.settings.productName, backUrl }));

  async function session(request: FastifyRequest, reply: FastifyReply): Promise<S | undefined> {
    const found = await find(deps, readCookie(request, PORTAL_COOKIE));
    if (!found) showFailure(reply, { code: 'portal_session_expired' });
    return found;
  }

  async function formSession(request: FastifyRequest, reply: FastifyReply): Promise<S | undefined> {
    const found = await session(request, reply);
    if (!found) return undefined;
    const origin = request.headers.origin;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if ((origin && origin !== publicOrigin) || !checkCsrf(deps, found, body.csrf)) {
      showFailure(reply, { code: 'csrf_invalid' });
      return undefined;
    }
    return found;
  }

  return { showFailure, session, formSession };
}
