/** The delivery log a platform reads to see what was sent, when, and how each attempt went. */
import { fail, ok, type Result } from '../kernel/errors.ts';
import { decodeCursor, encodeCursor } from '../kernel/keyset-cursor.ts';
import type { Deps } from '../platform/deps.ts';
import { type AttemptRow, type DeliveryRow, listDeliveries } from './webhooks.repo.ts';
import type { WebhookDeliveryStatus } from './webhooks.table.ts';

export interface WebhookAttemptView {
  attempt: number;
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface WebhookDeliveryView {
  /** The delivery's id, its `webhook-id`: one per event and endpoint. */
  id: string;
  /** The event's id (the body's `id`), the same in every endpoint's delivery of it. */
  eventId: string;
  /** The endpoint it goes to; null for a delivery cancelled before endpoints had ids. */
  endpointId: string | null;
  type: string;
  /** The channel the event concerns; null for an event of a whole campaign (insights_refresh.completed). */
  connectionId: string | null;
  /** Only on campaign events: the campaign they concern. */
  campaignId?: string;
  status: WebhookDeliveryStatus;
  createdAt: string;
  deliveredAt: string | null;
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt: string | null;
  attempts: WebhookAttemptView[];
  /** The exact body sent (no token is ever part of it). */
  payload: unknown;
}

export interface DeliveryPage {
  data: WebhookDeliveryView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export function toDeliveryView(row: DeliveryRow, attempts: AttemptRow[]): WebhookDeliveryView {
  return {
    id: row.id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    type: row.type,
    connectionId: row.connection_id,
    ...(row.campaign_id === null ? {} : { campaignId: row.campaign_id }),
    status: row.status,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    attempts: attempts.map((a) => ({ attempt: a.attempt, attemptedAt: a.attempted_at.toISOString(), statusCode: a.status_code, durationMs: a.duration_ms, error: a.error })),
    payload: JSON.parse(row.body) as unknown,
  };
}

export async function listWebhookDeliveries(
  deps: Pick<Deps, 'db'>,
  workspaceId: string,
  query: { status?: WebhookDeliveryStatus; limit: number; cursor?: string },
): Promise<Result<DeliveryPage>> {
  // The cursor is the last row's (createdAt, id): keyset pagination stays correct while rows are added.
  const decoded = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !decoded) return fail('invalid_request', 'Invalid request: cursor: not a cursor from a previous page.');
  const before = decoded && { createdAt: decoded.at, id: decoded.id };
  // One extra row tells whether an older page exists.
  const { rows, attempts } = await listDeliveries(deps.db, workspaceId, { status: query.status, limit: query.limit + 1, before });
  const page = rows.slice(0, query.limit);
  const byDelivery = Map.groupBy(attempts, (a) => a.delivery_id);
  const last = page.at(-1);
  return ok({
    data: page.map((row) => toDeliveryView(row, byDelivery.get(row.id) ?? [])),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
  });
}
