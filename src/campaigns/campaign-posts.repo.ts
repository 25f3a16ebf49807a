/**
 * Posts bound to campaigns. Inserts are `on conflict do nothing` on the two unique indexes (one row
 * per campaign and media, one per campaign and permalink), so two binding runs at once, or a retried
 * request, never make a duplicate. An unbound row stays: automatic binding sees it and leaves it.
 * Each write that binds or unbinds a row queues its webhook in the same statement.
 */
import { type Selectable, sql } from 'kysely';
import type { Tx } from '../platform/db/db.ts';
import { type CampaignPostEvents, campaignDeliveryColumns, campaignPostDeliveries } from '../webhooks/index.ts';
import type { BoundBy, CampaignPostsTable } from './campaigns.table.ts';

export type CampaignPostRow = Selectable<CampaignPostsTable>;

/** A bound post with what the list shows of its media and its connection. */
export type CampaignPostListRow = CampaignPostRow & {
  caption: string | null;
  media_type: string | null;
  published_at: Date | null;
  media_url: string | null;
  thumbnail_url: string | null;
  media_permalink: string | null;
  connection_status: string | null;
  connection_status_reason: string | null;
};

/** A synced post that may bind to a campaign, with its creator's participation and its connection's status. */
export interface BindingCandidate {
  media_id: string;
  connection_id: string;
  creator_id: string;
  network: string;
  caption: string | null;
  permalink: string | null;
  published_at: Date;
  connection_status: string;
  stage: string;
  joined_at: Date;
}

/**
 * Posts of the campaign's participants that carry the hashtag's text and have no row in the campaign
 * yet (bound or unbound). The LIKE only narrows: the domain rule decides whole-tag matches. Scoped to
 * one creator or one connection when a trigger concerns only them.
 */
export async function bindingCandidates(db: Tx, input: { campaignId: string; hashtagKey: string; creatorId?: string; connectionId?: string }): Promise<BindingCandidate[]> {
  // ILIKE folds only ASCII case under a C locale (PGlite's): a key with other letters narrows on '#' alone.
  const ascii = /^[\x20-\x7e]*$/.test(input.hashtagKey);
  const like = ascii ? `%#${input.hashtagKey.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '%#%';
  const result = await sql<BindingCandidate>`
    select m.id as media_id, m.connection_id, c.creator_id, m.network, m.caption, m.permalink, m.published_at,
           c.status as connection_status, p.stage, p.joined_at
    from campaigns k
    join campaign_participants p on p.campaign_id = k.id
    join connections c on c.workspace_id = p.workspace_id and c.creator_id = p.creator_id
    join media m on m.connection_id = c.id
    where k.id = ${input.campaignId}
      and m.caption ilike ${like}
      and m.published_at >= p.joined_at
      ${input.creatorId === undefined ? sql`` : sql`and p.creator_id = ${input.creatorId}`}
      ${input.connectionId === undefined ? sql`` : sql`and c.id = ${input.connectionId}`}
      and not exists (select 1 from campaign_posts cp where cp.campaign_id = k.id and cp.media_id = m.id)`.execute(db);
  return result.rows;
}

export type NewCampaignPost = Omit<CampaignPostRow, 'unbound_at' | 'status'>;

/**
 * Inserts the rows that are not there yet and, in the same statement, a `campaign_post.bound`
 * delivery for each row inserted (none for a row already there); returns the ones inserted.
 */
export async function insertCampaignPosts(db: Tx, rows: readonly NewCampaignPost[], newEventId: () => string): Promise<CampaignPostRow[]> {
  if (rows.length === 0) return [];
  const events = boundEvents(
    rows.map((row) => row.id),
    rows[0]!.bound_at,
    newEventId,
  );
  const result = await sql<CampaignPostRow>`
    with ins as (${db
      .insertInto('campaign_posts')
      .values(rows.map((row) => ({ ...row, status: 'bound' as const })))
      .onConflict((oc) => oc.doNothing())
      .returningAll()}),
    hooks as (insert into webhook_deliveries ${campaignDeliveryColumns} ${campaignPostDeliveries('ins', events)})
    select * from ins`.execute(db);
  return result.rows;
}

function boundEvents(postIds: readonly string[], createdAt: Date, newEventId: () => string): CampaignPostEvents {
  return { type: 'campaign_post.bound', createdAt, eventIds: new Map(postIds.map((id) => [id, newEventId()])) };
}

export async function findCampaignPost(db: Tx, campaignId: string, by: { id: string } | { mediaId: string } | { permalink: string }): Promise<CampaignPostRow | undefined> {
  let query = db.selectFrom('campaign_posts').selectAll().where('campaign_id', '=', campaignId);
  if ('id' in by) query = query.where('id', '=', by.id);
  else if ('mediaId' in by) query = query.where('media_id', '=', by.mediaId);
  else query = query.where('permalink', '=', by.permalink);
  return query.executeTakeFirst();
}

/** Binds an unbound row again (a brand changed its mind), with its `campaign_post.bound` delivery; a bound row is left as it is. */
export async function rebindCampaignPost(db: Tx, input: { id: string; boundBy: BoundBy; flags: string[]; now: Date; eventId: string }): Promise<void> {
  const events = boundEvents([input.id], input.now, () => input.eventId);
  await sql`
    with up as (
      update campaign_posts set status = 'bound', bound_by = ${input.boundBy}, flags = ${input.flags}::text[], bound_at = ${input.now}, unbound_at = null
      where id = ${input.id} and status = 'unbound'
      returning *
    )
    insert into webhook_deliveries ${campaignDeliveryColumns} ${campaignPostDeliveries('up', events)}`.execute(db);
}

/** Unbinds a bound row, with its `campaign_post.unbound` delivery (none when it was unbound already); returns the row as it is now. */
export async function unbindCampaignPost(db: Tx, input: { campaignId: string; id: string; now: Date; eventId: string }): Promise<CampaignPostRow | undefined> {
  const events: CampaignPostEvents = { type: 'campaign_post.unbound', createdAt: input.now, eventIds: new Map([[input.id, input.eventId]]) };
  await sql`
    with up as (
      update campaign_posts set status = 'unbound', unbound_at = ${input.now}
      where campaign_id = ${input.campaignId} and id = ${input.id} and status = 'bound'
      returning *
    )
    insert into webhook_deliveries ${campaignDeliveryColumns} ${campaignPostDeliveries('up', events)}`.execute(db);
  return findCampaignPost(db, input.campaignId, { id: input.id });
}

/** Self-reported posts of a creator that we had not synced when they were reported. */
export async function unsyncedSelfReports(db: Tx, workspaceId: string, creatorId: string): Promise<CampaignPostRow[]> {
  return db.selectFrom('campaign_posts').selectAll().where('workspace_id', '=', workspaceId).where('creator_id', '=', creatorId).where('media_id', 'is', null).execute();
}

/** A self-reported post gains the media a later sync found (and so its metrics), unless the campaign has that media already. */
export async function attachMedia(db: Tx, input: { id: string; mediaId: string; connectionId: string }): Promise<void> {
  await sql`
    update campaign_posts cp set media_id = ${input.mediaId}, connection_id = ${input.connectionId}
    where cp.id = ${input.id} and cp.media_id is null
      and not exists (select 1 from campaign_posts o where o.campaign_id = cp.campaign_id and o.media_id = ${input.mediaId})`.execute(db);
}

/** Bound posts, newest binding first; `before` is the last row of the previous page. With `id`: that one post, bound or not. */
export async function listCampaignPostPage(
  db: Tx,
  campaignId: string,
  page: { limit: number; before?: { boundAt: Date; id: string }; id?: string },
): Promise<CampaignPostListRow[]> {
  let query = db
    .selectFrom('campaign_posts as cp')
    .leftJoin('media as m', 'm.id', 'cp.media_id')
    .leftJoin('connections as c', 'c.id', 'cp.connection_id')
    .selectAll('cp')
    .select([
      'm.caption',
      'm.media_type',
      'm.published_at',
      'm.media_url',
      'm.thumbnail_url',
      'm.permalink as media_permalink',
      'c.status as connection_status',
      'c.status_reason as connection_status_reason',
    ])
    .where('cp.campaign_id', '=', campaignId)
    .where(page.id === undefined ? 'cp.status' : 'cp.id', '=', page.id ?? 'bound');
  if (page.before) {
    const { boundAt, id } = page.before;
    query = query.where((eb) => eb.or([eb('cp.bound_at', '<', boundAt), eb.and([eb('cp.bound_at', '=', boundAt), eb('cp.id', '<', id)])]));
  }
  return query.orderBy('cp.bound_at', 'desc').orderBy('cp.id', 'desc').limit(page.limit).execute() as Promise<CampaignPostListRow[]>;
}
