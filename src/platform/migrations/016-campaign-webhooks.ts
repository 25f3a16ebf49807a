/**
 * Campaign webhooks: a delivery no longer always belongs to a connection. A campaign event
 * (a post bound or unbound, a Refresh Insights press finished) names its campaign instead, and a
 * binding names both. No foreign keys, as for connection_id: the delivery log outlives what it names.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table webhook_deliveries alter column connection_id drop not null`.execute(db);
  await sql`alter table webhook_deliveries add column campaign_id text`.execute(db);
}
