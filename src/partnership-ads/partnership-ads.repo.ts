/**
 * Partnership Ads requests, their scoped tokens, their OAuth states and their audit trail. Every state
 * change is one conditional UPDATE on (state, version): the first process (or browser tab) to apply
 * it wins, the other finds nothing to change. Creation relies on the partial unique index "one open
 * request per post and brand", so concurrent requests collapse into one.
 */
import { type Selectable, sql, type Updateable } from 'kysely';
import type { Clock } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import type { Tx } from '../platform/db/db.ts';
import type { PartnershipState } from './partnership-ads.rules.ts';
import type { PartnershipAdRequestsTable } from './partnership-ads.table.ts';

export type PartnershipRow = Selectable<PartnershipAdRequestsTable>;
export type NewPartnershipRow = Omit<PartnershipRow, 'version'>;

/**
 * Inserts the request unless the post already has an open one for this brand; then returns that one.
 * The open one may end between the two statements (withdrawn, denied): then the insert is tried again.
 */
export async function insertOrFindOpen(db: Tx, row: NewPartnershipRow): Promise<{ row: PartnershipRow; created: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insertInto('partnership_ad_requests')
      .values(row)
      .onConflict((oc) => oc.columns(['workspace_id', 'brand_id', 'media_id']).where('state', 'in', ['requested', 'approved']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { row: inserted, created: true };
    // Under READ COMMITTED the conflicting insert waited for the winner to commit; this new statement sees it.
    const open = await db
      .selectFrom('partnership_ad_requests')
      .selectAll()
      .where('workspace_id', '=', row.workspace_id)
      .where('brand_id', '=', row.brand_id)
      .where('media_id', '=', row.media_id)
      .where('state', 'in', ['requested', 'approved'])
      .executeTakeFirst();
    if (open) return { row: open, created: false };
  }
  throw new Error('partnership request kept conflicting with open requests that ended before they could be read');
}

export async function findPartnership(db: Tx, workspaceId: string, id: string): Promise<PartnershipRow | undefined> {
  return db.selectFrom('partnership_ad_requests').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** A campaign's requests, newest first; `before` is the last one of the previous page (keyset on requested_at, id). */
export async function listForCampaign(
  db: Tx,
  workspaceId: string,
  campaignId: string,
  page: { limit: number; before?: { requestedAt: Date; id: string } },
): Promise<PartnershipRow[]> {
  let query = db.selectFrom('partnership_ad_requests').selectAll().where('workspace_id', '=', workspaceId).where('campaign_id', '=', campaignId);
  if (page.before) {
    const { requestedAt, id } = page.before;
    query = query.where((eb) => eb.or([eb('requested_at', '<', requestedAt), eb.and([eb('requested_at', '=', requestedAt), eb('id', '<', id)])]));
  }
  return query.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/** A creator's requests, newest first: the open ones and those that ended in the last `sinceDays`. */
export async function listForCreator(db: Tx, workspaceId: string, creatorId: string, endedSince: Date): Promise<PartnershipRow[]> {
  return db
    .selectFrom('partnership_ad_requests')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('creator_id', '=', creatorId)
    .where((eb) => eb.or([eb('state', 'in', ['requested', 'approved']), eb('updated_at', '>=', endedSince)]))
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

/**
 * The latest request of one brand for each of the given posts (by media): one query for a page of posts
 * (the Campaign Performance page), never one per post. By media, not by campaign: the rule is one open
 * request per post and brand, so a post bound to two of the brand's campaigns shows the same request in
 * both. An open request is the latest by nature (the one before it had ended); ordering it first, then
 * the one that changed last, also settles two requests made in the same instant.
 */
export async function latestForMedia(db: Tx, input: { workspaceId: string; brandId: string; mediaIds: readonly string[] }): Promise<PartnershipRow[]> {
  if (input.mediaIds.length === 0) return [];
  return db
    .selectFrom('partnership_ad_requests')
    .selectAll()
    .distinctOn('media_id')
    .where('workspace_id', '=', input.workspaceId)
    .where('brand_id', '=', input.brandId)
    .where('media_id', 'in', [...input.mediaIds])
    .orderBy('media_id')
    .orderBy(sql`state in ('requested', 'approved')`, 'desc')
    .orderBy('requested_at', 'desc')
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Whether any of the creator's requests recorded a permission declined on Facebook's dialog. */
export async function creatorDeclinedAny(db: Tx, workspaceId: string, creatorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('partnership_ad_requests')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('creator_id', '=', creatorId)
    .where(sql<boolean>`cardinality(declined_scopes) > 0`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** What a list of requests shows about each: who asks, in which campaign, for which post. */
export interface RequestSubjectRow {
  id: string;
  brand_name: string;
  campaign_name: string;
  username: string | null;
  caption: string | null;
  permalink: string | null;
  media_type: string;
  media_url: string | null;
  thumbnail_url: string | null;
  published_at: Date;
}

/** The brand, campaign, post and account of each request, in one query (the Channels page lists many). */
export async function subjectsOf(db: Tx, workspaceId: string, ids: readonly string[]): Promise<Map<string, RequestSubjectRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('partnership_ad_requests as r')
    .innerJoin('brands as b', (join) => join.onRef('b.workspace_id', '=', 'r.workspace_id').onRef('b.id', '=', 'r.brand_id'))
    .innerJoin('campaigns as k', 'k.id', 'r.campaign_id')
    .innerJoin('media as m', 'm.id', 'r.media_id')
    .innerJoin('connections as c', 'c.id', 'r.connection_id')
    .select([
      'r.id',
      'b.name as brand_name',
      'k.name as campaign_name',
      'c.username',
      'm.caption',
      'm.permalink',
      'm.media_type',
      'm.media_url',
      'm.thumbnail_url',
      'm.published_at',
    ])
    .where('r.workspace_id', '=', workspaceId)
    .where('r.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Applies a change if the row is still in `from` at `version`; returns the row after it, or undefined. */
export async function moveRequest(
  db: Tx,
  input: { id: string; from: PartnershipState; version: number; now: Date; set: Updateable<PartnershipAdRequestsTable> },
): Promise<PartnershipRow | undefined> {
  return db
    .updateTable('partnership_ad_requests')
    .set({ ...input.set, version: sql<number>`version + 1`, updated_at: input.now })
    .where('id', '=', input.id)
    .where('state', '=', input.from)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
}

export async function recordEvent(db: Tx, clock: Clock, requestId: string, type: string, detail: Record<string, unknown> = {}): Promise<void> {
  await db
    .insertInto('partnership_ad_events')
    .values({ id: newId('pae', clock), request_id: requestId, type, detail: JSON.stringify(detail), created_at: clock.now() })
    .execute();
}

export async function listEvents(db: Tx, requestId: string): Promise<{ type: string; detail: Record<string, unknown>; createdAt: Date }[]> {
  const rows = await db.selectFrom('partnership_ad_events').select(['type', 'detail', 'created_at']).where('request_id', '=', requestId).orderBy('seq').execute();
  return rows.map((row) => ({ type: row.type, detail: row.detail, createdAt: row.created_at }));
}

export async function storeToken(db: Tx, input: { requestId: string; sealed: string; expiresAt: Date | null; now: Date }): Promise<void> {
  await db
    .insertInto('partnership_ad_tokens')
    .values({ request_id: input.requestId, access_token_sealed: input.sealed, expires_at: input.expiresAt, created_at: input.now })
    .onConflict((oc) => oc.column('request_id').doUpdateSet({ access_token_sealed: input.sealed, expires_at: input.expiresAt, created_at: input.now }))
    .execute();
}

export async function loadSealedToken(db: Tx, requestId: string): Promise<string | undefined> {
  const row = await db.selectFrom('partnership_ad_tokens').select('access_token_sealed').where('request_id', '=', requestId).executeTakeFirst();
  return row?.access_token_sealed;
}

export async function deleteToken(db: Tx, requestId: string): Promise<void> {
  await db.deleteFrom('partnership_ad_tokens').where('request_id', '=', requestId).execute();
}

export async function insertState(db: Tx, input: { stateHash: string; requestId: string; rerequest: boolean; expiresAt: Date; now: Date }): Promise<void> {
  await db
    .insertInto('partnership_ad_states')
    .values({ state_hash: input.stateHash, request_id: input.requestId, rerequest: input.rerequest, expires_at: input.expiresAt, consumed_at: null, created_at: input.now })
    .execute();
}

export type StateCheck = { ok: true; requestId: string } | { ok: false; code: 'state_invalid' | 'state_used' | 'state_expired' };

/** Consumes a state once (a conditional UPDATE: a replayed callback finds it used). */
export async function consumeState(db: Tx, stateHash: string, now: Date): Promise<StateCheck> {
  const row = await db
    .updateTable('partnership_ad_states')
    .set({ consumed_at: now })
    .where('state_hash', '=', stateHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('request_id')
    .executeTakeFirst();
  if (row) return { ok: true, requestId: row.request_id };
  const seen = await db.selectFrom('partnership_ad_states').select(['consumed_at']).where('state_hash', '=', stateHash).executeTakeFirst();
  if (!seen) return { ok: false, code: 'state_invalid' };
  return { ok: false, code: seen.consumed_at ? 'state_used' : 'state_expired' };
}

/**
 * Claims up to `limit` rows for a sweep step by stamping them (SKIP LOCKED: concurrent sweeps take
 * different rows; the stamp keeps a row out of the next claim, until `before` passes it, while its
 * network call runs). reminder: unanswered since `before`; expiry: ended by `now`; check: not checked since `before`.
 */
export async function claimDue(db: Tx, input: { kind: 'reminder' | 'expiry' | 'check'; now: Date; before: Date; limit: number }): Promise<PartnershipRow[]> {
  const where = {
    reminder: sql`state = 'requested' and reminded_at is null and requested_at <= ${input.before}`,
    expiry: sql`state = 'approved' and expires_at <= ${input.now} and (checked_at is null or checked_at <= ${input.before})`,
    check: sql`state = 'approved' and (checked_at is null or checked_at <= ${input.before})`,
  }[input.kind];
  const stamp = input.kind === 'reminder' ? sql`reminded_at = ${input.now}` : sql`checked_at = ${input.now}`;
  const order = { reminder: sql`requested_at`, expiry: sql`expires_at`, check: sql`checked_at nulls first` }[input.kind];
  const result = await sql<PartnershipRow>`
    update partnership_ad_requests r set ${stamp}
    from (select id from partnership_ad_requests where ${where} order by ${order} limit ${input.limit} for update skip locked) due
    where r.id = due.id
    returning r.*`.execute(db);
  return result.rows;
}
