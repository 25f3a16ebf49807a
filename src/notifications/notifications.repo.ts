/**
 * In-app notifications, per workspace and creator. Written by the transaction that changes the
 * connection (like the email outbox), keyed by a dedupe key so a retried change writes none twice.
 */
import type { Selectable } from 'kysely';
import type { Clock } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import type { Tx } from '../platform/db/db.ts';
import type { NoticeMessage } from './notice-message.ts';
import type { NotificationsTable } from './notifications.table.ts';

/** Who a notification is for: a creator (the Channels page) or a brand (its portal, GET /v1/brands/:id/notifications). */
/** What a notice says: a title and one or two plain sentences; urgent ones are shown first. */
export interface NoticeContent {
  /** English: what the API answers, and what pages show when they cannot render `message`. */
  title: string;
  body: string;
  urgent: boolean;
  /** The same notice as a catalogue key and values, rendered in the page reader's language. */
  message?: NoticeMessage;
}

export type Recipient = { creatorId: string } | { brandId: string };

export interface NewNotification {
  workspaceId: string;
  /** Exactly one of creatorId and brandId. */
  creatorId: string | null;
  brandId?: string | null;
  connectionId: string | null;
  kind: string;
  urgent?: boolean;
  title: string;
  body: string;
  message?: NoticeMessage;
  dedupeKey: string;
}

export interface Notification {
  id: string;
  kind: string;
  urgent: boolean;
  title: string;
  body: string;
  /** Null for notices written as text only (before migration 031, or by a feature that renders none). */
  message: NoticeMessage | null;
  connectionId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

const toNotification = (row: Selectable<NotificationsTable>): Notification => ({
  id: row.id,
  kind: row.kind,
  urgent: row.urgent,
  title: row.title,
  body: row.body,
  message: row.message_key ? { key: row.message_key, values: row.message_values ?? {} } : null,
  connectionId: row.connection_id,
  createdAt: row.created_at,
  readAt: row.read_at,
});

/** Returns true if it was recorded, false if one with the same dedupe key already was. */
export async function insertNotification(db: Tx, clock: Clock, notice: NewNotification): Promise<boolean> {
  const inserted = await db
    .insertInto('notifications')
    .values({
      id: newId('ntf', clock),
      workspace_id: notice.workspaceId,
      creator_id: notice.creatorId,
      brand_id: notice.brandId ?? null,
      connection_id: notice.connectionId,
      kind: notice.kind,
      urgent: notice.urgent ?? false,
      title: notice.title,
      body: notice.body,
      message_key: notice.message?.key ?? null,
      message_values: notice.message ? JSON.stringify(notice.message.values) : null,
      dedupe_key: notice.dedupeKey,
      created_at: clock.now(),
      read_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

function forRecipient(db: Tx, workspaceId: string, recipient: Recipient) {
  const query = db.selectFrom('notifications').where('workspace_id', '=', workspaceId);
  return 'creatorId' in recipient ? query.where('creator_id', '=', recipient.creatorId) : query.where('brand_id', '=', recipient.brandId);
}

/** Newest first. */
/** Newest first; `before` is the last one of the previous page (keyset on created_at, id). */
export async function listNotifications(
  db: Tx,
  workspaceId: string,
  recipient: Recipient,
  options: { unreadOnly?: boolean; limit: number; before?: { createdAt: Date; id: string } },
): Promise<Notification[]> {
  let query = forRecipient(db, workspaceId, recipient).selectAll();
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  if (options.before) {
    const { createdAt, id } = options.before;
    query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map(toNotification);
}

export async function countUnread(db: Tx, workspaceId: string, recipient: Recipient): Promise<number> {
  const row = await forRecipient(db, workspaceId, recipient)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks the given notifications (all of the recipient's when `ids` is absent) read; returns how many changed. */
export async function markRead(db: Tx, workspaceId: string, recipient: Recipient, now: Date, ids?: readonly string[]): Promise<number> {
  if (ids && ids.length === 0) return 0;
  let query = db.updateTable('notifications').set({ read_at: now }).where('workspace_id', '=', workspaceId).where('read_at', 'is', null);
  query = 'creatorId' in recipient ? query.where('creator_id', '=', recipient.creatorId) : query.where('brand_id', '=', recipient.brandId);
  if (ids) query = query.where('id', 'in', [...ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
