/**
 * The insights mappers of TikTok, YouTube and Pinterest on answers the sandbox does not give: missing
 * counts, string counts, a missing lifetime block. What the sandbox does give is proven in test/contract.
 */
import { describe, expect, it } from 'vitest';
import { pinAnalyticsUrl, pinInsights } from './pinterest/insights.ts';
import { videoInsights as tiktokInsights, videoQueryBody } from './tiktok/insights.ts';
import { channelAudience, videoInsights as youtubeInsights } from './youtube/insights.ts';

const ref = (id: string, mediaType = 'video') => ({ id, mediaType, publishedAt: new Date('2026-01-01T00:00:00Z') });

describe('TikTok video query mapping', () => {
  it('a count TikTok leaves out is null, never 0; a malformed answer is unexpected_response', () => {
    const [item] = tiktokInsights({ data: { videos: [{ id: '1', view_count: 10 }] } }, [ref('1')]);
    expect(item).toMatchObject({ status: 'ok', metrics: { views: 10, likes: null, comments: null, shares: null } });
    expect(() => tiktokInsights({ data: {} }, [ref('1')])).toThrow(expect.objectContaining({ kind: 'unexpected_response' }));
  });

  it('a query asks for 1 to 20 ids, never more', () => {
    expect(JSON.parse(videoQueryBody([ref('1'), ref('2')]))).toEqual({ filters: { video_ids: ['1', '2'] } });
    expect(() => videoQueryBody(Array.from({ length: 21 }, (_, i) => ref(String(i))))).toThrow(RangeError);
  });
});

describe('YouTube mapping', () => {
  it('statistics strings become numbers; absent likeCount or commentCount is null', async () => {
    const get = async () => ({ items: [{ id: 'a', statistics: { viewCount: '12', commentCount: '3' } }] });
    const [item] = await youtubeInsights(get, [ref('a')]);
    expect(item).toMatchObject({ status: 'ok', metrics: { views: 12, likes: null, comments: 3 } });
  });

  it('age groups and genders are summed across each other; countries become shares of the views', async () => {
    const answers: Record<string, unknown> = {
      'ageGroup,gender': {
        rows: [
          ['age18-24', 'female', 30],
          ['age18-24', 'male', 20],
          ['age65-', 'female', 50],
        ],
      },
      country: {
        rows: [
          ['PT', 300],
          ['US', 100],
        ],
      },
    };
    const get = async (url: URL) =>
      url.pathname.endsWith('/channels') ? { items: [{ statistics: { subscriberCount: '7', hiddenSubscriberCount: false } }] } : answers[url.searchParams.get('dimensions')!];
    expect(await channelAudience(get, new Date('2026-01-01T00:00:00Z'))).toEqual({
      status: 'available',
      unit: 'percent',
      followers: 7,
      age: [
        { key: '18-24', value: 50 },
        { key: '65+', value: 50 },
      ],
      gender: [
        { key: 'F', value: 80 },
        { key: 'M', value: 20 },
      ],
      country: [
        { key: 'PT', value: 75 },
        { key: 'US', value: 25 },
      ],
      city: [],
    });
  });
});

describe('Pinterest pin analytics mapping', () => {
  it('asks for 89 days ending today, all apps, no split', () => {
    const url = pinAnalyticsUrl('42', new Date('2026-04-01T23:59:00Z'));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ start_date: '2026-01-02', end_date: '2026-04-01', app_types: 'ALL', split_field: 'NO_SPLIT' });
  });

  it('falls back to the summary when no lifetime block comes; a metric left out is null', () => {
    const item = pinInsights(ref('42', 'pin'), { all: { daily_metrics: [{ data_status: 'READY' }], summary_metrics: { IMPRESSION: 9, SAVE: 1 } } });
    expect(item).toEqual({
      mediaId: '42',
      status: 'ok',
      metrics: { views: 9, reach: null, likes: null, comments: null, saves: 1, shares: null, totalInteractions: null, impressions: 9 },
      extra: {},
    });
  });

  it('days before the pin was made do not count against readiness; only PROCESSING days is not_ready', () => {
    const days = [{ data_status: 'BEFORE_PIN_CREATED' }, { data_status: 'PROCESSING' }];
    expect(pinInsights(ref('42'), { all: { daily_metrics: days, lifetime_metrics: {} } })).toEqual({ mediaId: '42', status: 'unavailable', reason: 'not_ready' });
    expect(pinInsights(ref('42'), undefined)).toEqual({ mediaId: '42', status: 'unavailable', reason: 'not_found' });
  });
});
