/**
 * The creator's side of a Partnership Ads request: the review page opened from a signed link, Deny,
 * and Approve, which runs Facebook Login for this request only (its own single-use state, the
 * Partnership Ads permissions, `auth_type=rerequest` after a decline). The callback checks that the
 * Facebook user controls the Instagram account that published the post before anything is approved,
 * then stores the token sealed for this request alone. The creator's Instagram Login connection is
 * never read or written here.
 */
import { MINUTE } from '../kernel/clock.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { randomToken, sha256 } from '../platform/crypto/hash.ts';
import { verifyLink } from '../platform/crypto/signed-link.ts';
import type { Deps } from '../platform/deps.ts';
import { PARTNERSHIP_ADS_SCOPES, type PartnershipAdsProvider, type PartnershipGrant } from '../providers/partnership-ads.ts';
import { ProviderError } from '../providers/provider.ts';
import { consumeState, creatorDeclinedAny, findPartnership, insertState, moveRequest, type PartnershipRow, recordEvent, storeToken } from './partnership-ads.repo.ts';
import { approvalExpiresAt, grantOutcome } from './partnership-ads.rules.ts';
import { lostUpdate } from './partnership-end.ts';
import { notifyBrandOfChange, PARTNERSHIP_LINK_PURPOSE, type PartnershipLinkPayload, partnershipReviewUrl } from './partnership-notify.ts';
import { tokenContext } from './partnership-tokens.ts';

export const PARTNERSHIP_STATE_MINUTES = 10;

/** What the last step did, for the review page's banner. */
export type ApprovalOutcome = 'approved' | 'partial' | 'denied' | 'wrong_owner' | 'permissions_declined' | 'access_denied' | 'provider_error' | 'closed';

export function partnershipCallbackUrl(deps: Pick<Deps, 'settings'>): string {
  return `${deps.settings.publicUrl}/partnership-ads/callback`;
}

/** The request a review link names, if the link is genuine and unexpired. */
export async function requestFromLink(deps: Deps, token: string): Promise<Result<PartnershipRow>> {
  const check = verifyLink<PartnershipLinkPayload>(deps.keyRing, token, deps.clock.now(), PARTNERSHIP_LINK_PURPOSE);
  if (!check.ok) return fail(check.code === 'reconnect_link_expired' ? 'partnership_link_expired' : 'partnership_link_invalid');
  const row = await findPartnership(deps.db, check.payload.ws, check.payload.rid);
  return row ? ok(row) : fail('partnership_link_invalid');
}

/**
 * Whether the next Approve must carry auth_type=rerequest. Facebook remembers a decline per person and
 * app, not per request: a permission the creator declined on any request is not shown on a new one's
 * dialog unless re-requested, and re-requesting what was never declined changes nothing.
 */
export async function needsRerequest(deps: Pick<Deps, 'db'>, row: PartnershipRow): Promise<boolean> {
  return row.declined_scopes.length > 0 || creatorDeclinedAny(deps.db, row.workspace_id, row.creator_id);
}

/** Approve is offered while the request waits, and again after a partial grant (to grant the rest). */
export function canApprove(row: Pick<PartnershipRow, 'state' | 'grant_level'>): boolean {
  return row.state === 'requested' || (row.state === 'approved' && row.grant_level === 'partial');
}

function adapter(deps: Deps): Result<PartnershipAdsProvider> {
  const provider = deps.providers.partnershipAds?.();
  return provider ? ok(provider) : fail('unsupported_provider', 'Facebook is not configured on this server, so Partnership Ads cannot be approved.');
}

/** Approve: a fresh single-use state for this request, then Facebook's dialog. */
export async function startApproval(deps: Deps, token: string): Promise<Result<{ redirectUrl: string }>> {
  const found = await requestFromLink(deps, token);
  if (!found.ok) return found;
  const row = found.value;
  if (!canApprove(row)) return fail('partnership_request_closed');
  const provider = adapter(deps);
  if (!provider.ok) return provider;
  const now = deps.clock.now();
  const state = randomToken();
  const rerequest = await needsRerequest(deps, row);
  await insertState(deps.db, { stateHash: sha256(state), requestId: row.id, rerequest, expiresAt: new Date(now.getTime() + PARTNERSHIP_STATE_MINUTES * MINUTE), now });
  await recordEvent(deps.db, deps.clock, row.id, 'approval_started', { rerequest });
  const url = provider.value.createAuthorizationUrl({ state, redirectUri: partnershipCallbackUrl(deps), rerequest });
  return ok({ redirectUrl: url.toString() });
}

export async function denyPartnership(deps: Deps, token: string): Promise<Result<PartnershipRow>> {
  const found = await requestFromLink(deps, token);
  if (!found.ok) return found;
  const row = found.value;
  if (row.state !== 'requested') return fail('partnership_request_closed');
  const now = deps.clock.now();
  const denied = await deps.db.transaction().execute(async (trx) => {
    const moved = await moveRequest(trx, { id: row.id, from: 'requested', version: row.version, now, set: { state: 'denied', decided_at: now, ended_at: now } });
    if (!moved) return undefined;
    await recordEvent(trx, deps.clock, row.id, 'denied');
    await notifyBrandOfChange(deps, trx, moved);
    return moved;
  });
  if (!denied) return lostUpdate(deps, row, (state) => state === 'requested');
  deps.onWebhookQueued?.();
  return ok(denied);
}

export interface CallbackInput {
  state?: string;
  code?: string;
  error?: string;
}

/** Facebook's redirect back. Anything but a bad state ends on the review page, with what happened. */
export async function completeApproval(deps: Deps, input: CallbackInput): Promise<Result<{ reviewUrl: string; outcome: ApprovalOutcome }>> {
  if (!input.state) return fail('state_invalid');
  const consumed = await consumeState(deps.db, sha256(input.state), deps.clock.now());
  if (!consumed.ok) return fail(consumed.code);
  const row = await deps.db.selectFrom('partnership_ad_requests').selectAll().where('id', '=', consumed.requestId).executeTakeFirst();
  if (!row) return fail('state_invalid');
  const done = (outcome: ApprovalOutcome) => ok({ reviewUrl: `${partnershipReviewUrl(deps, row).url}&outcome=${outcome}`, outcome });
  if (!canApprove(row)) return done('closed');
  if (input.error || !input.code) return done(await recordAttempt(deps, row, 'access_denied'));
  const provider = adapter(deps);
  if (!provider.ok) return provider;
  const outcome = await approveWith(deps, provider.value, row, input.code).catch(async (error: unknown) => {
    if (!(error instanceof ProviderError)) throw error;
    deps.logger.warn({ partnershipId: row.id, kind: error.kind, providerCode: error.providerCode }, 'Partnership Ads approval failed at Facebook');
    return recordAttempt(deps, row, 'provider_error', { kind: error.kind, providerCode: error.providerCode });
  });
  return done(outcome);
}

async function approveWith(deps: Deps, provider: PartnershipAdsProvider, row: PartnershipRow, code: string): Promise<ApprovalOutcome> {
  const grant = await provider.exchangeCode({ code, redirectUri: partnershipCallbackUrl(deps) });
  const verdict = grantOutcome(PARTNERSHIP_ADS_SCOPES, grant.tokens.scopes ?? []);
  const declined = [...new Set([...grant.declinedScopes, ...verdict.missing])].filter((scope) => (PARTNERSHIP_ADS_SCOPES as readonly string[]).includes(scope));
  if (verdict.level === 'insufficient') return recordAttempt(deps, row, 'permissions_declined', { declined }, { declined, grant });
  const accounts = await provider.linkedInstagramAccounts(grant.tokens.accessToken);
  if (!accounts.some((account) => account.instagramAccountId === row.instagram_account_id)) {
    return recordAttempt(
      deps,
      row,
      'wrong_owner',
      { facebookUserId: grant.tokens.providerUserId, reached: accounts.map((a) => a.username ?? a.instagramAccountId) },
      { declined, grant },
    );
  }
  const promote = (allow: boolean) => provider.setPartnerPromotion(grant.tokens.accessToken, { mediaId: row.provider_media_id, sponsorId: row.sponsor_instagram_id, allow });
  if (verdict.canPromote) await promote(true);
  // Completing a partial grant without the boost permission cannot turn off what the first grant turned
  // on: the record keeps saying it is on, so the approval's end still tries to turn it off.
  const promotionEnabled = verdict.canPromote || (row.state === 'approved' && row.promotion_enabled === true);
  const approved = await storeApproval(deps, row, grant, { level: verdict.level, declined, promotionEnabled });
  if (!approved) {
    // The brand withdrew while the creator was at Facebook: undo what we turned on. But if another tab's
    // approval won, boosting on is its setting (the row says so): turning it off would contradict it.
    const now = await findPartnership(deps.db, row.workspace_id, row.id);
    const keptOn = now?.state === 'approved' && now.promotion_enabled === true;
    if (verdict.canPromote && !keptOn) await promote(false).catch(() => undefined);
    return 'closed';
  }
  deps.onWebhookQueued?.();
  return verdict.level === 'full' ? 'approved' : 'partial';
}

async function storeApproval(
  deps: Deps,
  row: PartnershipRow,
  grant: PartnershipGrant,
  verdict: { level: 'full' | 'partial'; declined: string[]; promotionEnabled: boolean },
): Promise<PartnershipRow | undefined> {
  const now = deps.clock.now();
  // Completing a partial grant keeps the agreement's start: the creator agreed to N days from the first approval, not more.
  const agreedFrom = row.state === 'approved' && row.decided_at ? row.decided_at : now;
  return deps.db.transaction().execute(async (trx) => {
    const moved = await moveRequest(trx, {
      id: row.id,
      from: row.state,
      version: row.version,
      now,
      set: {
        state: 'approved',
        grant_level: verdict.level,
        granted_scopes: (grant.tokens.scopes ?? []).filter((scope) => (PARTNERSHIP_ADS_SCOPES as readonly string[]).includes(scope)),
        declined_scopes: verdict.declined,
        promotion_enabled: verdict.promotionEnabled,
        facebook_user_id: grant.tokens.providerUserId ?? null,
        facebook_user_name: grant.userName,
        last_attempt_error: null,
        decided_at: agreedFrom,
        expires_at: approvalExpiresAt(agreedFrom, row.duration_days, grant.tokens.expiresAt),
        checked_at: now,
      },
    });
    if (!moved) return undefined;
    // Sealed with this request's id as associated data: the ciphertext opens for this request only.
    const sealed = deps.keyRing.seal(grant.tokens.accessToken, tokenContext(row.id));
    await storeToken(trx, { requestId: row.id, sealed, expiresAt: grant.tokens.expiresAt, now });
    await recordEvent(trx, deps.clock, row.id, 'approved', { grant: verdict.level, declined: verdict.declined, promotionEnabled: verdict.promotionEnabled });
    await notifyBrandOfChange(deps, trx, moved);
    return moved;
  });
}

/** An Approve that did not approve: the request stays as it was; the page and the audit trail say why. */
async function recordAttempt(
  deps: Deps,
  row: PartnershipRow,
  outcome: Exclude<ApprovalOutcome, 'approved' | 'partial' | 'denied' | 'closed'>,
  detail: Record<string, unknown> = {},
  seen?: { declined: string[]; grant: PartnershipGrant },
): Promise<ApprovalOutcome> {
  // What the attempt saw (declines, who logged in) is kept only while nothing is approved: a partial
  // approval still stands, and the brand and the next Approve's rerequest read its own declines. The
  // person's id goes with their name, so their data-deletion request finds it.
  const rewrites = seen !== undefined && row.state === 'requested';
  await deps.db
    .updateTable('partnership_ad_requests')
    .set({
      last_attempt_error: outcome,
      updated_at: deps.clock.now(),
      ...(rewrites ? { declined_scopes: seen.declined, facebook_user_id: seen.grant.tokens.providerUserId ?? null, facebook_user_name: seen.grant.userName } : {}),
    })
    .where('id', '=', row.id)
    .where('state', 'in', rewrites ? ['requested'] : ['requested', 'approved'])
    .execute();
  await recordEvent(deps.db, deps.clock, row.id, outcome, detail);
  return outcome;
}
