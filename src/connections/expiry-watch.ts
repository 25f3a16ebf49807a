/**
 * Connections whose grant ends soon and that nothing scheduled will extend (a Facebook user token; a
 * TikTok refresh token with a fixed end; refreshes that keep failing): they turn `expiring`, and the
 * creator is reminded 14, 3 and 1 days before the end, each reminder once, by email and in-app notice
 * in the same transaction (their dedupe key names the grant's end and the day, so a second process
 * or a second run queues nothing; accounts one login reached share one reminder email naming them
 * all, and get one notice each). At the end the refresh sweep disconnects them with reason `expired`.
 */
import { DAY } from '../kernel/clock.ts';
import { insertNotification } from '../notifications/index.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { enqueueEmail } from '../platform/email/outbox.ts';
import { fromHeader } from '../platform/email/sender.ts';
import { viewerFor } from '../platform/web/viewer.ts';
import { getCreator, getWorkspace } from '../platform/workspaces.repo.ts';
import { expiryNotice } from '../providers/token-policy.ts';
import { accountLabel, accountRef } from './account-label.ts';
import { type Connection, grantDays } from './connection.rules.ts';
import { expiringEmail } from './connection-emails.ts';
import { expiringNotice } from './connection-notices.ts';
import { applyTransition, rowToConnection } from './connections.repo.ts';
import { accountsSharingGrant, reconnectUrl } from './disconnect.ts';

/** Connections read a page at a time (keyset on the grant's end and id): memory stays flat however many end soon. */
const PAGE = 500;

export async function watchExpiries(deps: Deps): Promise<{ expiring: number; reminded: number }> {
  const now = deps.clock.now();
  const horizonMs = Math.max(...Object.values(deps.policies).map((p) => Math.max(p.expiringWithinMs, ...p.reminderDays.map((d) => d * DAY))));
  const report = { expiring: 0, reminded: 0 };
  for (let after: { at: Date; id: string } | undefined; ; ) {
    let query = deps.db
      .selectFrom('connections')
      .selectAll()
      .where('status', '<>', 'disconnected')
      .where('grant_expires_at', '>', now)
      .where('grant_expires_at', '<=', new Date(now.getTime() + horizonMs));
    if (after) {
      const { at, id } = after;
      query = query.where((eb) => eb.or([eb('grant_expires_at', '>', at), eb.and([eb('grant_expires_at', '=', at), eb('id', '>', id)])]));
    }
    const rows = await query.orderBy('grant_expires_at').orderBy('id').limit(PAGE).execute();
    for (const connection of rows.map(rowToConnection)) {
      const outcome = await deps.db.transaction().execute((trx) => noticeOne(deps, trx, connection));
      report.expiring += outcome.expiring ? 1 : 0;
      report.reminded += outcome.reminded ? 1 : 0;
    }
    const last = rows.at(-1);
    if (rows.length < PAGE || !last?.grant_expires_at) break;
    after = { at: last.grant_expires_at, id: last.id };
  }
  if (report.reminded > 0) deps.onEmailQueued?.();
  return report;
}

async function noticeOne(deps: Deps, trx: Tx, connection: Connection): Promise<{ expiring: boolean; reminded: boolean }> {
  const policy = deps.policies[connection.provider];
  if (!policy || !connection.grantExpiresAt) return { expiring: false, reminded: false };
  const notice = expiryNotice(policy, connection.grantExpiresAt, deps.clock.now());
  let expiring = false;
  if (notice.expiring && connection.status === 'active') {
    const moved = await applyTransition(trx, deps.clock, {
      id: connection.id,
      transition: 'expiring',
      expectedVersion: connection.version,
      reason: 'expires_soon',
      set: { status_reason: 'expires_soon' },
      detail: { grantExpiresAt: connection.grantExpiresAt.toISOString() },
    });
    expiring = moved !== undefined;
  }
  const reminded = notice.reminderDay !== null && (await queueReminder(deps, trx, connection, notice.reminderDay));
  return { expiring, reminded };
}

async function queueReminder(deps: Deps, trx: Tx, connection: Connection, day: number): Promise<boolean> {
  const [creator, workspace] = await Promise.all([getCreator(trx, connection.workspaceId, connection.creatorId), getWorkspace(trx, connection.workspaceId)]);
  const expiresAt = connection.grantExpiresAt!;
  const network = deps.providers.get(connection.provider)?.displayName ?? connection.provider;
  const daysLeft = Math.max(1, Math.ceil((expiresAt.getTime() - deps.clock.now().getTime()) / DAY));
  const dedupeKey = `expiring:${connection.id}:${expiresAt.toISOString()}:${day}`;
  const notice = expiringNotice({ network, account: accountRef(connection), daysLeft, grantDays: grantDays(connection) });
  const noticed = await insertNotification(trx, deps.clock, {
    workspaceId: connection.workspaceId,
    creatorId: connection.creatorId,
    connectionId: connection.id,
    kind: 'connection_expiring',
    ...notice,
    dedupeKey,
  });
  if (!creator?.email) return noticed;
  const link = reconnectUrl(deps, connection);
  const viewer = await viewerFor(trx, deps.settings, { workspaceId: connection.workspaceId, creatorId: connection.creatorId });
  const content = expiringEmail({
    viewer,
    creatorName: creator.name,
    network,
    account: accountLabel(connection, viewer.locale),
    accounts: (await accountsSharingGrant(trx, connection)).map((one) => accountLabel(one, viewer.locale)),
    expiresAt,
    daysLeft,
    reconnectUrl: link.url,
    linkExpiresAt: link.expiresAt,
  });
  const emailed = await enqueueEmail(trx, deps.clock, {
    ...content,
    workspaceId: connection.workspaceId,
    creatorId: connection.creatorId,
    connectionId: connection.id,
    kind: 'connection_expiring',
    // Accounts one login reached share their reminder emails: one per login, naming them all.
    dedupeKey: `expiring:${connection.grantId ? `grant:${connection.grantId}` : connection.id}:${expiresAt.toISOString()}:${day}`,
    to: creator.email,
    from: fromHeader(workspace?.emailFrom ?? deps.settings.emailFrom, viewer.brand.senderName),
  });
  return emailed || noticed;
}
