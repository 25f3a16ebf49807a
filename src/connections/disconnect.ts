/**
 * Marks a connection disconnected and, in the same transaction, queues the one reconnect email and
 * records the one in-app notice. The transition is conditional on the connection not being
 * disconnected already, so a second failure (or a second process) finds nothing to change and sends
 * nothing. A creator taking part in a live campaign (deps.campaigns) gets an urgent email naming it.
 */
import { DAY } from '../kernel/clock.ts';
import { insertNotification } from '../notifications/index.ts';
import { signLink } from '../platform/crypto/signed-link.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { enqueueEmail } from '../platform/email/outbox.ts';
import { getCreator, getWorkspace } from '../platform/workspaces.repo.ts';
import { type Connection, grantDays } from './connection.rules.ts';
import { disconnectedEmail } from './connection-emails.ts';
import { disconnectedNotice } from './connection-notices.ts';
import { applyTransition } from './connections.repo.ts';

export const RECONNECT_LINK_DAYS = 7;

export interface ReconnectLinkPayload {
  ws: string;
  creatorId: string;
  provider: string;
  connectionId: string;
}

export function reconnectUrl(deps: Pick<Deps, 'keyRing' | 'settings' | 'clock'>, connection: Connection): { url: string; expiresAt: Date } {
  const expiresAt = new Date(deps.clock.now().getTime() + RECONNECT_LINK_DAYS * DAY);
  const payload: ReconnectLinkPayload = { ws: connection.workspaceId, creatorId: connection.creatorId, provider: connection.provider, connectionId: connection.id };
  const token = signLink(deps.keyRing, payload, expiresAt);
  return { url: `${deps.settings.publicUrl}/reconnect?token=${encodeURIComponent(token)}`, expiresAt };
}

export interface DisconnectInput {
  reason: string;
  providerCode?: string;
  expectedVersion?: number;
  /** False: no reconnect email (the person asked the network to erase their data; do not chase them). */
  notify?: boolean;
}

/**
 * Disconnects in one transaction (state change, its email and its webhook together), then wakes the
 * email and webhook workers once the commit has landed. Returns undefined if the connection was
 * already disconnected or changed.
 */
export async function markDisconnected(deps: Deps, connection: Connection, input: DisconnectInput): Promise<Connection | undefined> {
  const updated = await deps.db.transaction().execute((trx) => disconnectWithin(deps, trx, connection, input));
  if (updated) {
    deps.onEmailQueued?.();
    deps.onWebhookQueued?.();
  }
  return updated;
}

/** The same change inside the caller's transaction; the caller wakes the email worker after its commit. */
export async function disconnectWithin(deps: Deps, db: Tx, connection: Connection, input: DisconnectInput): Promise<Connection | undefined> {
  const now = deps.clock.now();
  const updated = await applyTransition(db, deps.clock, {
    id: connection.id,
    transition: 'disconnected',
    expectedVersion: input.expectedVersion,
    reason: input.reason,
    detail: input.providerCode ? { providerCode: input.providerCode } : {},
    set: {
      status_reason: input.reason,
      disconnected_at: now,
      refresh_retry_at: null,
      refresh_started_at: null,
      lease_owner: null,
      lease_expires_at: null,
      last_error_code: input.providerCode ?? null,
      last_error_at: input.providerCode ? now : null,
    },
  });
  if (!updated) return undefined;
  if (input.notify !== false) await queueDisconnectedNotices(deps, db, updated);
  return updated;
}

/**
 * The accounts one login reached that end with this connection's grant, as a creator reads them
 * (Facebook: Pages and their Instagram accounts share one person's token). A creator who logged in
 * once gets one email about that login, naming them all, not one email per account. `reason`: also
 * those already disconnected for it (the same sweep disconnects them one after the other).
 */
export async function accountsSharingGrant(deps: Pick<Deps, 'providers'>, db: Tx, connection: Connection, reason?: string): Promise<string[]> {
  if (!connection.grantId || !connection.grantExpiresAt) return [];
  const rows = await db
    .selectFrom('connections')
    .select(['username', 'display_name', 'network', 'provider'])
    .where('grant_id', '=', connection.grantId)
    .where('grant_expires_at', '=', connection.grantExpiresAt)
    .where((eb) => (reason === undefined ? eb('status', '<>', 'disconnected') : eb.or([eb('status', '<>', 'disconnected'), eb('status_reason', '=', reason)])))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const handle = row.username ? `@${row.username}` : null;
    const name = row.display_name && handle ? `${row.display_name} (${handle})` : (handle ?? row.display_name ?? row.network);
    return row.network === row.provider ? name : `${name} on ${deps.providers.get(row.network)?.displayName ?? row.network}`;
  });
}

async function queueDisconnectedNotices(deps: Deps, db: Tx, connection: Connection): Promise<void> {
  const [creator, workspace] = await Promise.all([getCreator(db, connection.workspaceId, connection.creatorId), getWorkspace(db, connection.workspaceId)]);
  const campaigns = (await deps.campaigns?.liveCampaignsFor(db, connection.workspaceId, connection.creatorId)) ?? [];
  const names = campaigns.map((campaign) => campaign.name);
  const network = deps.providers.get(connection.provider)?.displayName ?? connection.provider;
  const reason = connection.statusReason ?? 'revoked';
  const days = grantDays(connection);
  // One of each per disconnection: the version the transition produced is unique to it.
  const dedupeKey = `disconnected:${connection.id}:${connection.version}`;
  const notice = disconnectedNotice({ network, username: connection.username, reason, grantDays: days, campaigns: names });
  await insertNotification(db, deps.clock, {
    workspaceId: connection.workspaceId,
    creatorId: connection.creatorId,
    connectionId: connection.id,
    kind: 'connection_disconnected',
    ...notice,
    dedupeKey,
  });
  if (!creator?.email) {
    deps.logger.warn({ connectionId: connection.id }, 'creator has no email address; reconnect email not sent');
    return;
  }
  const link = reconnectUrl(deps, connection);
  // The grant's end is the end of every account it reached; other reasons (a Page role removed) may touch one.
  const wholeGrant = connection.grantId !== null && connection.statusReason === 'expired';
  const content = disconnectedEmail({
    productName: workspace?.productName ?? deps.settings.productName,
    creatorName: creator.name,
    network,
    username: connection.username,
    accounts: wholeGrant ? await accountsSharingGrant(deps, db, connection, 'expired') : undefined,
    reason,
    reconnectUrl: link.url,
    linkExpiresAt: link.expiresAt,
    grantDays: days,
    campaigns: names,
  });
  await enqueueEmail(db, deps.clock, {
    ...content,
    priority: names.length > 0 ? 'high' : 'normal',
    workspaceId: connection.workspaceId,
    creatorId: connection.creatorId,
    connectionId: connection.id,
    kind: 'connection_disconnected',
    // One email per disconnection (the version the transition produced is unique to it), or per grant's end.
    dedupeKey: wholeGrant ? `disconnected:grant:${connection.grantId}:expired` : dedupeKey,
    to: creator.email,
    from: workspace?.emailFrom ?? deps.settings.emailFrom,
  });
}
