/**
 * Which finished rows may go, table by table, and one bounded delete for each. Every delete is
 * `delete … where key in (select … limit N for update skip locked)`: a row another process is
 * working on (or pruning) is skipped, so concurrent prunes never wait on each other and delete
 * each row once. What is kept on purpose, whatever its age:
 * - open work (pending, queued, running, paused) in every queue;
 * - a connection's latest media sync (the API shows it) and its latest successful sync of each
 *   scope (the API's `lastSyncedAt` and the campaign sync sweep read it);
 * - a campaign's latest insights refresh, and its tasks (the button's state and progress count them);
 * - media_insights and audience_insights (product data), connection_events (the audit trail),
 *   notifications, Partnership Ads requests and their events (what was agreed, and when), and the demo
 *   outbox's `stored` emails. A Partnership Ads token is deleted when its request ends, not here.
 * Long on purpose: one statement per table reads better side by side than spread over files.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../platform/db/db.ts';

export const pruneTargets = [
  'webhook_deliveries',
  'emails',
  'media_syncs',
  'insight_tasks',
  'insights_refreshes',
  'connection_tokens',
  'oauth_states',
  'partnership_ad_states',
  'connect_sessions',
  'provider_grants',
  'portal_sessions',
  'provider_callback_receipts',
  'rate_budgets',
  'idempotency_keys',
] as const;

export type PruneTarget = (typeof pruneTargets)[number];

/** `cutoff`: rows finished before it may go; `now`, for rows that carry their own end. */
const deletes: Record<PruneTarget, (cutoff: Date, limit: number, now: Date) => RawBuilder<unknown>> = {
  // webhook_attempts go with their delivery (on delete cascade). A delivery ends within 24 h of its
  // creation; `next_attempt_at` is the last attempt of a failed one.
  webhook_deliveries: (cutoff, limit) => sql`
    delete from webhook_deliveries where id in (
      select id from webhook_deliveries
      where status in ('delivered', 'failed', 'cancelled') and created_at < ${cutoff} and coalesce(delivered_at, next_attempt_at) < ${cutoff}
      limit ${limit} for update skip locked)`,
  // Deleting a sent email never lets it be sent again: its in-app notification (kept) holds the dedupe key.
  emails: (cutoff, limit) => sql`
    delete from emails where id in (
      select id from emails
      where status in ('sent', 'failed') and created_at < ${cutoff} and coalesce(delivered_at, next_attempt_at) < ${cutoff}
      limit ${limit} for update skip locked)`,
  media_syncs: (cutoff, limit) => sql`
    delete from media_syncs where id in (
      select s.id from media_syncs s
      where s.status in ('done', 'failed') and s.finished_at < ${cutoff}
        and exists (select 1 from media_syncs n where n.connection_id = s.connection_id and (n.created_at, n.id) > (s.created_at, s.id))
        and (s.status = 'failed' or exists (
          select 1 from media_syncs d where d.connection_id = s.connection_id and d.scope = s.scope and d.status = 'done' and d.finished_at > s.finished_at))
      limit ${limit} for update of s skip locked)`,
  insight_tasks: (cutoff, limit) => sql`
    delete from insight_tasks where id in (
      select t.id from insight_tasks t
      where t.status in ('done', 'failed') and t.finished_at < ${cutoff}
        -- A refresh still under way counts its progress from its tasks; a done one keeps its counts on its own row.
        and (t.refresh_id is null or exists (select 1 from insights_refreshes r where r.id = t.refresh_id and r.status = 'done'))
      limit ${limit} for update of t skip locked)`,
  // Tasks of a deleted refresh keep running if any are left (refresh_id on delete set null).
  insights_refreshes: (cutoff, limit) => sql`
    delete from insights_refreshes where id in (
      select r.id from insights_refreshes r
      where r.status = 'done' and r.finished_at < ${cutoff}
        and exists (select 1 from insights_refreshes n where n.campaign_id = r.campaign_id and n.requested_at > r.requested_at)
      limit ${limit} for update of r skip locked)`,
  // A disconnected channel's tokens are dead (the network ended the grant, or it was revoked);
  // reconnecting writes new ones. Locking the connection too keeps a reconnect and this delete apart.
  connection_tokens: (cutoff, limit) => sql`
    delete from connection_tokens where connection_id in (
      select t.connection_id from connection_tokens t join connections c on c.id = t.connection_id
      where c.status = 'disconnected' and c.disconnected_at < ${cutoff}
      limit ${limit} for no key update skip locked)`,
  oauth_states: (cutoff, limit) => sql`
    delete from oauth_states where state_hash in (
      select state_hash from oauth_states where expires_at < ${cutoff}
      limit ${limit} for update skip locked)`,
  partnership_ad_states: (cutoff, limit) => sql`
    delete from partnership_ad_states where state_hash in (
      select state_hash from partnership_ad_states where expires_at < ${cutoff}
      limit ${limit} for update skip locked)`,
  connect_sessions: (cutoff, limit) => sql`
    delete from connect_sessions where id in (
      select s.id from connect_sessions s
      where s.expires_at < ${cutoff} and not exists (select 1 from oauth_states o where o.session_id = s.id)
      limit ${limit} for update of s skip locked)`,
  // A grant no connection uses and no connect session waits on holds a token nobody can reach.
  provider_grants: (cutoff, limit) => sql`
    delete from provider_grants where id in (
      select g.id from provider_grants g
      where g.updated_at < ${cutoff}
        and not exists (select 1 from connections c where c.grant_id = g.id)
        and not exists (select 1 from connect_sessions s where s.pending_grant_id = g.id)
      limit ${limit} for update of g skip locked)`,
  portal_sessions: (cutoff, limit) => sql`
    delete from portal_sessions where id in (
      select id from portal_sessions where coalesce(expires_at, link_expires_at) < ${cutoff}
      limit ${limit} for update skip locked)`,
  provider_callback_receipts: (cutoff, limit) => sql`
    delete from provider_callback_receipts where fingerprint in (
      select fingerprint from provider_callback_receipts where received_at < ${cutoff}
      limit ${limit} for update skip locked)`,
  // Every budget window is a day or shorter (src/providers/rate-limits.ts) and the retention at least two days.
  rate_budgets: (cutoff, limit) => sql`
    delete from rate_budgets where (key, window_start) in (
      select key, window_start from rate_budgets where window_start < ${cutoff}
      limit ${limit} for update skip locked)`,
  // A record is replayed for 24 hours (platform/http/idempotency.ts), then it is only a row.
  idempotency_keys: (_cutoff, limit, now) => sql`
    delete from idempotency_keys where (scope, key) in (
      select scope, key from idempotency_keys where expires_at <= ${now}
      limit ${limit} for update skip locked)`,
};

/** Deletes up to `limit` finished rows of `target` older than `cutoff` (or ended before `now`); returns how many went. */
export async function deleteFinishedBatch(db: Tx, target: PruneTarget, cutoff: Date, limit: number, now: Date): Promise<number> {
  const result = await deletes[target](cutoff, limit, now).execute(db);
  return Number(result.numAffectedRows ?? 0);
}
