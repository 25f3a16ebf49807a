/** Reading connections, and handing out an access token (decrypted at call time, counted, never logged). */

import { fail, ok, type Result } from '../kernel/errors.ts';
import { cursorPosition, encodeCursor, keysetPage } from '../kernel/keyset-cursor.ts';
import { type MediaSyncSummary, syncSummaries } from '../media/index.ts';
import type { Deps } from '../platform/deps.ts';
import { accountName } from '../providers/account-name.ts';
import type { Feature, OAuthProvider } from '../providers/provider.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { Connection } from './connection.rules.ts';
import { findConnection, type HandoutRow, linkedIdsOf, listConnectionPage, listConnections, readForHandout, readHandoutRow } from './connections.repo.ts';
import { markDisconnected } from './disconnect.ts';
import { refreshOnDemand } from './refresh-on-demand.ts';

/**
 * What the API shows of a connection: everything but secrets and internal bookkeeping. Webhook
 * bodies carry the same view, built in SQL (webhooks/webhooks.repo.ts `connectionJson`): change both.
 * Three fields are the API's only: `missingScopes` (it needs the providers' feature table),
 * `mediaSync` (the sync's progress is no state change of the connection, and a webhook body is) and
 * `linkedConnectionIds` (another login connecting is no change of this one).
 */
export interface ConnectionView {
  id: string;
  provider: string;
  /** What the account is: 'instagram' for an Instagram account whichever login reached it. */
  network: string;
  /** Which login flow the connection uses: instagram_login, facebook_login, tiktok_login_kit, google_oauth, pinterest_oauth. */
  login: string;
  creatorId: string;
  accountId: string;
  username: string | null;
  displayName: string | null;
  /** How people name the account (accountName): `@handle`, a Page's name, or the network's id. */
  accountName: string;
  /** The creator's other connections to the same network account through another login (one account, two logins). */
  linkedConnectionIds: string[];
  accountType: string | null;
  avatarUrl: string | null;
  status: string;
  statusReason: string | null;
  scopes: string[];
  /** Scopes the product's features need that the creator did not grant; reconnecting asks for them again. */
  missingScopes: string[];
  tokenExpiresAt: string | null;
  /** When the connection ends unless it is refreshed or the creator reconnects; null: no fixed end. */
  expiresAt: string | null;
  lastRefreshedAt: string | null;
  connectedAt: string;
  disconnectedAt: string | null;
  /** The latest media sync; null when the connection has had none (connected before media sync existed). */
  mediaSync: MediaSyncSummary | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Scopes the provider's features need that the connection lacks. */
export function missingScopes(connection: Pick<Connection, 'scopes'>, provider: OAuthProvider | undefined): string[] {
  if (!provider) return [];
  const needed = new Set(Object.values(provider.featureScopes).flat());
  return [...needed].filter((scope) => !connection.scopes.includes(scope));
}

export function toView(
  connection: Connection,
  providers: Pick<ProviderRegistry, 'get'> | undefined,
  mediaSync: MediaSyncSummary | null,
  linkedConnectionIds: string[] = [],
): ConnectionView {
  return {
    id: connection.id,
    provider: connection.provider,
    network: connection.network,
    login: connection.login,
    creatorId: connection.creatorId,
    accountId: connection.accountId,
    username: connection.username,
    displayName: connection.displayName,
    accountName: accountName(connection),
    linkedConnectionIds,
    accountType: connection.accountType,
    avatarUrl: connection.avatarUrl,
    status: connection.status,
    statusReason: connection.statusReason,
    scopes: connection.scopes,
    missingScopes: missingScopes(connection, providers?.get(connection.provider)),
    tokenExpiresAt: iso(connection.tokenExpiresAt),
    expiresAt: iso(connection.grantExpiresAt),
    lastRefreshedAt: iso(connection.lastRefreshedAt),
    connectedAt: connection.connectedAt.toISOString(),
    disconnectedAt: iso(connection.disconnectedAt),
    mediaSync,
  };
}

/** One connection's view, with its latest media sync. */
export async function connectionView(deps: Pick<Deps, 'db' | 'providers'>, connection: Connection): Promise<ConnectionView> {
  const [syncs, linked] = await Promise.all([syncSummaries(deps, [connection.id]), linkedIdsOf(deps.db, [connection])]);
  return toView(connection, deps.providers, syncs.get(connection.id) ?? null, linked.get(connection.id));
}

export async function listConnectionViews(deps: Deps, workspaceId: string, filter: { creatorId?: string; status?: string }): Promise<ConnectionView[]> {
  const connections = await listConnections(deps.db, workspaceId, filter);
  const [syncs, linked] = await Promise.all([
    syncSummaries(
      deps,
      connections.map((connection) => connection.id),
    ),
    linkedIdsOf(deps.db, connections),
  ]);
  return connections.map((connection) => toView(connection, deps.providers, syncs.get(connection.id) ?? null, linked.get(connection.id)));
}

/** `GET /v1/connections`: a page of the workspace's connections, oldest first. */
export async function listConnectionViewPage(
  deps: Deps,
  workspaceId: string,
  query: { creatorId?: string; status?: string; limit: number; cursor?: string },
): Promise<Result<{ data: ConnectionView[]; nextCursor: string | null }>> {
  const position = cursorPosition(query.cursor);
  if (!position.ok) return position;
  const after = position.value && { createdAt: position.value.at, id: position.value.id };
  const rows = await listConnectionPage(deps.db, workspaceId, { creatorId: query.creatorId, status: query.status, limit: query.limit + 1, after });
  const page = keysetPage(rows, query.limit, (connection) => encodeCursor(connection.createdAt, connection.id));
  const [syncs, linked] = await Promise.all([
    syncSummaries(
      deps,
      page.rows.map((connection) => connection.id),
    ),
    linkedIdsOf(deps.db, page.rows),
  ]);
  return ok({
    data: page.rows.map((connection) => toView(connection, deps.providers, syncs.get(connection.id) ?? null, linked.get(connection.id))),
    nextCursor: page.nextCursor,
  });
}

export async function getConnectionView(deps: Deps, workspaceId: string, id: string): Promise<Result<ConnectionView>> {
  const connection = await findConnection(deps.db, workspaceId, id);
  return connection ? ok(await connectionView(deps, connection)) : fail('not_found', 'There is no connection with this id in this workspace.');
}

export async function handOutAccessToken(deps: Deps, workspaceId: string, id: string): Promise<Result<{ accessToken: string; expiresAt: string | null }>> {
  const opened = await openAccessToken(deps, workspaceId, id);
  if (opened.ok) deps.handoutAudit.record(id, deps.clock.now());
  return opened;
}

/**
 * A usable access token for our own calls to the network (the media sync) as for a hand-out: a
 * short-lived token about to lapse is refreshed first (once across processes), a grant past its end
 * is marked disconnected. Not counted as a hand-out: it never leaves the service.
 */
export async function openAccessToken(deps: Deps, workspaceId: string, id: string): Promise<Result<{ accessToken: string; expiresAt: string | null }>> {
  const now = deps.clock.now();
  let found = await cachedHandoutRow(deps, workspaceId, id);
  if (!found) return fail('not_found', 'There is no connection with this id in this workspace.');
  if (found.status !== 'disconnected' && found.grantExpiresAt && found.grantExpiresAt <= now) {
    // The sweep has not noticed yet; the grant is over either way, so say so now, once.
    const connection = await findConnection(deps.db, workspaceId, id);
    if (connection) {
      await markDisconnected(deps, connection, { reason: 'expired', expectedVersion: connection.version });
    }
    return fail('reconnect_required', 'The token expired; the creator has to reconnect.', { reason: 'expired' });
  }
  if (found.status !== 'disconnected' && needsRefreshFirst(deps, found, now)) {
    const fresh = await refreshBeforeHandout(deps, workspaceId, found);
    if (!fresh.ok) return fresh;
    found = fresh.value;
  }
  if (found.status === 'disconnected' || !found.accessTokenSealed) {
    return fail('reconnect_required', undefined, { reason: found.statusReason });
  }
  const accessToken = deps.keyRing.open(found.accessTokenSealed, `${found.id}:access`);
  return ok({ accessToken, expiresAt: iso(found.tokenExpiresAt) });
}

/**
 * The hand-out's row, from the cache of sealed rows while it may answer (handout-cache.ts), otherwise
 * from the database. Whatever it answers, the checks above run on it at every hand-out.
 */
async function cachedHandoutRow(deps: Deps, workspaceId: string, id: string): Promise<HandoutRow | undefined> {
  // The cache holds only what readHandoutRow returns (see Deps.handoutRows).
  const row = (await deps.handoutRows.get(id, () => readHandoutRow(deps.db, id))) as HandoutRow | undefined;
  return row?.workspaceId === workspaceId ? row : undefined;
}

function needsRefreshFirst(deps: Deps, row: Pick<HandoutRow, 'provider' | 'tokenExpiresAt'>, now: Date): boolean {
  const window = deps.policies[row.provider]?.refreshOnUseWithinMs;
  return window != null && row.tokenExpiresAt !== null && row.tokenExpiresAt.getTime() - now.getTime() <= window;
}

/** A short-lived access token about to lapse is refreshed (once, across processes) before it is handed out. */
async function refreshBeforeHandout(deps: Deps, workspaceId: string, row: HandoutRow): Promise<Result<HandoutRow>> {
  await refreshOnDemand(deps, row.id, (claimed) => needsRefreshFirst(deps, { provider: row.provider, tokenExpiresAt: claimed.tokenExpiresAt }, deps.clock.now()));
  // Past the cache: the refresh just committed here (or in another process) may not have been told yet.
  const again = await readForHandout(deps.db, workspaceId, row.id);
  if (!again) return fail('not_found', 'There is no connection with this id in this workspace.');
  if (again.status === 'disconnected') return fail('reconnect_required', undefined, { reason: again.statusReason });
  if (again.tokenExpiresAt && again.tokenExpiresAt <= deps.clock.now()) {
    return fail('provider_unavailable', 'The network did not renew the access token just now; try again in a few minutes.');
  }
  return ok(again);
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

/**
 * The check a feature makes before calling the network: a connection without a scope the feature
 * needs fails with insufficient_scope naming it (reconnecting asks for it again; a refresh cannot add it).
 */
export function requireFeature(connection: Connection, provider: OAuthProvider, feature: Feature): Result<true> {
  const lacking = (provider.featureScopes[feature] ?? []).filter((scope) => !connection.scopes.includes(scope));
  if (lacking.length === 0) return ok(true);
  return fail('insufficient_scope', `The creator did not grant ${lacking.join(', ')}, which ${feature} needs; ask them to reconnect and allow it.`, {
    missingScopes: lacking,
    feature,
  });
}

/** A connection's history, newest first: connected, refreshed, refresh_failed, disconnected, reconnected… */
/** A connection's history, newest first, a page at a time (keyset on occurred_at, id). */
export async function listConnectionEvents(
  deps: Deps,
  workspaceId: string,
  id: string,
  query: { limit: number; cursor?: string },
): Promise<Result<{ data: ConnectionEventView[]; nextCursor: string | null }>> {
  const position = cursorPosition(query.cursor);
  if (!position.ok) return position;
  const connection = await findConnection(deps.db, workspaceId, id);
  if (!connection) return fail('not_found', 'There is no connection with this id in this workspace.');
  let select = deps.db.selectFrom('connection_events').selectAll().where('connection_id', '=', id);
  if (position.value) {
    const { at, id: eventId } = position.value;
    select = select.where((eb) => eb.or([eb('occurred_at', '<', at), eb.and([eb('occurred_at', '=', at), eb('id', '<', eventId)])]));
  }
  const rows = await select
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = keysetPage(rows, query.limit, (row) => encodeCursor(row.occurred_at, row.id));
  return ok({
    nextCursor: page.nextCursor,
    data: page.rows.map((row) => ({
      id: row.id,
      type: row.type,
      fromStatus: row.from_status,
      toStatus: row.to_status,
      reason: row.reason,
      detail: row.detail,
      occurredAt: row.occurred_at.toISOString(),
    })),
  });
}
