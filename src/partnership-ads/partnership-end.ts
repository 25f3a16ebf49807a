/**
 * How a Partnership Ads request ends: the creator revokes an approval (Channels page), the brand
 * withdraws, the token or the agreed duration runs out (sweep), or Facebook kills the token. While the
 * token still works, the post's "Allow brand partner to boost" is turned off first, so the end is real
 * on Instagram too; then one conditional UPDATE ends the request, deletes its token, and tells the brand.
 */
import { sql } from 'kysely';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { insertNotification } from '../notifications/index.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';
import { viewerFor } from '../platform/web/viewer.ts';
import { deleteToken, findPartnership, loadSealedToken, moveRequest, type PartnershipRow, recordEvent } from './partnership-ads.repo.ts';
import { isOpen, type PartnershipState } from './partnership-ads.rules.ts';
import { creatorPartnershipEndNotice } from './partnership-messages.ts';
import { notifyBrandOfChange, partnershipSubject } from './partnership-notify.ts';
import { tokenContext } from './partnership-tokens.ts';

export type EndState = Extract<PartnershipState, 'expired' | 'revoked' | 'withdrawn'>;

/** The stored token of an approval, opened for this request only; undefined when there is none. */
export async function openPartnershipToken(deps: Deps, row: Pick<PartnershipRow, 'id'>): Promise<string | undefined> {
  const sealed = await loadSealedToken(deps.db, row.id);
  return sealed === undefined ? undefined : deps.keyRing.open(sealed, tokenContext(row.id));
}

/** Sets boosting at Instagram with the request's own token; false when that could not be done (the token is dead). */
async function setPromotion(deps: Deps, row: PartnershipRow, allow: boolean): Promise<boolean> {
  const provider = deps.providers.partnershipAds?.();
  const token = await openPartnershipToken(deps, row);
  const event = allow ? 'promotion_on' : 'promotion_off';
  if (!provider || !token) return false;
  try {
    await provider.setPartnerPromotion(token, { mediaId: row.provider_media_id, sponsorId: row.sponsor_instagram_id, allow });
    await recordEvent(deps.db, deps.clock, row.id, event);
    return true;
  } catch (error) {
    await recordEvent(deps.db, deps.clock, row.id, `${event}_failed`, { message: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

/**
 * Ends an open request. `tokenAlive` false skips the call to Instagram (the token is known dead).
 * Returns the ended row, or undefined if it had already changed.
 */
export async function endPartnership(deps: Deps, row: PartnershipRow, to: EndState, reason: string, tokenAlive = true): Promise<PartnershipRow | undefined> {
  const turnedOff = row.state === 'approved' && row.promotion_enabled === true && tokenAlive ? await setPromotion(deps, row, false) : false;
  const now = deps.clock.now();
  const ended = await deps.db.transaction().execute(async (trx) => {
    const moved = await moveRequest(trx, {
      id: row.id,
      from: row.state,
      version: row.version,
      now,
      set: { state: to, state_reason: reason, ended_at: now, ...(turnedOff ? { promotion_enabled: false } : {}) },
    });
    if (!moved) return undefined;
    await deleteToken(trx, row.id);
    await recordEvent(trx, deps.clock, row.id, to, { reason, promotionTurnedOff: turnedOff });
    // The brand hears of every end but its own withdrawal; the creator of every end but their own revoke.
    if (to !== 'withdrawn') await notifyBrandOfChange(deps, trx, moved);
    if (reason !== 'creator') await notifyCreatorOfEnd(deps, trx, moved, to);
    return moved;
  });
  if (ended) deps.onWebhookQueued?.();
  else if (turnedOff) await restoreIfStillApproved(deps, row.id);
  return ended;
}

/**
 * Boosting was turned off but the end lost its conditional UPDATE: another change won in between (a
 * completed grant re-approving, or another end). If the request is still an approval that says boosting
 * is on, Instagram must agree again.
 */
async function restoreIfStillApproved(deps: Deps, id: string): Promise<void> {
  const now = await deps.db.selectFrom('partnership_ad_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (now?.state === 'approved' && now.promotion_enabled === true) await setPromotion(deps, now, true);
}

async function notifyCreatorOfEnd(deps: Deps, db: Tx, row: PartnershipRow, state: EndState): Promise<void> {
  const [subject, reader] = await Promise.all([partnershipSubject(db, row), viewerFor(db, deps.settings, { workspaceId: row.workspace_id, creatorId: row.creator_id })]);
  await insertNotification(db, deps.clock, {
    workspaceId: row.workspace_id,
    creatorId: row.creator_id,
    connectionId: row.connection_id,
    kind: `partnership_ads_${state}`,
    ...creatorPartnershipEndNotice({ brandName: subject.brandName, state, stateReason: row.state_reason }, reader),
    dedupeKey: `partnership:${row.id}:creator:${state}`,
  });
}

/** The creator revokes an approval from the Channels page (only their own, only while approved). */
export async function revokePartnership(deps: Deps, input: { workspaceId: string; creatorId: string; id: string }): Promise<Result<PartnershipRow>> {
  const row = await findPartnership(deps.db, input.workspaceId, input.id);
  if (!row || row.creator_id !== input.creatorId) return fail('not_found');
  if (row.state !== 'approved') return fail('partnership_request_closed');
  const ended = await endPartnership(deps, row, 'revoked', 'creator');
  return ended ? ok(ended) : lostUpdate(deps, row, (state) => state === 'approved');
}

/** The brand calls a request off, answered or not (an approval's boosting is turned off). */
export async function withdrawPartnership(deps: Deps, input: { workspaceId: string; id: string }): Promise<Result<PartnershipRow>> {
  const row = await findPartnership(deps.db, input.workspaceId, input.id);
  if (!row) return fail('not_found');
  if (!isOpen(row.state)) return fail('partnership_request_closed');
  const ended = await endPartnership(deps, row, 'withdrawn', 'brand');
  return ended ? ok(ended) : lostUpdate(deps, row, isOpen);
}

/**
 * Why a conditional UPDATE of a request was lost: it closed meanwhile (`partnership_request_closed`),
 * or it changed and still allows the move (a version conflict, worth retrying).
 */
export async function lostUpdate(deps: Pick<Deps, 'db'>, row: PartnershipRow, stillAllows: (state: PartnershipState) => boolean) {
  const now = await findPartnership(deps.db, row.workspace_id, row.id);
  if (now && stillAllows(now.state)) return fail('conflict', 'This Partnership Ads request changed while this was applied; open it again and retry.');
  return fail('partnership_request_closed');
}

/**
 * Meta's deauthorize callback for a Facebook user: every approval that person gave before the callback
 * was signed is revoked (their tokens died with the app's removal; boosting cannot be turned off with them).
 */
export async function endPartnershipsOfFacebookUser(deps: Deps, input: { facebookUserId: string; issuedAt: Date; reason: string }): Promise<string[]> {
  const rows = await deps.db
    .selectFrom('partnership_ad_requests')
    .selectAll()
    .where('facebook_user_id', '=', input.facebookUserId)
    .where('state', '=', 'approved')
    .where('decided_at', '<', input.issuedAt)
    .execute();
  const ended: string[] = [];
  for (const row of rows) if (await endPartnership(deps, row, 'revoked', input.reason, false)) ended.push(row.id);
  return ended;
}

/**
 * Meta's data-deletion callback for a Facebook user: their approvals end and their Facebook id and name
 * are erased from every request, and from the audit trail of their wrong-account attempts (which also
 * named the Instagram accounts they manage).
 */
export async function forgetPartnershipGrantor(deps: Deps, input: { facebookUserId: string; issuedAt: Date; reason: string }): Promise<void> {
  await endPartnershipsOfFacebookUser(deps, input);
  await deps.db
    .updateTable('partnership_ad_requests')
    .set({ facebook_user_id: null, facebook_user_name: null, updated_at: deps.clock.now() })
    .where('facebook_user_id', '=', input.facebookUserId)
    .execute();
  await deps.db
    .updateTable('partnership_ad_events')
    .set({ detail: sql`detail - 'facebookUserId' - 'reached'` })
    .where(sql<boolean>`detail->>'facebookUserId' = ${input.facebookUserId}`)
    .execute();
}
