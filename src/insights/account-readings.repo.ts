/** The account readings time series (table account_readings, migration 029): written by the schedule, read by the API and pages. */
import { type Selectable, sql } from 'kysely';
import type { DB, Tx } from '../platform/db/db.ts';
import type { AccountFigures, AccountInsights } from '../providers/provider.ts';
import type { AccountReadingsTable } from './account-insights.table.ts';

export interface AccountReading extends AccountFigures {
  connectionId: string;
  /** The UTC day read, YYYY-MM-DD. */
  day: string;
  capturedAt: Date;
  rangeDays: number;
  status: 'available' | 'unavailable';
  /** Why unavailable: below_threshold, not_professional, not_offered. */
  reason: string | null;
  engagementRate: number | null;
  extra: Record<string, number>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type Row = Selectable<AccountReadingsTable>;

/** The day as text: drivers differ on what a `date` becomes (node-postgres makes a local-time Date of it). */
const dayText = sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day');
const COLUMNS = ['connection_id', 'captured_at', 'range_days', 'status', 'reason', 'followers', 'posts', 'views', 'reach', 'engagements', 'engagement_rate', 'extra'] as const;

function rowToReading(r: Row): AccountReading {
  return {
    connectionId: r.connection_id,
    day: r.day,
    capturedAt: new Date(r.captured_at),
    rangeDays: Number(r.range_days),
    status: r.status,
    reason: r.reason,
    followers: num(r.followers),
    posts: num(r.posts),
    views: num(r.views),
    reach: num(r.reach),
    engagements: num(r.engagements),
    engagementRate: num(r.engagement_rate),
    extra: r.extra ?? {},
  };
}

/** Engagements ÷ views (or reach where the network counts no views), as the post rate is reckoned; null without both. */
export function accountEngagementRate(figures: AccountFigures): number | null {
  const denominator = figures.views ?? figures.reach;
  if (figures.engagements === null || denominator === null || denominator <= 0) return null;
  return figures.engagements / denominator;
}

/** Keeps a day's reading; a second reading of the same day replaces the first (the latest figures win). */
export async function writeAccountReading(db: Tx, input: { connectionId: string; day: string; capturedAt: Date; rangeDays: number; insights: AccountInsights }): Promise<void> {
  const i = input.insights;
  const figures: AccountFigures = i.status === 'available' ? i.figures : { followers: i.followers, posts: null, views: null, reach: null, engagements: null };
  const values = {
    captured_at: input.capturedAt,
    range_days: input.rangeDays,
    status: i.status,
    reason: i.status === 'available' ? null : i.reason,
    followers: figures.followers,
    posts: figures.posts,
    views: figures.views,
    reach: figures.reach,
    engagements: figures.engagements,
    engagement_rate: accountEngagementRate(figures),
    extra: i.status === 'available' && i.extra && Object.keys(i.extra).length ? JSON.stringify(i.extra) : null,
  };
  await db
    .insertInto('account_readings')
    .values({ connection_id: input.connectionId, day: input.day, ...values })
    .onConflict((oc) => oc.columns(['connection_id', 'day']).doUpdateSet(values))
    .execute();
}

/** A channel's readings from `from` to `to` (UTC days, both inclusive), oldest first. */
export async function accountReadingsBetween(db: DB, connectionId: string, from: string, to: string): Promise<AccountReading[]> {
  const rows = await db
    .selectFrom('account_readings')
    .select([...COLUMNS, dayText])
    .where('connection_id', '=', connectionId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  return rows.map(rowToReading);
}

/** Each channel's latest reading (one index probe per channel through the primary key's order). */
export async function latestAccountReadings(db: DB, connectionIds: readonly string[]): Promise<Map<string, AccountReading>> {
  const out = new Map<string, AccountReading>();
  if (connectionIds.length === 0) return out;
  const rows = await db
    .selectFrom('account_readings')
    .select([...COLUMNS, dayText])
    .distinctOn('connection_id')
    .where('connection_id', 'in', [...connectionIds])
    .orderBy('connection_id')
    .orderBy('day', 'desc')
    .execute();
  for (const r of rows) out.set(r.connection_id, rowToReading(r));
  return out;
}

/** Each channel's followers by day from `since` (YYYY-MM-DD), oldest first (the pages' trend lines). */
export async function followerTrends(db: DB, connectionIds: readonly string[], since: string): Promise<Map<string, { day: string; followers: number }[]>> {
  const out = new Map<string, { day: string; followers: number }[]>();
  if (connectionIds.length === 0) return out;
  const rows = await db
    .selectFrom('account_readings')
    .select(['connection_id', 'followers', dayText])
    .where('connection_id', 'in', [...connectionIds])
    .where('day', '>=', since)
    .where('followers', 'is not', null)
    .orderBy('connection_id')
    .orderBy('day')
    .execute();
  for (const r of rows) {
    const list = out.get(r.connection_id) ?? [];
    list.push({ day: r.day, followers: Number(r.followers) });
    out.set(r.connection_id, list);
  }
  return out;
}
