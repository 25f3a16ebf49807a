/**
 * Threads' insights mappers on answers shaped as Meta documents them, including what the sandbox does not
 * give (a metric left out, a malformed body). The sandbox's own answers are proven in test/contract.
 */
import { describe, expect, it } from 'vitest';
import type { GraphAnswer } from '../meta/insights.ts';
import { fetchThreadsAudience, fetchThreadsMediaInsights, threadsMetrics, threadsUserInsights, userInsightsWindow } from './insights.ts';

const ok = (body: unknown): GraphAnswer => ({ status: 200, ok: true, body, headers: new Headers() });
const lifetime = (name: string, value: number) => ({ name, period: 'lifetime', values: [{ value }], title: name, description: '', id: `1/insights/${name}/lifetime` });
const ref = (id: string, mediaType = 'post') => ({ id, mediaType, publishedAt: new Date('2026-01-01T00:00:00Z') });

describe('a post’s figures', () => {
  it('replies are comments, reposts and quotes extras, and the total counts all five interactions', () => {
    const values = new Map([
      ['views', 500],
      ['likes', 40],
      ['replies', 6],
      ['reposts', 2],
      ['quotes', 1],
      ['shares', 3],
    ]);
    expect(threadsMetrics(values)).toEqual({
      metrics: { views: 500, reach: null, likes: 40, comments: 6, saves: null, shares: 3, totalInteractions: 52, impressions: null },
      extra: { reposts: 2, quotes: 1 },
    });
  });

  it('a metric Threads leaves out is null, never 0, and no figures at all mean no total', () => {
    expect(threadsMetrics(new Map([['views', 10]]))).toEqual({
      metrics: { views: 10, reach: null, likes: null, comments: null, saves: null, shares: null, totalInteractions: null, impressions: null },
      extra: {},
    });
  });

  it('an answer without a data array is an unexpected response', async () => {
    await expect(fetchThreadsMediaInsights(async () => ok({}), 'https://graph.threads.net/v1.0', [ref('1')])).rejects.toMatchObject({ kind: 'unexpected_response' });
  });

  it('asks for the six documented metrics of each post, one call each, in order', async () => {
    const asked: string[] = [];
    const get = async (url: URL) => {
      asked.push(`${url.pathname}?${url.searchParams.get('metric')}`);
      return ok({ data: [lifetime('views', 9)] });
    };
    const batch = await fetchThreadsMediaInsights(get, 'https://graph.threads.net/v1.0', [ref('1'), ref('2')]);
    expect(asked).toEqual(['/v1.0/1/insights?views,likes,replies,reposts,quotes,shares', '/v1.0/2/insights?views,likes,replies,reposts,quotes,shares']);
    expect(batch.items.map((i) => i.status)).toEqual(['ok', 'ok']);
  });
});

describe('the audience', () => {
  it('an answer with followers_count but no demographics item is below the threshold', async () => {
    const get = async (url: URL) =>
      ok({ data: url.searchParams.get('metric') === 'followers_count' ? [{ name: 'followers_count', period: 'day', total_value: { value: 80 } }] : [] });
    expect(await fetchThreadsAudience(get, 'https://graph.threads.net/v1.0/1/threads_insights')).toEqual({ status: 'unavailable', reason: 'below_threshold', followers: 80 });
  });
});

describe('the profile’s own figures (threads_insights)', () => {
  it('maps daily views, totals, per-link clicks and followers_count as documented', () => {
    const body = {
      data: [
        {
          name: 'views',
          period: 'day',
          values: [
            { value: 10, end_time: '2026-01-01T08:00:00+0000' },
            { value: 15, end_time: '2026-01-02T08:00:00+0000' },
          ],
          id: 'x',
        },
        { name: 'likes', period: 'day', total_value: { value: 40 }, id: 'x' },
        { name: 'replies', period: 'day', total_value: { value: 4 }, id: 'x' },
        {
          name: 'clicks',
          period: 'day',
          link_total_values: [
            { value: 3, link_url: 'https://a.example' },
            { value: 2, link_url: 'https://b.example' },
          ],
          id: 'x',
        },
        { name: 'followers_count', period: 'day', total_value: { value: 1234 }, id: 'x' },
      ],
    };
    expect(threadsUserInsights(body)).toEqual({
      views: 25,
      viewsByDay: [
        { endTime: new Date('2026-01-01T08:00:00Z'), value: 10 },
        { endTime: new Date('2026-01-02T08:00:00Z'), value: 15 },
      ],
      likes: 40,
      replies: 4,
      reposts: null,
      quotes: null,
      clicks: 5,
      followersCount: 1234,
    });
  });

  it('a period is clamped to 13 April 2024, the earliest Threads accepts, in Unix seconds', () => {
    expect(userInsightsWindow(new Date('2023-01-01T00:00:00Z'), new Date('2024-04-14T00:00:00Z'))).toEqual({ since: 1_712_991_600, until: 1_713_052_800 });
    expect(userInsightsWindow(new Date('2020-01-01T00:00:00Z'), new Date('2020-02-01T00:00:00Z'))).toEqual({ since: 1_712_991_600, until: 1_712_991_600 });
  });

  it('a body without a data array is an unexpected response', () => {
    expect(() => threadsUserInsights({ error: {} })).toThrow(expect.objectContaining({ kind: 'unexpected_response' }));
  });
});
