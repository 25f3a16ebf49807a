import { describe, expect, it } from 'vitest';
import { partnershipRequest } from '../../test/support/partnership-views.ts';
import type { CreatorPartnership } from '../partnership-ads/creator-partnerships.ts';
import type { PartnershipView } from '../partnership-ads/partnership-view.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { channelsPage } from './channels.page.ts';
import { bannerFor } from './channels-banner.ts';
import { confirmRevokePage, partnershipsSection } from './channels-partnerships.page.ts';
import type { ChannelsView } from './channels-view.ts';
import { portalMessages } from './messages/index.ts';

const viewer = anonymousViewer({ productName: 'Acme Creators' });
const words = portalMessages.for('en');

const request = partnershipRequest;
const item = (over: Partial<CreatorPartnership> = {}, req: Partial<PartnershipView> = {}): CreatorPartnership => ({
  request: request(req),
  brandName: 'Acme',
  campaignName: 'Glow 26',
  username: 'ana.studio',
  captionExcerpt: 'Morning glow #AcmeGlow',
  permalink: 'https://www.instagram.com/p/abc/',
  thumbnailUrl: 'https://cdn.example/t.jpg',
  reviewUrl: 'http://ck.test/partnership-ads/tok.sig',
  canRevoke: false,
  ...over,
});
const view = (partnerships: CreatorPartnership[]): ChannelsView => ({
  creatorName: 'Ana',
  networks: [],
  channels: [],
  notifications: [],
  unreadCount: 0,
  partnerships,
  returnUrl: null,
});
const approved = { state: 'approved', grant: 'full', decidedAt: '2026-06-02T10:00:00.000Z', expiresAt: '2026-07-02T10:00:00.000Z', promotionEnabled: true } as const;

describe('Partnership Ads on the Channels page', () => {
  it('lists a waiting request with the brand, campaign, post and a Review link; no Revoke', () => {
    const body = partnershipsSection([item()], viewer).value;
    expect(body).toContain('<h2 id="partnerships-h">Partnership Ads</h2>');
    expect(body).toContain('<h3 id="pa-par_1">Acme</h3>');
    expect(body).toContain('Campaign “Glow 26” · <a href="https://www.instagram.com/p/abc/" rel="noopener noreferrer">@ana.studio</a> · “Morning glow #AcmeGlow”');
    expect(body).toContain('<span class="pstate waiting">Waiting for you</span>');
    expect(body).toContain('<a class="button" href="http://ck.test/partnership-ads/tok.sig">Review<span class="sr"> the request from Acme for @ana.studio</span></a>');
    expect(body).toContain('style="background-image:url(&quot;https://cdn.example/t.jpg&quot;)"');
    expect(body).not.toContain('Revoke');
  });

  it('an approval shows until when and a Revoke link to its confirmation; an ended one offers nothing', () => {
    const body = partnershipsSection([item({ reviewUrl: null, canRevoke: true }, approved)], viewer).value;
    expect(body).toContain('Approved until <time datetime="2026-07-02T10:00:00.000Z">');
    expect(body).toContain('<a class="button secondary" href="/portal/partnership-ads/par_1/revoke">Revoke');
    expect(body).not.toContain('>Review');
    const gone = partnershipsSection([item({ reviewUrl: null }, { state: 'expired', endedAt: '2026-06-20T08:00:00.000Z' })], viewer).value;
    expect(gone).toContain('<span class="pstate ended">Expired</span>');
    expect(gone).not.toContain('class="actions"');
  });

  it('is left out when there is no request, and sits on the page when there is', () => {
    expect(partnershipsSection([], viewer).value).toBe('');
    expect(channelsPage(view([]), viewer, { csrf: 't' })).not.toContain('partnerships-h');
    expect(channelsPage(view([item()]), viewer, { csrf: 't' })).toContain('<h2 id="partnerships-h">Partnership Ads</h2>');
  });

  it('escapes what brands and creators wrote, and drops a thumbnail that is not http(s)', () => {
    const body = partnershipsSection(
      [item({ brandName: '<script>x</script>', campaignName: '"><b>', captionExcerpt: '<img onerror=1>', thumbnailUrl: 'javascript:alert(1)', permalink: 'javascript:alert(2)"' })],
      viewer,
    ).value;
    expect(body).not.toMatch(/<script>|<b>|<img/);
    expect(body).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(body).toContain('“&quot;&gt;&lt;b&gt;”');
    expect(body).not.toContain('javascript:alert(1)');
    expect(body).toContain('<span class="pthumb" aria-hidden="true"></span>');
  });

  it('asks before revoking, with the session’s CSRF token, and says what revoking does', () => {
    const page = confirmRevokePage({ partnership: item({ canRevoke: true }, approved), csrf: 'tok<', viewer, extraStyles: '' });
    expect(page).toContain('<h1>Revoke Partnership Ads for Acme?</h1>');
    expect(page).toContain('<form method="post" action="/portal/partnership-ads/par_1/revoke"><input type="hidden" name="csrf" value="tok&lt;">');
    expect(page).toContain('Boosting is turned off for Acme on Instagram');
    expect(page).toContain('Your Instagram connection with Acme Creators is not changed.');
    expect(page).toContain('<a class="button secondary" href="/portal">Cancel</a>');
    const notBoosting = confirmRevokePage({ partnership: item({ canRevoke: true }, { ...approved, promotionEnabled: false }), csrf: 't', viewer, extraStyles: '' });
    expect(notBoosting).not.toContain('Boosting is turned off');
  });

  it('says which brand’s approval was revoked after the round trip', () => {
    expect(bannerFor(words, 'Acme', { status: 'partnership_revoked', partnership: 'par_1' }, [], [item()])).toEqual({
      kind: 'ok',
      text: 'You revoked Partnership Ads for Acme. They have been told.',
    });
    expect(bannerFor(words, 'Acme', { status: 'partnership_revoked', partnership: 'par_x' }, [], [item()])).toEqual({
      kind: 'ok',
      text: 'You revoked the Partnership Ads approval.',
    });
  });
});
