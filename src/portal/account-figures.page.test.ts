import { describe, expect, it } from 'vitest';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { type ChannelFigures, figuresBlock, sparkline, trendText, verifiedDate } from './account-figures.page.ts';

const trend = [
  { day: '2026-11-07', followers: 12_840 },
  { day: '2026-11-20', followers: 12_990 },
  { day: '2026-12-06', followers: 13_102 },
];

const figures = (over: Partial<ChannelFigures> = {}): ChannelFigures => ({
  networkName: 'Instagram',
  verifiedAt: '2026-12-06T09:14:00.000Z',
  trend,
  latest: { status: 'available', reason: null, followers: 13_102, posts: 128, views: 48_200, reach: 30_100, engagements: 2_050, engagementRate: 0.0425, rangeDays: 28 },
  ...over,
});

describe('a channel’s verified figures on a page', () => {
  it('the trend says in words what the sparkline draws', () => {
    expect(trendText(trend)).toBe('Followers went from 12,840 on Nov 7 to 13,102 on Dec 6 (+262, +2%).');
    const svg = sparkline(trend, 't1').value;
    expect(svg).toContain('role="img" aria-labelledby="t1-cap"');
    expect(svg).toContain('<figcaption id="t1-cap" class="muted small">Followers went from 12,840');
    expect(svg.match(/points="([^"]+)"/)![1]!.split(' ')).toHaveLength(3);
  });

  it('one reading is not a trend yet, and says so', () => {
    expect(sparkline(trend.slice(0, 1), 't2').value).toContain('A trend appears after two daily readings.');
  });

  it('says where the figures come from and when they were read', () => {
    const html = figuresBlock(figures(), 'c1').value;
    expect(html).toContain('✓ Verified from Instagram on <time datetime="2026-12-06T09:14:00.000Z">Dec 6, 2026</time>');
    expect(html).toContain('<dt>Engagement rate</dt><dd>4.3%</dd>');
    expect(verifiedDate('2026-01-02T00:00:00.000Z')).toBe('Jan 2, 2026');
  });

  it('a figure the network does not report is left out, never shown as 0', () => {
    const latest = { ...figures().latest!, reach: null, views: null, engagementRate: null };
    const html = figuresBlock(figures({ latest }), 'c2').value;
    expect(html).not.toContain('Reach');
    expect(html).not.toContain('Views');
    expect(html).toContain('<dt>Followers</dt><dd>13,102</dd>');
  });

  it('a reading the network withheld says why, with the follower count it still gave', () => {
    const latest = {
      ...figures().latest!,
      status: 'unavailable' as const,
      reason: 'below_threshold',
      views: null,
      reach: null,
      engagements: null,
      engagementRate: null,
      posts: null,
      followers: 60,
    };
    const html = figuresBlock(figures({ networkName: 'Facebook', latest }), 'c3').value;
    expect(html).toContain('Facebook withholds the other figures: the network shares figures only for accounts with more followers.');
    expect(html).toContain('<dd>60</dd>');
  });

  it('reads in the viewer’s language and number formats', () => {
    const ja = anonymousViewer({ productName: 'P' }, 'ja');
    expect(trendText(trend, ja)).toBe('フォロワーは11月7日の12,840人から12月6日の13,102人になりました（+262, +2%）。');
    const de = figuresBlock(figures(), 'c5', anonymousViewer({ productName: 'P' }, 'de')).value;
    expect(de).toContain('<dt>Follower</dt><dd>13.102</dd>');
    expect(de).toMatch(/<dt>Interaktionsrate<\/dt><dd>4,3\s%<\/dd>/);
  });

  it('before the first reading it says figures are coming', () => {
    expect(figuresBlock(figures({ latest: null, verifiedAt: null }), 'c4').value).toContain('Figures appear after the first daily reading from Instagram.');
  });
});
