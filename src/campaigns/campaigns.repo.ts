/**
 * Brands, campaigns and participants. A campaign's changes are conditional UPDATEs on `version`: a
 * writer that read an older version changes nothing and reads again.
 */
import { type Selectable, sql, type Updateable } from 'kysely';
import type { Tx } from '../platform/db/db.ts';
import type { CampaignParticipantsTable, CampaignsTable, ParticipantStage } from './campaigns.table.ts';

export type CampaignRow = Selectable<CampaignsTable> & { brand_name: string };
export type ParticipantRow = Selectable<CampaignParticipantsTable>;
export type CampaignChanges = Pick<Updateable<CampaignsTable>, 'name' | 'state' | 'binding_hashtag' | 'hashtag_key' | 'networks' | 'due_date'>;

const PAST_APPLIED: ParticipantStage[] = ['confirmed', 'content_creation', 'complete'];

/** Creates the brand, or renames it when a name is given (the platform's name wins). */
export async function upsertBrand(db: Tx, input: { workspaceId: string; id: string; name?: string | null; now: Date }): Promise<void> {
  await db
    .insertInto('brands')
    .values({ workspace_id: input.workspaceId, id: input.id, name: input.name ?? input.id, created_at: input.now, updated_at: input.now })
    .onConflict((oc) => oc.columns(['workspace_id', 'id']).doUpdateSet(input.name ? { name: input.name, updated_at: input.now } : { updated_at: input.now }))
    .execute();
}

export async function insertCampaign(
  db: Tx,
  row: Omit<Selectable<CampaignsTable>, 'version' | 'insights_refresh_requested_at' | 'insights_refresh_available_at' | 'started_at'> & { started_at?: Date | null },
): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
}

function campaigns(db: Tx) {
  return db
    .selectFrom('campaigns as c')
    .innerJoin('brands as b', (join) => join.onRef('b.workspace_id', '=', 'c.workspace_id').onRef('b.id', '=', 'c.brand_id'))
    .selectAll('c')
    .select('b.name as brand_name');
}

export async function findCampaign(db: Tx, workspaceId: string, id: string): Promise<CampaignRow | undefined> {
  return campaigns(db).where('c.workspace_id', '=', workspaceId).where('c.id', '=', id).executeTakeFirst();
}

/** Newest first; `before` is the last row of the previous page (keyset on created_at, id). */
export async function listCampaignPage(
  db: Tx,
  workspaceId: string,
  page: { limit: number; state?: string; brandId?: string; before?: { createdAt: Date; id: string } },
): Promise<CampaignRow[]> {
  let query = campaigns(db).where('c.workspace_id', '=', workspaceId);
  if (page.state) query = query.where('c.state', '=', page.state as CampaignsTable['state']);
  if (page.brandId) query = query.where('c.brand_id', '=', page.brandId);
  if (page.before) {
    const { createdAt, id } = page.before;
    query = query.where((eb) => eb.or([eb('c.created_at', '<', createdAt), eb.and([eb('c.created_at', '=', createdAt), eb('c.id', '<', id)])]));
  }
  return query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(page.limit).execute();
}

/** Applies the changes only if nobody changed the campaign since `version` was read; false otherwise. */
export async function updateCampaign(db: Tx, input: { id: string; version: number; changes: CampaignChanges; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('campaigns')
    .set({ ...input.changes, updated_at: input.now, version: sql<number>`version + 1` })
    .where('id', '=', input.id)
    .where('version', '=', input.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Creates or updates a participant; returns the row and the stage it had before (undefined: new). */
export async function upsertParticipant(
  db: Tx,
  input: { campaignId: string; workspaceId: string; creatorId: string; stage: ParticipantStage; joinedAt: Date | undefined; now: Date },
): Promise<{ row: ParticipantRow; previousStage: ParticipantStage | undefined }> {
  const before = await db
    .selectFrom('campaign_participants')
    .select('stage')
    .where('campaign_id', '=', input.campaignId)
    .where('creator_id', '=', input.creatorId)
    .executeTakeFirst();
  const row = await db
    .insertInto('campaign_participants')
    .values({
      campaign_id: input.campaignId,
      workspace_id: input.workspaceId,
      creator_id: input.creatorId,
      stage: input.stage,
      joined_at: input.joinedAt ?? input.now,
      created_at: input.now,
      updated_at: input.now,
    })
    // joinedAt is kept unless the platform sends a new one: moving stages is not joining again.
    .onConflict((oc) =>
      oc.columns(['campaign_id', 'creator_id']).doUpdateSet((eb) => ({
        stage: eb.ref('excluded.stage'),
        joined_at: input.joinedAt ? eb.ref('excluded.joined_at') : eb.ref('campaign_participants.joined_at'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, previousStage: before?.stage };
}

export async function findParticipant(db: Tx, campaignId: string, creatorId: string): Promise<ParticipantRow | undefined> {
  return db.selectFrom('campaign_participants').selectAll().where('campaign_id', '=', campaignId).where('creator_id', '=', creatorId).executeTakeFirst();
}

export async function listParticipants(db: Tx, campaignId: string): Promise<(ParticipantRow & { email: string | null; name: string | null })[]> {
  return db
    .selectFrom('campaign_participants as p')
    .innerJoin('creators as cr', (join) => join.onRef('cr.workspace_id', '=', 'p.workspace_id').onRef('cr.id', '=', 'p.creator_id'))
    .selectAll('p')
    .select(['cr.email', 'cr.name'])
    .where('p.campaign_id', '=', campaignId)
    .orderBy('p.created_at')
    .orderBy('p.creator_id')
    .execute();
}

/** A page of the campaign's participants in the order they were added, after the `after` one (keyset, index campaign_participants_page). */
export async function listParticipantPage(
  db: Tx,
  campaignId: string,
  page: { limit: number; after?: { createdAt: Date; creatorId: string } },
): Promise<(ParticipantRow & { email: string | null; name: string | null })[]> {
  let query = db
    .selectFrom('campaign_participants as p')
    .innerJoin('creators as cr', (join) => join.onRef('cr.workspace_id', '=', 'p.workspace_id').onRef('cr.id', '=', 'p.creator_id'))
    .selectAll('p')
    .select(['cr.email', 'cr.name'])
    .where('p.campaign_id', '=', campaignId);
  if (page.after) {
    const { createdAt, creatorId } = page.after;
    query = query.where((eb) => eb.or([eb('p.created_at', '>', createdAt), eb.and([eb('p.created_at', '=', createdAt), eb('p.creator_id', '>', creatorId)])]));
  }
  return query.orderBy('p.created_at').orderBy('p.creator_id').limit(page.limit).execute();
}

/** The live campaigns a creator takes part in past `applied`, oldest first. */
export async function liveCampaignsOfCreator(db: Tx, workspaceId: string, creatorId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('campaigns as c')
    .innerJoin('campaign_participants as p', 'p.campaign_id', 'c.id')
    .select(['c.id', 'c.name'])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.creator_id', '=', creatorId)
    .where('p.stage', 'in', PAST_APPLIED)
    .where('c.state', '=', 'live')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

/**
 * Active connections of creators taking part (past `applied`) in a live campaign that had no sync
 * queued in the last `everyMs` and have none open, with whether their feed was read (a full sync done) since
 * `feedSince`. A connection whose network has no stories (`storyProviders`) and whose feed is fresh is
 * left out: there is nothing cheap to read for it.
 */
export async function campaignConnectionsDue(
  db: Tx,
  input: { now: Date; everyMs: number; feedSince: Date; storyProviders: string[]; limit: number },
): Promise<{ id: string; feed_fresh: boolean }[]> {
  const result = await sql<{ id: string; feed_fresh: boolean }>`
    select c.id, f.fresh as feed_fresh
    from connections c
    cross join lateral (
      select exists (select 1 from media_syncs d where d.connection_id = c.id and d.status = 'done' and d.scope = 'full' and d.finished_at >= ${input.feedSince}) as fresh
    ) f
    where c.status <> 'disconnected'
      and exists (
        select 1 from campaign_participants p join campaigns k on k.id = p.campaign_id
        where p.workspace_id = c.workspace_id and p.creator_id = c.creator_id and k.state = 'live'
          and p.stage in ('confirmed', 'content_creation', 'complete'))
      and not exists (select 1 from media_syncs s where s.connection_id = c.id and s.created_at > ${new Date(input.now.getTime() - input.everyMs)})
      -- One with a sync still open (a retry waiting) could not queue another: returned, it would fill
      -- the sweep's batch with nothing to queue, and the sweep stops at such a batch.
      and not exists (select 1 from media_syncs o where o.connection_id = c.id and o.status in ('queued', 'running'))
      and (c.provider = any(${input.storyProviders}) or not f.fresh)
    order by c.id
    limit ${input.limit}`.execute(db);
  return result.rows;
}
