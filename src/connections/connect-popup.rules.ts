/**
 * The embeddable connect flow (the connect script (clients/node/src/connect.js) opens the connect link in a popup): which origins a
 * platform may name for a session, and the message the flow's last page posts to them. The message
 * goes to each of these exact origins (never `*`), so a page of any other origin that opened the
 * link learns nothing.
 */
import { type ErrorCode, fail, ok, type Result } from '../kernel/errors.ts';

export const MAX_ALLOWED_ORIGINS = 10;
const MAX_ORIGIN_LENGTH = 300;

/**
 * `http(s)://host[:port]` exactly: no path (not even `/`), query, fragment, credentials or wildcard.
 * Answers each as the browser writes `event.origin` (lower-case host, default port dropped), without
 * repeats; an empty list is no list.
 */
export function parseAllowedOrigins(values: readonly string[] | undefined): Result<string[] | null> {
  if (values === undefined || values.length === 0) return ok(null);
  if (values.length > MAX_ALLOWED_ORIGINS) return invalid('allowedOrigins', `at most ${MAX_ALLOWED_ORIGINS} origins`);
  const origins: string[] = [];
  for (const [i, value] of values.entries()) {
    const origin = parseOrigin(value);
    if (!origin) return invalid(`allowedOrigins.${i}`, 'must be an origin such as https://platform.example (scheme, host and port only)');
    if (!origins.includes(origin)) origins.push(origin);
  }
  return ok(origins);
}

function parseOrigin(value: string): string | null {
  if (value.length > MAX_ORIGIN_LENGTH || !/^https?:\/\/[^/?#@\\\s*]+$/i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/** The same shape as a failed parse of the body (platform/http/validate.ts). */
const invalid = (field: string, problem: string) => fail('invalid_request', `Invalid request: ${field}: ${problem}.`, { fields: [{ field, problem }] });

/** A use case's answer about a known session carries where its last page may post the result. */
export interface PopupTarget {
  allowedOrigins?: string[] | null;
}

/** Why a popup flow ended, as the connect script (clients/node/src/connect.js) rejects (or `connected`). */
export type PopupReason = 'connected' | 'cancelled' | 'refused' | 'expired';

/** What the last page of the flow posts to its opener. */
export interface ConnectResultMessage {
  source: 'channelkeeper';
  type: 'connect.result';
  status: 'connected' | 'failed' | 'cancelled';
  /** The connection made (the first, when a Facebook login connected several). */
  connectionId?: string;
  /** Every connection made, in the order the creator's choice listed them. */
  connectionIds?: string[];
  /** The error catalogue's code when the flow failed or was cancelled. */
  code?: ErrorCode;
  reason: PopupReason;
}

/** A link or sign-in that no longer works: the platform asks for a new connect link. */
const expiredCodes: readonly ErrorCode[] = ['connect_session_expired', 'connect_session_used', 'state_expired', 'state_used'];

export function connectedMessage(connectionIds: readonly string[]): ConnectResultMessage {
  return { source: 'channelkeeper', type: 'connect.result', status: 'connected', connectionId: connectionIds[0], connectionIds: [...connectionIds], reason: 'connected' };
}

export function failedMessage(code: ErrorCode): ConnectResultMessage {
  // The creator declined on the network's consent page.
  if (code === 'access_denied') return { source: 'channelkeeper', type: 'connect.result', status: 'cancelled', code, reason: 'cancelled' };
  return { source: 'channelkeeper', type: 'connect.result', status: 'failed', code, reason: expiredCodes.includes(code) ? 'expired' : 'refused' };
}
