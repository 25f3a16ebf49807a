import { describe, expect, it } from 'vitest';
import { accountInsights, igFollowers } from './insights.ts';

const DAY = 86_400_000;
const created = Date.parse('2026-01-10T09:00:00Z');
const ig = { id: '17841400000000001', followersCount: 12_840, createdAtMs: created };
const now = created + 40 * DAY;
const until = Math.floor(now / DAY) * DAY;
const range = (days: number) => ({ since: String((until - days * DAY) / 1000), until: String(until / 1000) });
const total = (answer: ReturnType<typeof accountInsights>, name: string) =>
  'data' in answer ? (answer.data as { name: string; total_value: { value: number } }[]).find((m) => m.name === name)!.total_value.value : undefined;

describe('Instagram account insights in the sandbox', () => {
  it('answers totals over since–until that grow with the range and with the account', () => {
    const query = (days: number) => ({ metric: 'views,reach,total_interactions,accounts_engaged', period: 'day', metric_type: 'total_value', ...range(days) });
    const week = accountInsights(query(7), ig, now);
    const month = accountInsights(query(28), ig, now);
    expect(total(month, 'views')).toBeGreaterThan(total(week, 'views')!);
    expect(total(month, 'reach')).toBeLessThan(total(month, 'views')!);
    expect(total(month, 'accounts_engaged')).toBeLessThan(total(month, 'reach')!);
    const later = accountInsights(query(28), ig, now + 60 * DAY);
    expect('data' in later).toBe(true);
    expect(igFollowers(ig, now + 60 * DAY)).toBeGreaterThan(igFollowers(ig, now));
  });

  it('views, accounts_engaged and total_interactions need metric_type=total_value', () => {
    expect(accountInsights({ metric: 'views,reach', period: 'day', ...range(7) }, ig, now)).toEqual({
      code: 100,
      message: '(#100) The following metrics (views) should be specified with parameter metric_type=total_value',
    });
  });

  it('refuses more than 30 days between since and until', () => {
    expect(accountInsights({ metric: 'reach', period: 'day', metric_type: 'total_value', ...range(31) }, ig, now)).toMatchObject({ code: 100 });
  });

  it('reach by day is one value per finished day', () => {
    const answer = accountInsights({ metric: 'reach', period: 'day', ...range(5) }, ig, now);
    expect('data' in answer && (answer.data[0] as { values: unknown[] }).values).toHaveLength(5);
  });
});
