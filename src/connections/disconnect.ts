/**
 * Marks a connection disconnected and, in the same transaction, queues the one reconnect email and
 * records the one in-app notice. The transition is conditional on the connection not being
 * disconnected already, so a second failure (or a second process) finds nothing to change and sends
 * nothing. A creator taking part in a live campaign (deps.campaigns) gets an urgent email naming it.
 * A reason that ends the person's login ends every connection sharing its grant at once (see
 * disconnectWithin).
 */
import { DAY } from '../kernel/clock.ts';
import { insertNotification } from '../notifications/index.ts';
import { signLink } from '../platform/crypto/signed-link.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { enqueueEmail } from '../platform/email/outbox.ts';
import { fromHeader } from '../platform/email/sender.ts';
import { viewerFor } from '../platform/web/viewer.ts';
import { getCreator, getWorkspace } from '../platform/workspaces.repo.ts';
import { accountLabel, accountRef, professionalSwitchOf } from './account-label.ts';
import { type Connection, endsGrant, grantDays } from './connection.rules.ts';
import { disconnectedEmail } from './connection-emails.ts';
import { disconnectedNotice } from './connection-notices.ts';
import { applyTransition, rowToConnection } from './connections.repo.ts';

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

/**
 * The same change inside the caller's transaction; the caller wakes the email worker after its commit.
 * A reason that ends the person's login (endsGrant: app removed, password changed, expired, …) ends
 * every other connection sharing the grant in the same transaction, each with its own event, notice
 * and webhook, and ONE email naming every account it reached: the next call through a sibling would
 * only hand out the same dead token until its own daily verify.
 */
export async function disconnectWithin(deps: Deps, db: Tx, connection: Connection, input: DisconnectInput): Promise<Connection | undefined> {
  const wholeGrant = connection.grantId !== null && endsGrant(input.reason);
  // Row locks in id order before any change: two processes ending the same grant from two of its
  // connections wait for each other instead of deadlocking.
  if (wholeGrant) await lockGrant(db, connection.grantId!);
  const updated = await disconnectOne(deps, db, connection, input);
  if (!updated) return undefined;
  const reached = wholeGrant ? [updated, ...(await disconnectSiblings(deps, db, updated, input))] : [updated];
  if (input.notify !== false) {
    for (const each of reached) await queueNotice(deps, db, each);
    await queueEmail(deps, db, updated, reached.length > 1 || wholeGrant ? reached : undefined);
  }
  return updated;
}

async function disconnectOne(deps: Deps, db: Tx, connection: Connection, input: DisconnectInput & { detail?: Record<string, unknown> }): Promise<Connection | undefined> {
  const now = deps.clock.now();
  return applyTransition(db, deps.clock, {
    id: connection.id,
    transition: 'disconnected',
    expectedVersion: input.expectedVersion,
    reason: input.reason,
    detail: { ...(input.providerCode ? { providerCode: input.providerCode } : {}), ...input.detail },
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
}

async function lockGrant(db: Tx, grantId: string): Promise<void> {
  await db.selectFrom('connections').select('id').where('grant_id', '=', grantId).orderBy('id').forUpdate().execute();
}

/** The grant's other live connections, disconnected for the same reason (each its one conditional update and event). */
async function disconnectSiblings(deps: Deps, db: Tx, first: Connection, input: DisconnectInput): Promise<Connection[]> {
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where('grant_id', '=', first.grantId)
    .where('id', '<>', first.id)
    .where('status', '<>', 'disconnected')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const reached: Connection[] = [];
  for (const sibling of rows.map(rowToConnection)) {
    const done = await disconnectOne(deps, db, sibling, { ...input, expectedVersion: sibling.version, detail: { sharedGrantWith: first.id } });
    if (done) reached.push(done);
  }
  return reached;
}

/**
 * The accounts one login reached that end with this connection's grant, as a creator reads them
 * (Facebook: Pages and their Instagram accounts share one person's token), for the expiry reminders:
 * a creator who logged in once gets one email about that login, naming them all.
 */
export async function accountsSharingGrant(db: Tx, connection: Connection): Promise<Connection[]> {
  if (!connection.grantId || !connection.grantExpiresAt) return [];
  const rows = await db
    .selectFrom('connections')
    .selectAll()
    .where('grant_id', '=', connection.grantId)
    .where('grant_expires_at', '=', connection.grantExpiresAt)
    .where('status', '<>', 'disconnected')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToConnection);
}

function reasonContext(connection: Connection) {
  return { grantDays: grantDays(connection), professionalSwitch: professionalSwitchOf(connection) };
}

async function queueNotice(deps: Deps, db: Tx, connection: Connection): Promise<void> {
  const campaigns = (await deps.campaigns?.liveCampaignsFor(db, connection.workspaceId, connection.creatorId)) ?? [];
  const network = deps.providers.get(connection.provider)?.displayName ?? connection.provider;
  const notice = disconnectedNotice({
    network,
    account: accountRef(connection),
    reason: connection.statusReason ?? 'revoked',
    grantDays: grantDays(connection),
    accountNetwork: connection.network,
    campaigns: campaigns.map((campaign) => campaign.name),
  });
  await insertNotification(db, deps.clock, {
    workspaceId: connection.workspaceId,
    creatorId: connection.creatorId,
    connectionId: connection.id,
    kind: 'connection_disconnected',
    ...notice,
    // One per disconnection: the version the transition produced is unique to it.
    dedupeKey: `disconnected:${connection.id}:${connection.version}`,
  });
}

/** One email per disconnection, or per login's end (`reached`: every account it ended, named in it). */
async function queueEmail(deps: Deps, db: Tx, connection: Connection, reached: Connection[] | undefined): Promise<void> {
  const [creator, workspace] = await Promise.all([getCreator(db, connection.workspaceId, connection.creatorId), getWorkspace(db, connection.workspaceId)]);
  if (!creator?.email) {
    deps.logger.warn({ connectionId: connection.id }, 'creator has no email address; reconnect email not sent');
    return;
  }
  const viewer = await viewerFor(db, deps.settings, { workspaceId: connection.workspaceId, creatorId: connection.creatorId });
  const campaigns = (await deps.campaigns?.liveCampaignsFor(db, connection.workspaceId, connection.creatorId)) ?? [];
  const names = campaigns.map((campaign) => campaign.name);
  const reason = connection.statusReason ?? 'revoked';
  const link = reconnectUrl(deps, connection);
  const content = disconnectedEmail({
    viewer,
    creatorName: creator.name,
    network: deps.providers.get(connection.provider)?.displayName ?? connection.provider,
    account: accountLabel(connection, viewer.locale),
    accounts: reached?.map((one) => accountLabel(one, viewer.locale)),
    reason,
    reconnectUrl: link.url,
    linkExpiresAt: link.expiresAt,
    ...reasonContext(connection),
    campaigns: names,
  });
  await enqueueEmail(db, deps.clock, {
    ...content,
    priority: names.length > 0 ? 'high' : 'normal',
    workspaceId: connection.workspaceId,
    creatorId: connection.creatorId,
    connectionId: connection.id,
    kind: 'connection_disconnected',
    // A login ends once (a new login is a new grant): one email for it, whichever account found it first.
    dedupeKey: reached ? `disconnected:grant:${connection.grantId}:${reason}` : `disconnected:${connection.id}:${connection.version}`,
    to: creator.email,
    from: fromHeader(workspace?.emailFrom ?? deps.settings.emailFrom, viewer.brand.senderName),
  });
}
