/** Reading connections, and handing out an access token (decrypted at call time, counted, never logged). */
import type { Connection } from '../domain/connection.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { findConnection, listConnections, readForHandout } from '../storage/connections.repo.ts';
import type { Deps } from './deps.ts';
import { markDisconnected } from './disconnect.ts';

/**
 * What the API shows of a connection: everything but secrets and internal bookkeeping. Webhook
 * bodies carry the same view, built in SQL (storage/webhooks.repo.ts `connectionJson`): change both.
 */
export interface ConnectionView {
  id: string;
  provider: string;
  login: string;
  creatorId: string;
  accountId: string;
  username: string | null;
  displayName: string | null;
  accountType: string | null;
  avatarUrl: string | null;
  status: string;
  statusReason: string | null;
  scopes: string[];
  tokenExpiresAt: string | null;
  lastRefreshedAt: string | null;
  connectedAt: string;
  disconnectedAt: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toView(connection: Connection): ConnectionView {
  return {
    id: connection.id,
    provider: connection.provider,
    login: connection.login,
    creatorId: connection.creatorId,
    accountId: connection.accountId,
    username: connection.username,
    displayName: connection.displayName,
    accountType: connection.accountType,
    avatarUrl: connection.avatarUrl,
    status: connection.status,
    statusReason: connection.statusReason,
    scopes: connection.scopes,
    tokenExpiresAt: iso(connection.tokenExpiresAt),
    lastRefreshedAt: iso(connection.lastRefreshedAt),
    connectedAt: connection.connectedAt.toISOString(),
    disconnectedAt: iso(connection.disconnectedAt),
  };
}

export async function listConnectionViews(deps: Deps, workspaceId: string, filter: { creatorId?: string; status?: string }): Promise<ConnectionView[]> {
  return (await listConnections(deps.db, workspaceId, filter)).map(toView);
}

export async function getConnectionView(deps: Deps, workspaceId: string, id: string): Promise<Result<ConnectionView>> {
  const connection = await findConnection(deps.db, workspaceId, id);
  return connection ? ok(toView(connection)) : fail('not_found', 'There is no connection with this id in this workspace.');
}

export async function handOutAccessToken(deps: Deps, workspaceId: string, id: string): Promise<Result<{ accessToken: string; expiresAt: string | null }>> {
  const now = deps.clock.now();
  const found = await readForHandout(deps.db, workspaceId, id);
  if (!found) return fail('not_found', 'There is no connection with this id in this workspace.');
  if (found.status !== 'disconnected' && found.tokenExpiresAt && found.tokenExpiresAt <= now) {
    // The sweep has not noticed yet; the token is dead either way, so say so now, once.
    const connection = await findConnection(deps.db, workspaceId, id);
    if (connection) {
      await markDisconnected(deps, connection, { reason: 'expired', expectedVersion: connection.version });
    }
    return fail('reconnect_required', 'The token expired; the creator has to reconnect.', { reason: 'expired' });
  }
  if (found.status === 'disconnected' || !found.accessTokenSealed) {
    return fail('reconnect_required', undefined, { reason: found.statusReason });
  }
  const accessToken = deps.keyRing.open(found.accessTokenSealed, `${found.id}:access`);
  deps.handoutAudit.record(found.id, now);
  return ok({ accessToken, expiresAt: iso(found.tokenExpiresAt) });
}

export interface ConnectionEventView {
  id: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
  occurredAt: string;
}

/** A connection's history, newest first: connected, refreshed, refresh_failed, disconnected, reconnected… */
export async function listConnectionEvents(deps: Deps, workspaceId: string, id: string, limit: number): Promise<Result<ConnectionEventView[]>> {
  const connection = await findConnection(deps.db, workspaceId, id);
  if (!connection) return fail('not_found', 'There is no connection with this id in this workspace.');
  const rows = await deps.db
    .selectFrom('connection_events')
    .selectAll()
    .where('connection_id', '=', id)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return ok(
    rows.map((row) => ({
      id: row.id,
      type: row.type,
      fromStatus: row.from_status,
      toStatus: row.to_status,
      reason: row.reason,
      detail: row.detail,
      occurredAt: row.occurred_at.toISOString(),
    })),
  );
}
