/**
 * When a bound post's insights are refreshed automatically (docs/api.md#insights). One pure function, mirrored
 * by the schedule each post stores (media.insights_next_at and insights_until, kept by the triggers of
 * src/platform/migrations/034-insights-schedule.ts, which repeat RECENCY's numbers in SQL): a property test
 * (test/integration/insights-schedule.integration.test.ts) compares the two on random histories, to the edges.
 *
 * "Days" are full 24-hour periods on the clock, not calendar days: a campaign started at T is
 * "90 days old" from T + 90×24 h up to (not including) T + 91×24 h, so it is still refreshed then,
 * and stops at T + 91×24 h. The same for the due date: 45 days ago holds until 46 full days have
 * passed. A due date still in the future counts as "within the last 45 days" (the campaign is not
 * over yet, so its posts must stay fresh).
 */
import { DAY, HOUR } from '../kernel/clock.ts';

export const RECENCY = {
  /** Started within this many full days (inclusive): created here, or the real start an imported campaign gave. */
  startedWithinDays: 90,
  /** Or due within this many full days ago (inclusive; a future due date counts). */
  dueWithinDays: 45,
  /** Among the creator's newest posts (media.recent_rank). */
  maxRecentRank: 100,
} as const;

/** A story's figures vanish after a day: capture it at these ages (the last one near the end of its life). */
export const STORY_CAPTURE_AGES_MS = [6 * HOUR, 12 * HOUR, 18 * HOUR, 23 * HOUR] as const;
export const STORY_LIFETIME_MS = DAY;

export type RefreshBlock =
  | { code: 'campaign_not_live' }
  | { code: 'campaign_not_recent' }
  | { code: 'post_not_recent' }
  | { code: 'story_expired' }
  | { code: 'self_reported' }
  | { code: 'paused'; reason: string };

export type AutoRefreshDecision = { due: true } | ({ due: false } & RefreshBlock);

export interface AutoRefreshInput {
  campaign: { state: string; startedAt: Date; dueDate: Date | null };
  post: { recentRank: number | null; boundBy: 'auto' | 'manual' | 'self_reported'; mediaType: string; publishedAt: Date };
  /**
   * The post's connection: usable while 'active' or 'expiring' (its token still works). An account reached
   * by two logins is read through whichever works: give the status of the best of them (channel-reader.ts).
   */
  connectionStatus: { status: string; reason: string | null };
  now: Date;
}

/** Due, or the first rule that fails, in the order the issue lists them. */
export function autoRefreshDecision(input: AutoRefreshInput): AutoRefreshDecision {
  const { campaign, post, connectionStatus, now } = input;
  if (campaign.state !== 'live') return { due: false, code: 'campaign_not_live' };
  if (!campaignIsRecent(campaign, now)) return { due: false, code: 'campaign_not_recent' };
  if (post.mediaType === 'story') {
    if (now.getTime() - post.publishedAt.getTime() >= STORY_LIFETIME_MS) return { due: false, code: 'story_expired' };
  } else if (post.recentRank === null || post.recentRank > RECENCY.maxRecentRank) {
    return { due: false, code: 'post_not_recent' };
  }
  if (post.boundBy === 'self_reported') return { due: false, code: 'self_reported' };
  if (!connectionUsable(connectionStatus.status)) return { due: false, code: 'paused', reason: connectionStatus.reason ?? connectionStatus.status };
  return { due: true };
}

/** Full 24-hour periods from `from` to `now` (negative when `from` is in the future). */
export function fullDaysSince(from: Date, now: Date): number {
  return Math.floor((now.getTime() - from.getTime()) / DAY);
}

export function campaignIsRecent(campaign: { startedAt: Date; dueDate: Date | null }, now: Date): boolean {
  if (fullDaysSince(campaign.startedAt, now) <= RECENCY.startedWithinDays) return true;
  return campaign.dueDate !== null && fullDaysSince(campaign.dueDate, now) <= RECENCY.dueWithinDays;
}

/** The SQL plan's cut-offs: the start (coalesce(started_at, created_at)) > startedAfter OR due_date > dueAfter (strict, see the header). */
export function recencyCutoffs(now: Date): { startedAfter: Date; dueAfter: Date } {
  return {
    startedAfter: new Date(now.getTime() - (RECENCY.startedWithinDays + 1) * DAY),
    dueAfter: new Date(now.getTime() - (RECENCY.dueWithinDays + 1) * DAY),
  };
}

export function connectionUsable(status: string): boolean {
  return status === 'active' || status === 'expiring';
}

/** The next capture of a story after its last one (null: none left in its life). */
export function nextStoryCapture(publishedAt: Date, lastCapturedAt: Date | null): Date | null {
  const after = lastCapturedAt?.getTime() ?? publishedAt.getTime();
  for (const age of STORY_CAPTURE_AGES_MS) {
    const at = publishedAt.getTime() + age;
    if (at > after) return new Date(at);
  }
  return null;
}
