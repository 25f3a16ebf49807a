import { describe, expect, it } from 'vitest';
import { partnershipRequest } from '../../test/support/partnership-views.ts';
import { readableText, textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { campaignListPage, campaignPage } from './campaign-performance.page.ts';
import type { CampaignPerformanceView, PerformancePost } from './campaign-performance-view.ts';

const settings = { productName: 'Acme Influence', pseudoLocale: true };
const viewerIn = (language: string) => anonymousViewer(settings, language);
const now = new Date('2026-06-10T12:00:00Z');

const post = (over: Partial<PerformancePost> = {}): PerformancePost => ({
  id: 'cp_1',
  creatorId: 'ana',
  creatorName: 'Ana Lima',
  network: 'instagram',
  account: '@ana.studio',
  mediaType: 'reel',
  caption: 'Sunset run #AcmeSummer26 #ad',
  permalink: 'https://www.instagram.com/reel/abc/',
  thumbnailUrl: 'https://cdn.example/t.jpg',
  publishedAt: new Date('2026-06-01T10:00:00Z'),
  boundBy: 'auto',
  flags: ['no_disclosure'],
  metrics: { views: 1_234_567, reach: 900, likes: 1200, comments: 10, saves: 5, shares: 3, engagements: 1218, engagementRate: 0.0983 },
  metricsAt: new Date('2026-06-10T02:00:00Z'),
  pausedBecause: null,
  partnership: { latest: partnershipRequest({ remindedAt: '2026-06-04T09:00:00.000Z' }), availability: 'live' },
  ...over,
});

function view(over: Partial<CampaignPerformanceView> = {}): CampaignPerformanceView {
  return {
    now,
    campaign: {
      id: 'cmp_1',
      name: 'Summer 26',
      brandName: 'Acme',
      state: 'live',
      hashtag: '#AcmeSummer26',
      networks: ['instagram', 'tiktok'],
      createdAt: new Date('2026-05-01T00:00:00Z'),
      dueDate: new Date('2026-07-01T00:00:00Z'),
      participants: 3,
      stages: [
        { stage: 'confirmed', count: 1 },
        { stage: 'content_creation', count: 2 },
      ],
    },
    totals: { posts: 2, views: 1_234_667, reach: 900, likes: 1200, comments: 10, saves: 5, shares: 3, engagements: 1218, engagementRate: 0.0983 },
    series: [
      { date: '2026-06-01', views: 100, engagements: 5 },
      { date: '2026-06-02', views: 2500, engagements: 40 },
    ],
    refresh: {
      status: 'done',
      lastRequestedAt: new Date('2026-06-09T09:30:00Z'),
      availableAt: new Date('2026-06-09T21:30:00Z'),
      progress: { total: 2, completed: 2, failed: 0, paused: 0 },
    },
    brandInstagramAccountId: null,
    posts: [
      post(),
      post({
        id: 'cp_2',
        network: 'tiktok',
        account: '@ana.moves',
        thumbnailUrl: null,
        flags: [],
        caption: 'Dance #AcmeSummer26',
        partnership: { latest: null, availability: 'not_instagram' },
      }),
    ],
    audience: {
      counted: 1,
      unavailable: [{ creatorName: 'Ben', network: 'tiktok', reason: 'not_offered' }],
      unavailableTotal: 2,
      age: [{ key: '25-34', value: 3 }],
      gender: [],
      country: [],
      city: [],
    },
    ...over,
  };
}

const render = (language: string, over: Partial<CampaignPerformanceView> = {}) =>
  campaignPage(view(over), { csrf: 'tok', viewer: viewerIn(language), backUrl: '/portal/campaigns' });

describe('the Campaign Performance page in the brand’s language', () => {
  it('speaks Japanese: its words, its numbers and its dates', () => {
    const page = render('ja-JP,ja;q=0.9');
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain('実施中');
    expect(page).toContain('コンテンツ制作中：2人');
    expect(page).toContain('インサイトを更新');
    expect(page).toContain('2026/05/01');
    // A big total reads short, in Japanese units, with the exact figure as its tooltip.
    expect(page).toContain('title="1,234,667">123.5万</span>');
  });

  it('speaks Brazilian Portuguese, with its plurals and number format', () => {
    const page = render('pt-BR');
    expect(page).toContain('<html lang="pt-BR">');
    expect(page).toContain('No ar');
    expect(page).toContain('3 criadores');
    expect(page).toContain('Criando conteúdo: 2');
    expect(page).toContain('Curtidas 1.200');
    expect(page).toContain('Aguardando o criador');
    expect(page).toContain('e mais 1 canal indisponível');
  });

  it('has no text outside the catalogues but the campaign’s, brand’s and creators’ names, handles, captions and figures', () => {
    const page = render('en-XA');
    const data = ['Summer 26', 'Acme', '#AcmeSummer26', 'Ana Lima', '@ana.studio', '@ana.moves', 'Sunset run #AcmeSummer26 #ad', 'Dance #AcmeSummer26', 'Ben', 'Acme Influence'];
    const networks = ['Instagram', 'TikTok'];
    // Intl's words (a month, the unit of a short figure) are the reader's formats, not ours: data.
    const f = viewerIn('en-XA').formats;
    const formatted = [...view().series.map((d) => f.dayMonth(d.date)), ...[1_234_667, 2_500, 5_000].map(f.compact)];
    expect(textOutsideCatalogues(page, [...data, ...networks, ...formatted])).toEqual([]);
    expect(
      textOutsideCatalogues(
        campaignListPage({
          viewer: viewerIn('en-XA'),
          brandName: 'Acme',
          campaigns: [{ id: 'cmp_1', name: 'Summer 26', state: 'live', hashtag: '#AcmeSummer26', posts: 2, createdAt: now }],
          returnUrl: '/',
        }),
        data,
      ),
    ).toEqual([]);
  });
});

describe('plain words where a person reads', () => {
  it('names each creator stage in words, never its code', () => {
    const page = render('en');
    expect(page).toContain('Creating content: 2');
    expect(page).toContain('Confirmed: 1');
    expect(readableText(page).join(' ')).not.toMatch(/content_creation|no_disclosure|not_instagram/);
  });

  it('names the campaign’s networks by their display names with their marks, never by a lowercase id', () => {
    const page = render('en');
    const header = page.slice(page.indexOf('<h1>'), page.indexOf('</ul>', page.indexOf('<h1>')));
    expect(header).toMatch(/<span class="net"><svg class="mark[^"]*"[^>]*>.*?<\/svg>Instagram<\/span>/);
    expect(header).toContain('TikTok</span>');
    expect(readableText(header).join(' ')).not.toMatch(/\binstagram\b|\btiktok\b/);
  });
});

describe('figures a network does not give', () => {
  it('says once, in a line, that Meta retired impressions for Instagram and that TikTok gives no reach or saves', () => {
    const page = render('en');
    expect(page).toContain('Meta retired impressions for Instagram posts published after July 2024: views and reach show instead.');
    expect(page).toContain('TikTok gives no reach and no saves for a video.');
    expect(page.match(/data-note="instagram"/g)).toHaveLength(1);
  });

  it('says it in the reader’s language, from the network’s own profile', () => {
    expect(render('de')).toContain('TikTok meldet für ein Video weder Reichweite noch Speicherungen.');
    expect(render('ja')).toContain('Meta は 2024 年 7 月以降に公開された Instagram 投稿のインプレッションを廃止しました。');
  });
});

describe('post thumbnails', () => {
  it('lay the picture over the network’s mark, so a picture that cannot load leaves the mark, not a broken image', () => {
    const page = render('en');
    const row = page.slice(page.indexOf('data-post="cp_1"'), page.indexOf('data-post="cp_2"'));
    expect(row).toMatch(
      /<span class="thumb" role="img" aria-label="Picture of the post"><svg class="mark[^>]*>.*?<\/svg><span class="pic" style="background-image:url\(&quot;https:\/\/cdn.example\/t.jpg&quot;\)"><\/span><\/span>/,
    );
    expect(page).not.toContain('<img');
  });

  it('show the network’s mark alone when the network gave no picture', () => {
    const page = render('en');
    const row = page.slice(page.indexOf('data-post="cp_2"'));
    expect(row).toMatch(/<span class="thumb" data-thumb="none" aria-hidden="true"><svg class="mark/);
  });
});

describe('every brand action ends in a banner', () => {
  it('shows the banner first, with an icon and a word as well as its colour', () => {
    const page = campaignPage(view(), { csrf: 't', viewer: viewerIn('en'), banner: { kind: 'ok', text: 'Insights refresh queued.' } });
    expect(page).toContain('<div id="banner" class="banner ok" tabindex="-1" role="status">Insights refresh queued.</div>');
    expect(page).toContain('.banner.ok::before{content:"✓" / ""}');
  });
});
