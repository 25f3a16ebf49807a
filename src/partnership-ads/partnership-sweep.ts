/**
 * The Partnership Ads sweep (hourly): the one reminder for requests unanswered after 3 days, the end of
 * approvals whose token or agreed duration ran out, and a daily debug_token check of every approval,
 * so a token the creator killed on Facebook (password change, app removed) is reported as revoked the
 * same day rather than when the brand next needs it. Claims are SKIP LOCKED and stamped, so several
 * processes share the work without doing any of it twice.
 */
import { DAY, MINUTE } from '../kernel/clock.ts';
import type { Deps } from '../platform/deps.ts';
import { ProviderError } from '../providers/provider.ts';
import { claimDue, type PartnershipRow, recordEvent } from './partnership-ads.repo.ts';
import { PARTNERSHIP_REMINDER_AFTER_MS } from './partnership-ads.rules.ts';
import { endPartnership, openPartnershipToken } from './partnership-end.ts';
import { notifyCreatorOfRequest } from './partnership-notify.ts';

export const PARTNERSHIP_SWEEP_BATCH = 100;
/** A claimed expiry whose process died is taken again after this long. */
const EXPIRY_RETRY_MS = 10 * MINUTE;

export interface PartnershipSweepResult {
  reminded: number;
  expired: number;
  checked: number;
  ended: number;
}

export async function runPartnershipSweep(deps: Deps): Promise<PartnershipSweepResult> {
  const result: PartnershipSweepResult = { reminded: 0, expired: 0, checked: 0, ended: 0 };
  result.reminded = await sendReminders(deps);
  for (;;) {
    const now = deps.clock.now();
    const due = await claimDue(deps.db, { kind: 'expiry', now, before: new Date(now.getTime() - EXPIRY_RETRY_MS), limit: PARTNERSHIP_SWEEP_BATCH });
    for (const row of due) if (await expire(deps, row)) result.expired++;
    if (due.length < PARTNERSHIP_SWEEP_BATCH) break;
  }
  for (;;) {
    const now = deps.clock.now();
    const due = await claimDue(deps.db, { kind: 'check', now, before: new Date(now.getTime() - DAY), limit: PARTNERSHIP_SWEEP_BATCH });
    for (const row of due) {
      result.checked++;
      if (await check(deps, row)) result.ended++;
    }
    if (due.length < PARTNERSHIP_SWEEP_BATCH) break;
  }
  return result;
}

/** Claim and notify in one transaction: a crash sends no reminder and leaves the request due. */
async function sendReminders(deps: Deps): Promise<number> {
  let sent = 0;
  for (;;) {
    const now = deps.clock.now();
    const batch = await deps.db.transaction().execute(async (trx) => {
      const due = await claimDue(trx, { kind: 'reminder', now, before: new Date(now.getTime() - PARTNERSHIP_REMINDER_AFTER_MS), limit: PARTNERSHIP_SWEEP_BATCH });
      for (const row of due) {
        await notifyCreatorOfRequest(deps, trx, row, true);
        await recordEvent(trx, deps.clock, row.id, 'reminded');
      }
      return due.length;
    });
    sent += batch;
    if (batch > 0) deps.onEmailQueued?.();
    if (batch < PARTNERSHIP_SWEEP_BATCH) return sent;
  }
}

async function expire(deps: Deps, row: PartnershipRow): Promise<boolean> {
  const token = await deps.db.selectFrom('partnership_ad_tokens').select('expires_at').where('request_id', '=', row.id).executeTakeFirst();
  const tokenEnded = !token || (token.expires_at !== null && token.expires_at <= deps.clock.now());
  // The agreed duration ran out first: the token still works, so boosting is turned off at Instagram too.
  return (await endPartnership(deps, row, 'expired', tokenEnded ? 'token_expired' : 'duration_ended', !tokenEnded)) !== undefined;
}

async function check(deps: Deps, row: PartnershipRow): Promise<boolean> {
  const provider = deps.providers.partnershipAds?.();
  const token = await openPartnershipToken(deps, row);
  if (!provider) return false;
  if (!token) return (await endPartnership(deps, row, 'expired', 'token_expired', false)) !== undefined;
  try {
    const verdict = await provider.checkToken(token);
    if (verdict.valid) return false;
    const ended =
      verdict.reason === 'expired' ? await endPartnership(deps, row, 'expired', 'token_expired', false) : await endPartnership(deps, row, 'revoked', verdict.reason, false);
    return ended !== undefined;
  } catch (error) {
    // A network blip is not a dead token: the next day's check asks again.
    if (error instanceof ProviderError) {
      deps.logger.warn({ partnershipId: row.id, kind: error.kind }, 'Partnership Ads token check failed; will retry');
      return false;
    }
    throw error;
  }
}
