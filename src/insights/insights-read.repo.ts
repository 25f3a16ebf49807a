/** What the campaign views read of insights: the latest figures per post, a daily series, paused posts, audiences. */
import { sql } from 'kysely';
import { readableSql } from '../connections/index.ts';
import type { DB, Tx } from '../platform/db/db.ts';
import type { AudienceInsights, MediaMetrics } from '../providers/provider.ts';

/** A post's latest reading: the network's figures (MediaMetrics) with when they were read and the rate. */
export type LatestMetrics = MediaMetrics & {
  capturedAt: Date;
  source: string;
  engagementRate: number | null;
  /** Figures the network reports beyond the common schema, by its own names (Threads `reposts`, `quotes`); empty when none. */
  extra: Record<string, number>;
};

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Each post's latest snapshot (through media.insights_at: one index probe per post, no scan of the series). */
export async function latestMetricsFor(db: DB, mediaIds: readonly string[]): Promise<Map<string, LatestMetrics>> {
  const out = new Map<string, LatestMetrics>();
  if (mediaIds.length === 0) return out;
  const rows = await db
    .selectFrom('media as m')
    .innerJoin('media_insights as i', (join) => join.onRef('i.media_id', '=', 'm.id').onRef('i.captured_at', '=', 'm.insights_at'))
    .selectAll('i')
    .where('m.id', 'in', [...mediaIds])
    .execute();
  for (const r of rows) {
    out.set(r.media_id, {
      capturedAt: new Date(r.captured_at),
      source: r.source,
      views: num(r.views),
      reach: num(r.reach),
      likes: num(r.likes),
      comments: num(r.comments),
      saves: num(r.saves),
      shares: num(r.shares),
      totalInteractions: num(r.total_interactions),
      impressions: num(r.impressions),
      engagementRate: num(r.engagement_rate),
      extra: r.extra ?? {},
    });
  }
  return out;
}

export interface SeriesPoint {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  views: number;
  engagements: number;
}

/**
 * Views and engagements per UTC day over the campaign's bound posts: each post's last capture of each
 * day (lifetime figures), carried forward to later days, summed; a post counts from its first capture
 * on. Computed as per-post increments summed cumulatively, so the cost grows with the captures, not
 * with days × posts.
 */
export async function metricsSeries(db: DB, campaignId: string): Promise<SeriesPoint[]> {
  const result = await sql<{ day: string; views: number; engagements: number }>`
    with posts as (
      select distinct media_id from campaign_posts where campaign_id = ${campaignId} and status = 'bound' and media_id is not null
    ), daily as (
      select distinct on (i.media_id, date_trunc('day', i.captured_at at time zone 'UTC'))
        i.media_id, date_trunc('day', i.captured_at at time zone 'UTC') as day, coalesce(i.views, i.reach, 0) as views,
        coalesce(i.total_interactions, coalesce(i.likes, 0) + coalesce(i.comments, 0) + coalesce(i.saves, 0) + coalesce(i.shares, 0)) as engagements
      from media_insights i join posts using (media_id)
      order by i.media_id, date_trunc('day', i.captured_at at time zone 'UTC'), i.captured_at desc
    ), increments as (
      select day, views - coalesce(lag(views) over w, 0) as views, engagements - coalesce(lag(engagements) over w, 0) as engagements
      from daily window w as (partition by media_id order by day)
    )
    select to_char(day, 'YYYY-MM-DD') as day,
           (sum(sum(views)) over (order by day))::float8 as views, (sum(sum(engagements)) over (order by day))::float8 as engagements
    from increments group by day order by day`.execute(db);
  return result.rows.map((r) => ({ day: r.day, views: Number(r.views), engagements: Number(r.engagements) }));
}

/** One channel whose posts' refresh is paused: it is disconnected, for `reason`, until the creator reconnects. */
export interface PausedChannel {
  connectionId: string;
  network: string;
  /** The connection's reason (password_changed, revoked, …) or its status. */
  reason: string;
  /** The campaign's bound posts on it. */
  posts: number;
}

/**
 * The channels whose disconnection pauses the refresh of the campaign's bound posts (no other login
 * to the same account works either), counted in SQL:
 * one row per channel, however many posts (a campaign of 5,000 paused posts has a handful of channels).
 */
export async function pausedChannelsFor(db: DB, campaignId: string): Promise<PausedChannel[]> {
  const rows = await db
    .selectFrom('campaign_posts as p')
    .innerJoin('media as m', 'm.id', 'p.media_id')
    .innerJoin('connections as k', 'k.id', 'm.connection_id')
    .select(['k.id as connectionId', 'k.network', 'k.status', 'k.status_reason'])
    .select((eb) => eb.fn.countAll<string>().as('posts'))
    .where('p.campaign_id', '=', campaignId)
    .where('p.status', '=', 'bound')
    .where('k.status', '=', 'disconnected')
    // Read through a linked login (the same account connected another way): not paused.
    .where(sql<boolean>`not ${readableSql('k')}`)
    .groupBy(['k.id', 'k.network', 'k.status', 'k.status_reason'])
    .orderBy('k.id')
    .execute();
  return rows.map((r) => ({ connectionId: r.connectionId, network: r.network, reason: r.status_reason ?? r.status, posts: Number(r.posts) }));
}

export interface PausedPost {
  mediaId: string;
  connectionId: string;
  network: string;
  /** The connection's reason (password_changed, revoked, …) or its status. */
  reason: string;
}

/** Of these posts of the campaign (a page of them), those whose refresh is paused, with the reason to show. */
export async function pausedPostsAmong(db: DB, campaignId: string, mediaIds: readonly string[]): Promise<PausedPost[]> {
  if (mediaIds.length === 0) return [];
  const rows = await db
    .selectFrom('campaign_posts as p')
    .innerJoin('media as m', 'm.id', 'p.media_id')
    .innerJoin('connections as k', 'k.id', 'm.connection_id')
    .select(['m.id as mediaId', 'k.id as connectionId', 'm.network', 'k.status', 'k.status_reason'])
    .where('p.campaign_id', '=', campaignId)
    .where('p.status', '=', 'bound')
    .where('m.id', 'in', [...mediaIds])
    .where('k.status', '=', 'disconnected')
    // Read through a linked login (the same account connected another way): not paused.
    .where(sql<boolean>`not ${readableSql('k')}`)
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({ mediaId: r.mediaId, connectionId: r.connectionId, network: r.network, reason: r.status_reason ?? r.status }));
}

export async function writeAudience(db: Tx, connectionId: string, capturedAt: Date, audience: AudienceInsights): Promise<void> {
  const available = audience.status === 'available';
  await db
    .insertInto('audience_insights')
    .values({
      connection_id: connectionId,
      captured_at: capturedAt,
      status: audience.status,
      reason: available ? null : audience.reason,
      unit: available ? audience.unit : null,
      followers: audience.followers,
      breakdowns: available ? JSON.stringify({ age: audience.age, gender: audience.gender, country: audience.country, city: audience.city }) : null,
    })
    .onConflict((oc) => oc.columns(['connection_id', 'captured_at']).doNothing())
    .execute();
}

/** Whether the channel's audience was captured at or after `since` (one probe of the primary key). */
export async function audienceReadSince(db: DB, connectionId: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('audience_insights')
    .select('captured_at')
    .where('connection_id', '=', connectionId)
    .where('captured_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function latestAudience(db: DB, connectionId: string) {
  return db.selectFrom('audience_insights').selectAll().where('connection_id', '=', connectionId).orderBy('captured_at', 'desc').limit(1).executeTakeFirst();
}

/** Each connection's latest audience snapshot, in one query (a campaign page shows every participant's). */
export interface CampaignAudience {
  /** Channels whose audience is added up. */
  counted: number;
  /** Channels whose network would not say (the first `limit`, creator name first), and how many in all. */
  unavailable: { creatorName: string; network: string; reason: string | null; unit: string | null }[];
  unavailableTotal: number;
  /** Followers added up per dimension (age, gender, country, city) and slice, largest first. */
  slices: { dimension: string; key: string; value: number }[];
}

/**
 * The participating creators' audiences on the campaign's networks, added up in the database: each
 * usable channel's latest reading, counts as they are and shares of viewers (YouTube) turned into counts
 * with the channel's follower count. A reading without figures (below the network's threshold, not
 * offered, or shares without a follower count) is listed as not available instead.
 */
export async function campaignAudience(db: DB, campaignId: string, networks: readonly string[], limit: number): Promise<CampaignAudience> {
  const latest = sql`
    select distinct on (a.connection_id) a.connection_id, a.status, a.reason, a.unit, a.followers, a.breakdowns,
           coalesce(cr.name, k.creator_id) as creator_name, k.network,
           (a.status = 'available' and a.breakdowns is not null and (a.unit <> 'percent' or a.followers is not null)) as usable
    from campaign_participants p
    join connections k on k.workspace_id = p.workspace_id and k.creator_id = p.creator_id
    join creators cr on cr.workspace_id = p.workspace_id and cr.id = p.creator_id
    join audience_insights a on a.connection_id = k.id
    where p.campaign_id = ${campaignId} and p.stage <> 'declined' and k.status <> 'disconnected' and k.network = any(${[...networks]}::text[])
    order by a.connection_id, a.captured_at desc`;
  const [slices, counts, unavailable] = await Promise.all([
    sql<{ dimension: string; key: string; value: number }>`
      with latest as (${latest})
      select b.dimension, s.value ->> 'key' as key,
             sum(round((s.value ->> 'value')::numeric * case when l.unit = 'percent' then l.followers / 100.0 else 1 end))::float8 as value
      from latest l, jsonb_each(l.breakdowns) as b(dimension, slices), jsonb_array_elements(b.slices) as s(value)
      where l.usable
      group by 1, 2 order by 1, 3 desc, 2`.execute(db),
    sql<{ counted: number; unavailable: number }>`
      with latest as (${latest})
      select count(*) filter (where usable)::int as counted, count(*) filter (where not usable)::int as unavailable from latest`.execute(db),
    sql<{ creator_name: string; network: string; reason: string | null; unit: string | null }>`
      with latest as (${latest})
      select creator_name, network, reason, unit from latest where not usable order by creator_name, network limit ${limit}`.execute(db),
  ]);
  return {
    counted: Number(counts.rows[0]?.counted ?? 0),
    unavailable: unavailable.rows.map((r) => ({ creatorName: r.creator_name, network: r.network, reason: r.reason, unit: r.unit })),
    unavailableTotal: Number(counts.rows[0]?.unavailable ?? 0),
    slices: slices.rows.map((r) => ({ dimension: r.dimension, key: r.key, value: Number(r.value) })),
  };
}

/** The figures added up over a campaign's posts (one total, no impressions or network total of its own). */
export type CampaignTotals = Omit<MediaMetrics, 'totalInteractions' | 'impressions'> & {
  posts: number;
  /** Per post: the network's total where it gives one, else the sum of what it reports (as the engagement rate counts). */
  engagements: number | null;
};

/**
 * The campaign's bound posts' latest figures added up, in one query (each post's latest reading is
 * found through media.insights_at). A metric no post reports stays null rather than 0.
 */
export async function campaignTotals(db: DB, campaignId: string): Promise<CampaignTotals> {
  const result = await sql<Record<keyof CampaignTotals, string | number | null>>`
    select count(distinct p.id) as posts, sum(i.views) as views, sum(i.reach) as reach, sum(i.likes) as likes,
           sum(i.comments) as comments, sum(i.saves) as saves, sum(i.shares) as shares,
           sum(coalesce(i.total_interactions, nullif(coalesce(i.likes, 0) + coalesce(i.comments, 0) + coalesce(i.saves, 0) + coalesce(i.shares, 0), 0))) as engagements
    from campaign_posts p
    left join media m on m.id = p.media_id
    left join media_insights i on i.media_id = m.id and i.captured_at = m.insights_at
    where p.campaign_id = ${campaignId} and p.status = 'bound'`.execute(db);
  const row = result.rows[0]!;
  return {
    posts: Number(row.posts),
    views: num(row.views),
    reach: num(row.reach),
    likes: num(row.likes),
    comments: num(row.comments),
    saves: num(row.saves),
    shares: num(row.shares),
    engagements: num(row.engagements),
  };
}
