/**
 * Whether an error means the database could not be reached (as opposed to a query it refused): the
 * API answers those with 503 `database_unavailable` and the workers wait for the database instead
 * of logging every poll. Read from the error's code where it has one, and through `cause` and an
 * AggregateError's `errors` (Node reports a refused connection to a name with several addresses so).
 * Calls to the networks and to webhook receivers classify their own failures where they are made
 * (a ProviderError, a delivery attempt), so a socket error that gets this far came from the database.
 */

/** Socket failures Node reports while connecting or talking to the server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * SQLSTATEs of a server going away (https://www.postgresql.org/docs/current/errcodes-appendix.html):
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting
 * down), and class 08, connection exceptions.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03']);

/**
 * node-postgres and pg-pool end a connection with plain errors that carry no code; these are their
 * fixed messages (pg's client.js and pg-pool's index.js), not text from the server.
 */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.some((known) => message.startsWith(known))) return true;
  if (cause !== undefined && isConnectionFailure(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((inner) => isConnectionFailure(inner, depth + 1));
}
