import { describe, expect, it } from 'vitest';
import { partnershipRequest } from '../../test/support/partnership-views.ts';
import { readableText, textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { partnershipPage } from './partnership-review.page.ts';
import type { ReviewView } from './partnership-review.ts';

const viewerIn = (language: string) => anonymousViewer({ productName: 'Creator Hub', pseudoLocale: true }, language);

const review = (over: Partial<ReviewView> = {}): ReviewView => ({
  workspaceId: 'ws_1',
  request: partnershipRequest({ durationDays: 14, message: 'For our summer push' }),
  brandName: 'Acme',
  campaignName: 'Summer 26',
  username: 'ana.studio',
  caption: 'Sunset run #AcmeSummer26 #ad',
  permalink: 'https://www.instagram.com/p/abc/',
  thumbnailUrl: 'https://scontent.cdninstagram.com/abc.jpg',
  mediaType: 'image',
  publishedAt: new Date('2026-06-01T10:00:00Z'),
  facebookUserName: null,
  channelsUrl: null,
  canApprove: true,
  canDeny: true,
  rerequest: false,
  ...over,
});
const approved = partnershipRequest({ state: 'approved', grant: 'full', promotionEnabled: true, decidedAt: '2026-06-02T10:00:00.000Z', expiresAt: '2026-06-16T10:00:00.000Z' });
const render = (view: ReviewView, language = 'en', extra: Partial<Parameters<typeof partnershipPage>[1]> = {}) =>
  partnershipPage(view, { token: 'tok', viewer: viewerIn(language), ...extra });

describe('the Partnership Ads review page in the creator’s language', () => {
  it('speaks Japanese and Brazilian Portuguese, with their plurals and dates', () => {
    const ja = render(review(), 'ja');
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('Acme があなたの投稿をパートナーシップ広告として配信したいと依頼しています');
    expect(ja).toContain('<strong>14日間</strong>');
    expect(ja).toContain('Facebook で承認する');
    const pt = render(review(), 'pt-BR');
    expect(pt).toContain('<strong>14 dias</strong>');
    expect(pt).toContain('Foto, publicado em <time datetime="2026-06-01T10:00:00.000Z">1 de jun. de 2026, 10:00</time>');
    expect(pt).toContain('Aprovar com o Facebook');
  });

  it('has no text outside the catalogues but the brand, campaign, handle, caption and note', () => {
    const data = ['Acme', 'Summer 26', '@ana.studio', 'Sunset run #AcmeSummer26 #ad', 'For our summer push', 'Creator Hub', 'Facebook'];
    expect(textOutsideCatalogues(render(review(), 'en-XA'), data)).toEqual([]);
    expect(textOutsideCatalogues(render(review({ request: approved }), 'en-XA', { outcome: 'approved' }), data)).toEqual([]);
  });
});

describe('the way to revoke an approval', () => {
  it('links to the Channels page when the creator came from it', () => {
    const page = render(review({ request: approved, channelsUrl: '/portal' }), 'en', { from: 'channels' });
    expect(page).toContain('You can revoke an approval at any time from <a href="/portal">your Channels page</a>.');
    expect(page).toContain('action="/partnership-ads/approve?token=tok&amp;from=channels"');
  });

  it('says how to get there when the creator came from an email', () => {
    const page = render(review({ request: approved }));
    expect(page).toContain('You can revoke an approval at any time from your Channels page: open it from Creator Hub, where you connected your Instagram account.');
    expect(page).not.toContain('href="/portal"');
  });
});

describe('the post’s picture', () => {
  it('shows the picture over a quiet box, with an empty alt so a broken link never shows “Your Instagram post”', () => {
    const page = render(review());
    expect(page).toMatch(
      /<div class="thumb" role="img" aria-label="Your post on Instagram"><span aria-hidden="true">Instagram gave no picture of this post<\/span><img src="https:\/\/scontent.cdninstagram.com\/abc.jpg" alt="" loading="lazy"><\/div>/,
    );
    expect(render(review({ thumbnailUrl: 'javascript:alert(1)' }))).not.toContain('javascript:');
  });

  it('says Instagram gave no picture when there is none', () => {
    const page = render(review({ thumbnailUrl: null }));
    expect(page).toContain('<div class="thumb" data-thumb="none">Instagram gave no picture of this post</div>');
  });
});

describe('plain words', () => {
  it('explains each permission in words, not by its Facebook code', () => {
    const text = readableText(render(review())).join(' ');
    expect(text).toContain('turn on “Allow brand partner to boost” for this one post');
    expect(text).not.toMatch(/instagram_branded_content_creator|pages_show_list/);
  });
});

describe('a partial approval', () => {
  it('names what was not granted in words, in the creator’s language', () => {
    const partial = partnershipRequest({ ...approved, grant: 'partial', promotionEnabled: false, declinedPermissions: ['instagram_branded_content_creator'] });
    const page = render(review({ request: partial }), 'fr', { outcome: 'partial' });
    expect(page).toContain('Approuvé en partie : vous n’avez pas accordé « Autoriser le partenaire de marque à booster ».');
    expect(readableText(page).join(' ')).not.toContain('instagram_branded_content_creator');
  });
});
