import { describe, expect, it } from 'vitest';
import { addMs, DAY, HOUR } from '../kernel/clock.ts';
import { expiryNotice, tokenPolicies } from '../providers/token-policy.ts';
import { endsUnextended, forecastDays, forecastExpiries, reminderInstants } from './expiry-forecast.rules.ts';

const policies = tokenPolicies({ refreshAfterDays: 50 });
const facebook = policies.facebook!;
const now = new Date('2026-03-01T10:00:00Z');

describe('which grants are expected to end', () => {
  const end = addMs(now, 20 * DAY);

  it('a grant with no refresh scheduled ends', () => {
    expect(endsUnextended({ grantExpiresAt: end, refreshDueAt: null })).toBe(true);
  });

  it('a grant with a refresh scheduled before its end is expected to be extended', () => {
    expect(endsUnextended({ grantExpiresAt: end, refreshDueAt: addMs(end, -DAY) })).toBe(false);
  });

  it('a refresh scheduled at or after the end cannot extend it', () => {
    expect(endsUnextended({ grantExpiresAt: end, refreshDueAt: end })).toBe(true);
  });

  it('a grant with no fixed end never ends', () => {
    expect(endsUnextended({ grantExpiresAt: null, refreshDueAt: null })).toBe(false);
  });
});

describe('reminder instants follow the expiry watch', () => {
  const end = addMs(now, 30 * DAY);

  it('each reminder falls its number of days before the end', () => {
    expect(reminderInstants(facebook, end, now)).toEqual([
      { day: 14, at: addMs(end, -14 * DAY) },
      { day: 3, at: addMs(end, -3 * DAY) },
      { day: 1, at: addMs(end, -1 * DAY) },
    ]);
  });

  it('at each instant expiryNotice makes exactly that reminder due, and not a moment before', () => {
    for (const { day, at } of reminderInstants(facebook, end, now)) {
      expect(expiryNotice(facebook, end, at).reminderDay).toBe(day);
      expect(expiryNotice(facebook, end, addMs(at, -1)).reminderDay).not.toBe(day);
    }
  });

  it('reminders already past are not forecast', () => {
    expect(reminderInstants(facebook, addMs(now, 2 * DAY), now).map((r) => r.day)).toEqual([1]);
  });

  it('a network without reminders (Instagram) has none', () => {
    expect(reminderInstants(policies.instagram!, end, now)).toEqual([]);
  });
});

describe('the daily series', () => {
  it('covers the given number of UTC days starting today', () => {
    const days = forecastDays(now, 60);
    expect(days).toHaveLength(60);
    expect(days[0]).toBe('2026-03-01');
    expect(days[59]).toBe('2026-04-29');
  });

  it('puts expirations on the end day and reminders 14, 3 and 1 days before', () => {
    const series = forecastExpiries(policies, [{ provider: 'facebook', sampleEnd: new Date('2026-03-31T08:00:00Z'), count: 2 }], now, 60);
    const nonZero = series.filter((d) => d.expirations || d.reminders);
    expect(nonZero).toEqual([
      { date: '2026-03-17', expirations: 0, reminders: 2 },
      { date: '2026-03-28', expirations: 0, reminders: 2 },
      { date: '2026-03-30', expirations: 0, reminders: 2 },
      { date: '2026-03-31', expirations: 2, reminders: 0 },
    ]);
  });

  it('a reminder due earlier today is already past; one due later today is forecast', () => {
    const earlier = forecastExpiries(policies, [{ provider: 'facebook', sampleEnd: addMs(now, 3 * DAY - HOUR), count: 1 }], now, 60);
    const later = forecastExpiries(policies, [{ provider: 'facebook', sampleEnd: addMs(now, 3 * DAY + HOUR), count: 1 }], now, 60);
    expect(earlier[0]!.reminders).toBe(0);
    expect(later[0]!.reminders).toBe(1);
  });

  it('ends beyond the window count nowhere, but their reminders inside it do', () => {
    const series = forecastExpiries(policies, [{ provider: 'tiktok', sampleEnd: addMs(now, 65 * DAY), count: 1 }], now, 60);
    expect(series.reduce((sum, d) => sum + d.expirations, 0)).toBe(0);
    expect(series.reduce((sum, d) => sum + d.reminders, 0)).toBe(1);
  });
});
