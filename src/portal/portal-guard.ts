/**
 * What every portal page (a creator's Channels page, a brand's Campaign Performance pages) checks
 * before it answers: a live cookie session of the right kind, and for a form post a valid CSRF token
 * and no foreign Origin. A failure is answered here, as a page in the reader's language, and the caller gets undefined.
 *
 * Each kind of visit has its own cookie: one browser often holds both (the demo story: a brand asks
 * for Partnership Ads, the creator approves, the brand checks), and one cookie for both meant opening
 * the creator's page ended the brand's visit.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Failure } from '../kernel/errors.ts';
import type { Deps } from '../platform/deps.ts';
import { readCookie } from '../platform/http/html-reply.ts';
import { anonymousViewer, type Viewer, viewerFor } from '../platform/web/viewer.ts';
import { sendFailure } from './portal-failure.page.ts';
import { checkCsrf, type PortalKind } from './portal-session.ts';

/** Each kind's cookie: its name, and the pages it is sent to. */
export const PORTAL_COOKIES: Record<PortalKind, { name: string; path: string }> = {
  creator: { name: 'ck_portal', path: '/portal' },
  brand: { name: 'ck_brand', path: '/portal/campaigns' },
};

/** The reader of a session: a creator's stored language, or what a brand's visit asked for. */
interface SessionReader {
  id: string;
  workspaceId: string;
  creatorId?: string;
  locale?: string | null;
  timeZone?: string | null;
}

/** What a page's reader is read from: a session, or a spent link's row. */
type Reading = Omit<SessionReader, 'id'>;

export interface PortalGuard<S> {
  /** `reader`: whose page it is when no session names them (a spent link still names its workspace). */
  showFailure(reply: FastifyReply, failure: Failure, backUrl?: string, reader?: Reading): Promise<FastifyReply>;
  session(request: FastifyRequest, reply: FastifyReply): Promise<S | undefined>;
  formSession(request: FastifyRequest, reply: FastifyReply): Promise<S | undefined>;
  /** Who reads this request's page: the session's language and brand, else the browser's. */
  viewer(request: FastifyRequest, session?: S): Promise<Viewer>;
}

export function portalGuard<S extends SessionReader>(deps: Deps, find: (deps: Deps, cookie: string | undefined) => Promise<S | undefined>, kind: PortalKind): PortalGuard<S> {
  const publicOrigin = new URL(deps.settings.publicUrl).origin;
  // The session a request was found with, so a failure later in the handler speaks its language.
  const sessions = new WeakMap<FastifyRequest, S>();

  async function viewer(request: FastifyRequest, found: Reading | undefined = sessions.get(request)): Promise<Viewer> {
    const acceptLanguage = request.headers['accept-language'];
    if (!found) return anonymousViewer(deps.settings, acceptLanguage);
    const { workspaceId, creatorId, locale, timeZone } = found;
    return viewerFor(deps.db, deps.settings, { workspaceId, creatorId, acceptLanguage, locale, timeZone });
  }

  const showFailure = async (reply: FastifyReply, failure: Failure, backUrl?: string, reader?: Reading) =>
    sendFailure(reply, await viewer(reply.request, reader ?? sessions.get(reply.request)), failure, { kind, backUrl });

  async function session(request: FastifyRequest, reply: FastifyReply): Promise<S | undefined> {
    const found = await find(deps, readCookie(request, PORTAL_COOKIES[kind].name));
    if (!found) await showFailure(reply, { code: 'portal_session_expired' });
    else sessions.set(request, found);
    return found;
  }

  async function formSession(request: FastifyRequest, reply: FastifyReply): Promise<S | undefined> {
    const found = await session(request, reply);
    if (!found) return undefined;
    const origin = request.headers.origin;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if ((origin && origin !== publicOrigin) || !checkCsrf(deps, found, body.csrf)) {
      await showFailure(reply, { code: 'csrf_invalid' });
      return undefined;
    }
    return found;
  }

  return { showFailure, session, formSession, viewer };
}

/** The Set-Cookie header of a visit that starts now. */
export function visitCookie(deps: Pick<Deps, 'settings' | 'clock'>, kind: PortalKind, opened: { cookieToken: string; expiresAt: Date }): string {
  const { name, path } = PORTAL_COOKIES[kind];
  const secure = deps.settings.publicUrl.startsWith('https:') ? '; Secure' : '';
  const maxAge = Math.round((opened.expiresAt.getTime() - deps.clock.now().getTime()) / 1000);
  return `${name}=${opened.cookieToken}; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}
