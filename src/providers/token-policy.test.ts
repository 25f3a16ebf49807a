import { describe, expect, it } from 'vitest';
import { addMs, DAY, HOUR, MINUTE } from '../kernel/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { expiryNotice, grantExpiresAt, nextRefreshDueAt, refreshDecision, refreshDueAt, retryDelayMs, spreadOffsetMs, type TokenPolicy, tokenPolicies } from './token-policy.ts';

const issuedAt = new Date('2026-01-01T00:00:00Z');
const instagramToken = { issuedAt, expiresAt: addMs(issuedAt, 60 * DAY) };
const instagram = tokenPolicies({ refreshAfterDays: loadConfig({}).refreshAfterDays }).instagram!;
const at = (ms: number) => addMs(issuedAt, ms);

const cannotRefresh: TokenPolicy = { ...instagram, refreshable: false };
const byExpiry = (marginMs: number): TokenPolicy => ({ ...instagram, refreshWhen: { by: 'expiry', marginMs } });

describe('when a token is due for refresh', () => {
  it('an Instagram token is due 50 days after it was issued, by default', () => {
    expect(refreshDueAt(instagram, instagramToken)).toEqual(at(50 * DAY));
  });

  it('the age follows the configured number of days', () => {
    const policy = tokenPolicies({ refreshAfterDays: 30 }).instagram!;
    expect(refreshDueAt(policy, instagramToken)).toEqual(at(30 * DAY));
  });

  it('a token is never due earlier than 24 hours after it was issued', () => {
    const hasty = tokenPolicies({ refreshAfterDays: 0.25 }).instagram!;
    expect(refreshDueAt(hasty, instagramToken)).toEqual(at(24 * HOUR));
    expect(refreshDueAt(byExpiry(90 * DAY), instagramToken)).toEqual(at(24 * HOUR));
  });

  it('a policy that refreshes by expiry is due its margin before the token expires', () => {
    expect(refreshDueAt(byExpiry(7 * DAY), instagramToken)).toEqual(at(53 * DAY));
  });

  it('a policy that refreshes by expiry never refreshes a token with no known expiry', () => {
    expect(refreshDueAt(byExpiry(7 * DAY), { issuedAt, expiresAt: null })).toBeNull();
  });

  it('a token the provider cannot refresh is never due', () => {
    expect(refreshDueAt(cannotRefresh, instagramToken)).toBeNull();
  });

  it('a token whose issue time is unknown is never due', () => {
    expect(refreshDueAt(instagram, { issuedAt: null, expiresAt: instagramToken.expiresAt })).toBeNull();
  });
});

describe('what the sweep does with a token', () => {
  it('an expired token is expired, not refreshed, even when a retry is due', () => {
    const now = at(61 * DAY);
    expect(refreshDecision(instagram, instagramToken, now)).toEqual({ action: 'expire', reason: 'token expired 1.0 days ago' });
    expect(refreshDecision(instagram, instagramToken, now, true).action).toBe('expire');
  });

  it('a token counts as expired from the very instant it expires', () => {
    expect(refreshDecision(instagram, instagramToken, instagramToken.expiresAt).action).toBe('expire');
    expect(refreshDecision(instagram, instagramToken, addMs(instagramToken.expiresAt, -1)).action).toBe('refresh');
  });

  it('a token younger than 24 hours is not refreshed, even when a retry is due', () => {
    const decision = refreshDecision(instagram, instagramToken, at(23 * HOUR), true);
    expect(decision.action).toBe('skip');
    expect(decision.reason).toContain('younger than 24 hours');
  });

  it('a token that is due is refreshed, with a reason that says how old it is and when it expires', () => {
    const decision = refreshDecision(instagram, instagramToken, at(50 * DAY));
    expect(decision.action).toBe('refresh');
    expect(decision.reason).toContain('50.0 days old');
    expect(decision.reason).toContain('refresh after 50.0 days');
    expect(decision.reason).toContain('expires in 10.0 days');
  });

  it('a token that is not yet due is skipped until its due date', () => {
    const decision = refreshDecision(instagram, instagramToken, at(49 * DAY));
    expect(decision).toEqual({ action: 'skip', reason: `not due until ${at(50 * DAY).toISOString()}` });
  });

  it('a failed refresh whose retry is due is tried again before the token is due', () => {
    const decision = refreshDecision(instagram, instagramToken, at(30 * DAY), true);
    expect(decision.action).toBe('refresh');
    expect(decision.reason).toContain('retrying a failed refresh');
    expect(decision.reason).toContain('30.0 days old');
  });

  it('a token the provider cannot refresh is only watched', () => {
    expect(refreshDecision(cannotRefresh, instagramToken, at(55 * DAY)).action).toBe('skip');
  });

  it('a token whose issue time is unknown is skipped', () => {
    const decision = refreshDecision(instagram, { issuedAt: null, expiresAt: instagramToken.expiresAt }, at(55 * DAY));
    expect(decision).toEqual({ action: 'skip', reason: 'token issue time unknown' });
  });

  it('a policy that refreshes by expiry says so in its reason', () => {
    const decision = refreshDecision(byExpiry(7 * DAY), instagramToken, at(54 * DAY));
    expect(decision.action).toBe('refresh');
    expect(decision.reason).toContain('refresh 7.0 days before the access token expires');
  });
});

describe('how failed refreshes back off', () => {
  it('transient failures are retried after 1 minute, 5 minutes, 30 minutes, 2 hours and 6 hours', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt))).toEqual([1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR]);
  });

  it('after the fifth retry the day is over: the next daily run tries again', () => {
    expect(retryDelayMs(6)).toBeNull();
    expect(retryDelayMs(6, 60)).toBeNull();
  });

  it("a provider's retry-after longer than the planned delay wins", () => {
    expect(retryDelayMs(1, 2700)).toBe(2700 * 1000);
  });

  it("a provider's shorter retry-after does not shorten the planned delay", () => {
    expect(retryDelayMs(3, 60)).toBe(30 * MINUTE);
  });
});

describe('the six networks in one table', () => {
  const policies = tokenPolicies({ refreshAfterDays: 50 });
  const at0 = new Date('2026-01-01T00:00:00Z');

  it('every network has a row, and only Facebook cannot be refreshed by the server', () => {
    expect(Object.keys(policies).sort()).toEqual(['facebook', 'instagram', 'pinterest', 'threads', 'tiktok', 'youtube']);
    expect(
      Object.entries(policies)
        .filter(([, p]) => !p.refreshable)
        .map(([id]) => id),
    ).toEqual(['facebook']);
  });

  it('a Facebook grant is never refreshed, and expires at its end', () => {
    const token = { issuedAt: at0, expiresAt: addMs(at0, 60 * DAY) };
    expect(refreshDueAt(policies.facebook!, token)).toBeNull();
    expect(refreshDecision(policies.facebook!, token, addMs(at0, 59 * DAY)).action).toBe('skip');
    expect(refreshDecision(policies.facebook!, token, addMs(at0, 60 * DAY)).action).toBe('expire');
  });

  it('a TikTok connection is not over when its two-hour access token expires, only when its refresh token does', () => {
    const token = { issuedAt: at0, expiresAt: addMs(at0, 2 * HOUR), grantExpiresAt: addMs(at0, 180 * DAY) };
    expect(refreshDecision(policies.tiktok!, token, addMs(at0, 3 * DAY)).action).toBe('skip');
    expect(refreshDueAt(policies.tiktok!, token)).toEqual(addMs(at0, 150 * DAY));
    expect(refreshDecision(policies.tiktok!, token, addMs(at0, 180 * DAY)).action).toBe('expire');
  });

  it('a TikTok refresh that did not move the refresh token end is not repeated', () => {
    const now = addMs(at0, 150 * DAY);
    const fixedEnd = { issuedAt: now, expiresAt: addMs(now, 2 * HOUR), grantExpiresAt: addMs(at0, 180 * DAY) };
    expect(nextRefreshDueAt(policies.tiktok!, fixedEnd, now)).toBeNull();
    const slid = { ...fixedEnd, grantExpiresAt: addMs(now, 180 * DAY) };
    expect(nextRefreshDueAt(policies.tiktok!, slid, now)).toEqual(addMs(now, 150 * DAY));
  });

  it('a YouTube refresh token is used every 30 days, so six idle months never come', () => {
    const token = { issuedAt: at0, expiresAt: addMs(at0, HOUR), grantExpiresAt: null };
    expect(refreshDueAt(policies.youtube!, token)).toEqual(addMs(at0, 30 * DAY));
    expect(refreshDecision(policies.youtube!, token, addMs(at0, 400 * DAY)).action).toBe('refresh');
  });

  it('a Pinterest token is refreshed 5 days before its 30-day access token expires', () => {
    const token = { issuedAt: at0, expiresAt: addMs(at0, 30 * DAY), grantExpiresAt: addMs(at0, 60 * DAY) };
    expect(refreshDueAt(policies.pinterest!, token)).toEqual(addMs(at0, 25 * DAY));
  });
});

describe('when a grant ends', () => {
  const t = (d: number) => addMs(new Date('2026-01-01T00:00:00Z'), d * DAY);

  it('without a refresh token, the access token is the grant', () => {
    expect(grantExpiresAt({ expiresAt: t(60), hasRefreshToken: false })).toEqual(t(60));
  });

  it('with a refresh token, its end is the grant end; none means no fixed end', () => {
    expect(grantExpiresAt({ expiresAt: t(0.1), hasRefreshToken: true, refreshTokenExpiresAt: t(180) })).toEqual(t(180));
    expect(grantExpiresAt({ expiresAt: t(0.1), hasRefreshToken: true, refreshTokenExpiresAt: null })).toBeNull();
  });

  it("Facebook's data access end caps the grant when it comes first", () => {
    expect(grantExpiresAt({ expiresAt: t(60), hasRefreshToken: false, dataAccessExpiresAt: t(30) })).toEqual(t(30));
    expect(grantExpiresAt({ expiresAt: t(60), hasRefreshToken: false, dataAccessExpiresAt: t(90) })).toEqual(t(60));
  });
});

describe('expiry reminders for a grant nothing can extend', () => {
  const facebook = tokenPolicies({ refreshAfterDays: 50 }).facebook!;
  const end = new Date('2026-03-02T00:00:00Z');
  const before = (d: number) => addMs(end, -d * DAY);

  it('nothing is due more than 14 days before the end', () => {
    expect(expiryNotice(facebook, end, before(14.01))).toEqual({ expiring: false, reminderDay: null });
  });

  it('14 days before, the connection turns expiring and the 14-day reminder is due', () => {
    expect(expiryNotice(facebook, end, before(14))).toEqual({ expiring: true, reminderDay: 14 });
  });

  it('3 and 1 days before, the 3- and 1-day reminders are due', () => {
    expect(expiryNotice(facebook, end, before(3)).reminderDay).toBe(3);
    expect(expiryNotice(facebook, end, before(2)).reminderDay).toBe(3);
    expect(expiryNotice(facebook, end, before(1)).reminderDay).toBe(1);
  });

  it('a service that was down past two thresholds owes only the nearest one', () => {
    expect(expiryNotice(facebook, end, before(2.5)).reminderDay).toBe(3);
  });

  it('at the end nothing more is reminded (the connection is expired instead)', () => {
    expect(expiryNotice(facebook, end, end)).toEqual({ expiring: false, reminderDay: null });
  });

  it('a grant with no fixed end is never reminded', () => {
    expect(expiryNotice(facebook, null, end)).toEqual({ expiring: false, reminderDay: null });
  });
});

describe('spreading refreshes of connections made together', () => {
  const policies = tokenPolicies({ refreshAfterDays: 50 });
  const at0 = new Date('2026-01-01T00:00:00Z');
  const token = (spreadKey?: string) => ({ issuedAt: at0, expiresAt: addMs(at0, 60 * DAY), spreadKey });

  it('a connection refreshes up to five days before its 50 days, by an amount fixed by its id', () => {
    const due = refreshDueAt(policies.instagram!, token('con_a'))!;
    expect(due.getTime()).toBeLessThanOrEqual(addMs(at0, 50 * DAY).getTime());
    expect(due.getTime()).toBeGreaterThan(addMs(at0, 45 * DAY).getTime());
    expect(refreshDueAt(policies.instagram!, token('con_a'))).toEqual(due);
  });

  it('a thousand connections issued the same instant come due over the whole spread, not on one day', () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => spreadOffsetMs(policies.instagram!, `con_${i}`));
    const perDay = [0, 1, 2, 3, 4].map((d) => offsets.filter((o) => Math.floor(o / DAY) === d).length);
    expect(perDay.every((n) => n > 150 && n < 250)).toBe(true);
  });

  it('without an id, or for a network that is never refreshed, nothing moves', () => {
    expect(refreshDueAt(policies.instagram!, token())).toEqual(addMs(at0, 50 * DAY));
    expect(spreadOffsetMs(policies.facebook!, 'con_a')).toBe(0);
  });

  it('the spread never brings a refresh before the minimum age', () => {
    const hasty = { ...policies.instagram!, refreshWhen: { by: 'age' as const, afterMs: 25 * HOUR } };
    expect(refreshDueAt(hasty, token('con_a'))!.getTime()).toBeGreaterThanOrEqual(addMs(at0, 24 * HOUR).getTime());
  });
});
