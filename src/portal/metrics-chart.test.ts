import { describe, expect, it } from 'vitest';
import { textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { metricsChart } from './metrics-chart.ts';

const viewerIn = (language: string) => anonymousViewer({ productName: 'Acme', pseudoLocale: true }, language);
const chart = (days: Parameters<typeof metricsChart>[0], language = 'en') => metricsChart(days, { id: 'c', label: 'Summer 26', viewer: viewerIn(language) }).value;

const week = [
  { date: '2026-06-01', views: 1_000, engagements: 10 },
  { date: '2026-06-02', views: 25_000, engagements: 300 },
  { date: '2026-06-03', views: 1_250_000, engagements: 4_200 },
];

describe('the campaign chart', () => {
  it('shows a single reading as its two figures and the day, not as a chart of two lone dots', () => {
    const body = chart([{ date: '2026-06-01', views: 1, engagements: 1 }]);
    expect(body).not.toContain('<svg');
    expect(body).toContain('data-chart="single"');
    expect(body).toMatch(/<span class="n">1<\/span><span class="muted small">Views<\/span>/);
    expect(body).toContain('One reading so far, on Jun 1. The chart appears once there are readings on two days.');
  });

  it('draws several readings as lines, each axis named once at its top', () => {
    const body = chart(week);
    expect(body).toContain('data-chart="line"');
    const svg = body.slice(body.indexOf('<svg'), body.indexOf('</svg>'));
    expect(svg.match(/class="axis v"[^>]*>Views</g)).toHaveLength(1);
    expect(svg.match(/class="axis e"[^>]*>Engagements</g)).toHaveLength(1);
  });

  it('labels each scale with distinct, short numbers in the reader’s format', () => {
    const english = chart(week);
    const left = [...english.matchAll(/class="ylabel v"[^>]*>([^<]*)</g)].map((m) => m[1]);
    const right = [...english.matchAll(/class="ylabel e"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(left).toEqual(['0', '1M', '2M']);
    expect(right).toEqual(['0', '2.5K', '5K']);
    expect(
      new Set(
        chart([
          { date: '2026-06-01', views: 1, engagements: 1 },
          { date: '2026-06-02', views: 1, engagements: 1 },
        ]).match(/class="ylabel e"[^>]*>[^<]*</g),
      ).size,
    ).toBe(3);
    const german = chart(week, 'de');
    // German shortens only from a million ("1,3 Mio."); its thousands stay whole.
    expect(german).toContain('>2500<');
    expect(german).toContain('1.250.000');
  });

  it('gives screen readers a summary and everyone the figures as a table', () => {
    const body = chart(week);
    expect(body).toMatch(/role="img" aria-labelledby="c-title c-desc"/);
    expect(body).toContain('<desc id="c-desc">From Jun 1 to Jun 3, views rose to 1,250,000 and engagements to 4,200');
    expect(body).toContain('<summary>The figures as a table</summary>');
    expect(body).toMatch(/<td class="num" data-label="Views"><span>25,000<\/span><\/td>/);
  });

  it('speaks Japanese, and has no word outside the catalogues', () => {
    expect(chart(week, 'ja')).toContain('再生数（左の目盛り）');
    // Intl's words (the month, the unit of a short figure) are the reader's formats, not ours: data.
    const f = viewerIn('en-XA').formats;
    const formatted = [...week.map((d) => f.dayMonth(d.date)), ...[1_000_000, 2_000_000, 2_500, 5_000].map(f.compact)];
    expect(textOutsideCatalogues(`<body>${chart(week, 'en-XA')}</body>`, formatted)).toEqual([]);
    expect(textOutsideCatalogues(`<body>${chart([week[0]!], 'en-XA')}</body>`, formatted)).toEqual([]);
  });
});
