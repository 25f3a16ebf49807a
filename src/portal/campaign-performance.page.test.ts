import { describe, expect, it } from 'vitest';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { type CampaignPageOptions, campaignPage as render } from './campaign-performance.page.ts';
import type { CampaignPerformanceView } from './campaign-performance-view.ts';
import { compact, niceMax } from './metrics-chart.ts';

const now = new Date('2026-06-10T12:00:00Z');
const english = anonymousViewer({ productName: 'Acme Influence' });
const campaignPage = (v: CampaignPerformanceView, options: Omit<CampaignPageOptions, 'viewer'>) => render(v, { viewer: english, ...options });

function view(overrides: Partial<CampaignPerformanceView> = {}): CampaignPerformanceView {
  return {
    now,
    campaign: {
      id: 'cmp_1',
      name: 'Summer 26',
      brandName: 'Acme',
      state: 'live',
      hashtag: '#AcmeSummer26',
      networks: ['instagram'],
      createdAt: new Date('2026-05-01T00:00:00Z'),
      dueDate: null,
      participants: 2,
      stages: [{ stage: 'content_creation', count: 2 }],
    },
    totals: { posts: 1, views: 1200, reach: 900, likes: 100, comments: 10, saves: 5, shares: 3, engagements: 118, engagementRate: 118 / 1200 },
    series: [],
    refresh: { status: 'available', lastRequestedAt: null, availableAt: null, progress: null },
    brandInstagramAccountId: null,
    posts: [],
    audience: { counted: 0, unavailable: [], unavailableTotal: 0, age: [], gender: [], country: [], city: [] },
    ...overrides,
  };
}

describe('the Campaign Performance page', () => {
  it('offers the Refresh Insights button as a form while it is available', () => {
    const page = campaignPage(view(), { csrf: 'tok' });
    expect(page).toContain('action="/portal/campaigns/cmp_1/refresh-insights"');
    expect(page).toMatch(/<button type="submit"[^>]*>Refresh Insights<\/button>/);
    expect(page).not.toMatch(/<button[^>]* disabled/);
  });

  it('shows the button disabled with the date it was last used and when it is available again', () => {
    const page = campaignPage(
      view({
        refresh: {
          status: 'running',
          lastRequestedAt: new Date('2026-06-10T09:30:00Z'),
          availableAt: new Date('2026-06-10T21:30:00Z'),
          progress: { total: 340, completed: 100, failed: 20, paused: 3 },
        },
      }),
      { csrf: 'tok' },
    );
    expect(page).toMatch(/<button type="button" disabled[^>]*>Refresh Insights<\/button>/);
    expect(page).toContain(
      'Last used <time datetime="2026-06-10T09:30:00.000Z">Jun 10, 2026, 9:30 AM</time>, available again at <time datetime="2026-06-10T21:30:00.000Z">Jun 10, 2026, 9:30 PM</time>',
    );
    expect(page).toContain('Refreshing: 120 of 340 posts done.');
    expect(page).toContain('3 paused until their channels are reconnected');
    expect(page).toContain('<meta http-equiv="refresh" content="10">');
  });

  it('stops reloading when the reader asks, and says when the last refresh is done', () => {
    const running = view({
      refresh: { status: 'queued', lastRequestedAt: now, availableAt: new Date(now.getTime() + 3_600_000), progress: { total: 5, completed: 0, failed: 0, paused: 0 } },
    });
    expect(campaignPage(running, { csrf: 't', live: false })).not.toContain('http-equiv="refresh"');
    const done = view({
      refresh: { status: 'done', lastRequestedAt: now, availableAt: new Date(now.getTime() + 3_600_000), progress: { total: 5, completed: 4, failed: 1, paused: 0 } },
    });
    expect(campaignPage(done, { csrf: 't' })).toContain('The last refresh is done: 4 of 5 posts updated. 1 could not be read.');
  });

  it('lists each post with its thumbnail, flags, figures and last update, escaping what creators wrote', () => {
    const page = campaignPage(
      view({
        posts: [
          {
            id: 'cp_1',
            creatorId: 'c1',
            creatorName: 'Ana',
            network: 'instagram',
            account: '@ana.business',
            mediaType: 'reel',
            caption: 'Sun <script>alert(1)</script> #AcmeSummer26',
            permalink: 'https://www.instagram.com/reel/abc/',
            thumbnailUrl: 'https://cdn.example/t.jpg',
            publishedAt: new Date('2026-06-01T10:00:00Z'),
            boundBy: 'auto',
            flags: ['no_disclosure'],
            metrics: { views: 1200, reach: 900, likes: 100, comments: 10, saves: 5, shares: 3, engagements: 118, engagementRate: 0.0983 },
            metricsAt: new Date('2026-06-10T02:00:00Z'),
            pausedBecause: null,
            partnership: { latest: null, availability: 'live' },
          },
          {
            id: 'cp_2',
            creatorId: 'c2',
            creatorName: 'Ben',
            network: 'instagram',
            account: '@ben',
            mediaType: 'image',
            caption: null,
            permalink: null,
            thumbnailUrl: 'javascript:alert(1)',
            publishedAt: null,
            boundBy: 'self_reported',
            flags: [],
            metrics: null,
            metricsAt: null,
            pausedBecause: 'the Instagram password was changed',
            partnership: { latest: null, availability: 'not_synced' },
          },
        ],
      }),
      { csrf: 't' },
    );
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('Sun &lt;script&gt;');
    expect(page).toContain('style="background-image:url(&quot;https://cdn.example/t.jpg&quot;)"');
    expect(page).not.toContain('javascript:alert');
    expect(page).toContain('No #ad disclosure');
    expect(page).toContain('9.83%');
    expect(page).toContain('Paused: the Instagram password was changed');
    expect(page).toContain('Self-reported by the creator');
  });

  it('shows the audience added up, and "not available" for creators below the network’s threshold rather than zeros', () => {
    const page = campaignPage(
      view({
        audience: {
          counted: 1,
          unavailable: [{ creatorName: 'Ben', network: 'instagram', reason: 'below_threshold' }],
          unavailableTotal: 3,
          age: [
            { key: '25-34', value: 300 },
            { key: '18-24', value: 100 },
          ],
          gender: [],
          country: [{ key: 'PT', value: 400 }],
          city: [],
        },
      }),
      { csrf: 't' },
    );
    expect(page).toContain('25-34');
    expect(page).toContain('75%');
    expect(page).toContain('Ben (Instagram): not available, the account has too few followers for the network to say');
    expect(page).toContain('and 2 more channels not available');
  });

  it('draws the chart with a summary, or says there is nothing yet', () => {
    expect(campaignPage(view(), { csrf: 't' })).toContain('No insights yet');
    const page = campaignPage(
      view({
        series: [
          { date: '2026-06-01', views: 100, engagements: 5 },
          { date: '2026-06-02', views: 2500, engagements: 40 },
        ],
      }),
      { csrf: 't' },
    );
    expect(page).toContain('<polyline class="v"');
    expect(page).toContain('views rose to 2,500 and engagements to 40');
  });
});

describe('chart scales', () => {
  it('round an axis up to 1, 2 or 5 times a power of ten, and never below 2 (no axis labelled 0, 1, 1)', () => {
    expect([0, 1, 3, 7, 120, 2500, 99_000].map(niceMax)).toEqual([2, 2, 5, 10, 200, 5000, 100_000]);
  });
  it('write big numbers short', () => {
    expect([950, 1234, 25_400, 2_500_000].map(compact)).toEqual(['950', '1.2k', '25k', '2.5M']);
  });
});
