import { describe, expect, it } from 'vitest';
import { activityBetween, activityOnDay, DAY_MS, dayOf, followersAt, followersOnDay } from './account-figures.ts';

const created = Date.parse('2026-01-10T09:00:00Z');

describe('an account’s figures on the sandbox clock', () => {
  it('followers are the count the account was created with on its first day, then grow every day', () => {
    expect(followersAt('acct', 10_000, created, created + 10 * 3_600_000)).toBe(10_000);
    const month = followersAt('acct', 10_000, created, created + 30 * DAY_MS);
    expect(month).toBeGreaterThan(10_000 * 1.01);
    expect(month).toBeLessThan(10_000 * 1.15);
    expect(followersAt('acct', 10_000, created, created + 60 * DAY_MS)).toBeGreaterThan(month);
  });

  it('the same account on the same day has the same figures, whoever asks', () => {
    const day = dayOf(created) + 5;
    expect(activityOnDay('acct', 10_000, created, day)).toEqual(activityOnDay('acct', 10_000, created, day));
    expect(followersOnDay('acct', 10_000, created, day)).toBe(followersOnDay('acct', 10_000, created, day));
  });

  it('a day’s interactions are its likes, comments, shares and saves, and reach stays below views', () => {
    const a = activityOnDay('acct', 10_000, created, dayOf(created) + 3);
    expect(a.interactions).toBe(a.likes + a.comments + a.shares + a.saves);
    expect(a.reach).toBeLessThan(a.views);
    expect(a.views).toBeGreaterThan(0);
  });

  it('totals over days add up the finished days only, and count a viewer once over them', () => {
    const since = (dayOf(created) + 1) * DAY_MS;
    const now = since + 10 * DAY_MS + 3_600_000;
    const ten = activityBetween('acct', 10_000, created, since, since + 10 * DAY_MS, now);
    let views = 0;
    let reach = 0;
    for (let d = 0; d < 10; d++) {
      const a = activityOnDay('acct', 10_000, created, dayOf(since) + d);
      views += a.views;
      reach += a.reach;
    }
    expect(ten.views).toBe(views);
    expect(ten.reach).toBeLessThan(reach);
    // The day still running has nothing yet.
    expect(activityBetween('acct', 10_000, created, since + 10 * DAY_MS, since + 11 * DAY_MS, now).views).toBe(0);
  });
});
