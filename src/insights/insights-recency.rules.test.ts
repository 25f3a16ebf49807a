import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../kernel/clock.ts';
import { type AutoRefreshInput, autoRefreshDecision, nextStoryCapture } from './insights-recency.rules.ts';

const now = new Date('2026-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

function input(
  over: { campaign?: Partial<AutoRefreshInput['campaign']>; post?: Partial<AutoRefreshInput['post']>; connection?: AutoRefreshInput['connectionStatus'] } = {},
): AutoRefreshInput {
  return {
    campaign: { state: 'live', startedAt: ago(10 * DAY), dueDate: null, ...over.campaign },
    post: { recentRank: 1, boundBy: 'auto', mediaType: 'image', publishedAt: ago(DAY), ...over.post },
    connectionStatus: over.connection ?? { status: 'active', reason: null },
    now,
  };
}

describe('automatic insights refresh rules', () => {
  it('a bound post of a live campaign created 10 days ago, among the newest posts, is due', () => {
    expect(autoRefreshDecision(input())).toEqual({ due: true });
  });

  it('a campaign that is not live is not refreshed automatically', () => {
    for (const state of ['draft', 'completed', 'archived']) expect(autoRefreshDecision(input({ campaign: { state } }))).toEqual({ due: false, code: 'campaign_not_live' });
  });

  it('a campaign created 90 full days ago (up to the last millisecond of day 90) is still refreshed; at 91 full days it is not', () => {
    expect(autoRefreshDecision(input({ campaign: { startedAt: ago(90 * DAY) } })).due).toBe(true);
    expect(autoRefreshDecision(input({ campaign: { startedAt: ago(91 * DAY - 1) } })).due).toBe(true);
    expect(autoRefreshDecision(input({ campaign: { startedAt: ago(91 * DAY) } }))).toEqual({ due: false, code: 'campaign_not_recent' });
  });

  it('an old campaign whose due date was 45 days ago is refreshed; 46 days ago it is not', () => {
    const old = ago(200 * DAY);
    expect(autoRefreshDecision(input({ campaign: { startedAt: old, dueDate: ago(45 * DAY) } })).due).toBe(true);
    expect(autoRefreshDecision(input({ campaign: { startedAt: old, dueDate: ago(46 * DAY - 1) } })).due).toBe(true);
    expect(autoRefreshDecision(input({ campaign: { startedAt: old, dueDate: ago(46 * DAY) } }))).toEqual({ due: false, code: 'campaign_not_recent' });
  });

  it('an old campaign whose due date is still ahead counts as within the due-date window', () => {
    expect(autoRefreshDecision(input({ campaign: { startedAt: ago(200 * DAY), dueDate: new Date(now.getTime() + 30 * DAY) } })).due).toBe(true);
  });

  it('the 100th newest post is refreshed, the 101st and unranked ones are not', () => {
    expect(autoRefreshDecision(input({ post: { recentRank: 100 } })).due).toBe(true);
    expect(autoRefreshDecision(input({ post: { recentRank: 101 } }))).toEqual({ due: false, code: 'post_not_recent' });
    expect(autoRefreshDecision(input({ post: { recentRank: null } }))).toEqual({ due: false, code: 'post_not_recent' });
  });

  it('a self-reported post is never refreshed automatically; a manually bound one is', () => {
    expect(autoRefreshDecision(input({ post: { boundBy: 'self_reported' } }))).toEqual({ due: false, code: 'self_reported' });
    expect(autoRefreshDecision(input({ post: { boundBy: 'manual' } })).due).toBe(true);
  });

  it('a post whose channel is disconnected is paused with the channel’s reason; an expiring one still refreshes', () => {
    expect(autoRefreshDecision(input({ connection: { status: 'disconnected', reason: 'password_changed' } }))).toEqual({ due: false, code: 'paused', reason: 'password_changed' });
    expect(autoRefreshDecision(input({ connection: { status: 'expiring', reason: 'expiring_soon' } })).due).toBe(true);
  });

  it('the first failing rule is reported, in the order the issue lists them', () => {
    expect(autoRefreshDecision(input({ campaign: { state: 'draft', startedAt: ago(200 * DAY) }, post: { recentRank: 500 } }))).toMatchObject({ code: 'campaign_not_live' });
    expect(autoRefreshDecision(input({ post: { recentRank: 500, boundBy: 'self_reported' } }))).toMatchObject({ code: 'post_not_recent' });
  });

  it('a story has no rank: it is due during its 24 hours and expired after', () => {
    expect(autoRefreshDecision(input({ post: { mediaType: 'story', recentRank: null, publishedAt: ago(23 * HOUR) } })).due).toBe(true);
    expect(autoRefreshDecision(input({ post: { mediaType: 'story', recentRank: null, publishedAt: ago(DAY) } }))).toEqual({ due: false, code: 'story_expired' });
  });

  it('a story is captured at 6, 12, 18 and 23 hours, then no more', () => {
    const published = ago(0);
    expect(nextStoryCapture(published, null)).toEqual(new Date(published.getTime() + 6 * HOUR));
    expect(nextStoryCapture(published, new Date(published.getTime() + 6 * HOUR))).toEqual(new Date(published.getTime() + 12 * HOUR));
    expect(nextStoryCapture(published, new Date(published.getTime() + 20 * HOUR))).toEqual(new Date(published.getTime() + 23 * HOUR));
    expect(nextStoryCapture(published, new Date(published.getTime() + 23 * HOUR))).toBeNull();
  });
});
