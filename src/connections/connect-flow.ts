/**
 * What the connect flow's pages need to know besides the outcome: whom they speak to (the session's
 * creator, whose stored language and zone come first, and workspace, whose brand they wear), which
 * network, and, after a failure the creator can retry, a link back to the start of the same connect
 * link while it is still valid (signed, so it cannot be made for another session or outlive it).
 */
import { signLink, verifyLink } from '../platform/crypto/signed-link.ts';
import type { Deps } from '../platform/deps.ts';
import type { ConnectSessionRow } from './connect.repo.ts';
import type { PopupTarget } from './connect-popup.rules.ts';

const RETRY_PURPOSE = 'connect-retry';

export interface FlowReader {
  workspaceId: string;
  creatorId: string;
}

/** Carried by the flow's results, success or failure, when the session is known. */
export interface FlowTarget extends PopupTarget {
  reader?: FlowReader;
  /** The network's id (the provider's). */
  provider?: string;
  /** Back to the network's consent for the same session: set after a failure the creator can retry. */
  retryUrl?: string | null;
}

export const readerOf = (session: Pick<ConnectSessionRow, 'workspace_id' | 'creator_id'>): FlowReader => ({
  workspaceId: session.workspace_id,
  creatorId: session.creator_id,
});

/** The session's part of every answer: its reader, network and popup origins. */
export const targetOf = (session: ConnectSessionRow): FlowTarget => ({ reader: readerOf(session), provider: session.provider, allowedOrigins: session.allowed_origins });

/** A link that starts the session's consent again, valid as long as the session; null once it is used or over. */
export function retryLink(deps: Pick<Deps, 'keyRing' | 'clock'> & { settings: Pick<Deps['settings'], 'publicUrl'> }, session: ConnectSessionRow): string | null {
  if (session.completed_at || session.expires_at <= deps.clock.now()) return null;
  const token = signLink(deps.keyRing, { sid: session.id }, session.expires_at, RETRY_PURPOSE);
  return `${deps.settings.publicUrl}/connect/again?link=${encodeURIComponent(token)}`;
}

/** The session a retry link names; an expired link reads as the connect link having expired. */
export function retriedSession(
  deps: Pick<Deps, 'keyRing' | 'clock'>,
  link: string,
): { ok: true; sessionId: string } | { ok: false; code: 'connect_session_not_found' | 'connect_session_expired' } {
  const check = verifyLink<{ sid?: unknown }>(deps.keyRing, link, deps.clock.now(), RETRY_PURPOSE);
  if (!check.ok) return { ok: false, code: check.code === 'reconnect_link_expired' ? 'connect_session_expired' : 'connect_session_not_found' };
  return typeof check.payload.sid === 'string' ? { ok: true, sessionId: check.payload.sid } : { ok: false, code: 'connect_session_not_found' };
}
