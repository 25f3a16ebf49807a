import { describe, expect, it } from 'vitest';
import { partnershipRequest } from '../../test/support/partnership-views.ts';
import { escapeHtml } from '../kernel/html.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { partnershipBanner as bannerIn, partnershipCell } from './campaign-partnerships.page.ts';
import type { PerformancePost, PostPartnership } from './campaign-performance-view.ts';

const request = partnershipRequest;
const viewer = anonymousViewer({ productName: 'Acme' });
const partnershipBanner = (query: Record<string, string | undefined>) => bannerIn(query, viewer);
const post = (partnership: PostPartnership, over: Partial<PerformancePost> = {}): PerformancePost => ({
  id: 'cp_1',
  creatorId: 'ana',
  creatorName: 'Ana',
  network: 'instagram',
  account: '@ana.studio',
  mediaType: 'image',
  caption: 'Glow',
  permalink: null,
  thumbnailUrl: null,
  publishedAt: null,
  boundBy: 'auto',
  flags: [],
  metrics: null,
  metricsAt: null,
  pausedBecause: null,
  partnership,
  ...over,
});
const cell = (p: PerformancePost, brandInstagramAccountId: string | null = null) => partnershipCell('cmp_1', p, { csrf: 'tok', brandInstagramAccountId, viewer }).value;

describe('the Partnership Ads cell of a post', () => {
  it('offers the request form for a live Instagram post never asked for: 30 days by default, the account id field empty', () => {
    const body = cell(post({ latest: null, availability: 'live' }));
    expect(body).toContain('<summary aria-label="Request Partnership Ads for @ana.studio’s post">Request Partnership Ads</summary>');
    expect(body).toContain('<form method="post" action="/portal/campaigns/cmp_1/posts/cp_1/partnership-ads"><input type="hidden" name="csrf" value="tok">');
    expect(body).toContain('name="durationDays" type="number" min="1" max="60" value="30" required');
    expect(body).toMatch(/name="brandInstagramAccountId"[^>]* value=""/);
    expect(body).toContain('name="message" maxlength="500"');
    expect(body).toContain('data-partnership="none"');
  });

  it('prefills the brand’s Instagram account id when it is known', () => {
    expect(cell(post({ latest: null, availability: 'live' }), '17841400000000001')).toMatch(/name="brandInstagramAccountId"[^>]* value="17841400000000001"/);
  });

  it('an open request shows where it stands and Withdraw, not the form', () => {
    for (const latest of [
      request(),
      request({ state: 'approved', grant: 'partial', declinedPermissions: ['instagram_branded_content_creator'], expiresAt: '2026-07-01T00:00:00.000Z' }),
    ]) {
      const body = cell(post({ latest, availability: 'live' }));
      expect(body).toContain('action="/portal/campaigns/cmp_1/posts/cp_1/partnership-ads/par_1/withdraw"');
      expect(body).toContain('aria-label="Withdraw the request for @ana.studio’s post">Withdraw</button>');
      expect(body).not.toContain('<summary');
    }
    expect(cell(post({ latest: request(), availability: 'live' }))).toContain('<span class="pstate waiting">Waiting for the creator</span>');
  });

  it('an ended request shows how it ended, and the form again to ask anew', () => {
    const body = cell(post({ latest: request({ state: 'revoked', stateReason: 'creator', endedAt: '2026-06-20T08:00:00.000Z' }), availability: 'live' }));
    expect(body).toContain('<span class="pstate ended">Revoked</span>');
    expect(body).toContain('the creator revoked it');
    expect(body).toContain('Request Partnership Ads');
    expect(body).not.toContain('>Withdraw');
  });

  it('a post that cannot be asked for says why, with no form', () => {
    const words = {
      not_instagram: 'Partnership Ads are for Instagram posts.',
      story_expired: 'The story is no longer up on Instagram.',
      post_deleted: 'The post is no longer on Instagram.',
      not_synced: 'The post has not been read from Instagram yet.',
    } as const;
    for (const [availability, sentence] of Object.entries(words)) {
      const body = cell(post({ latest: null, availability: availability as keyof typeof words }, { network: availability === 'not_instagram' ? 'pinterest' : 'instagram' }));
      expect(body).toContain(sentence);
      expect(body).not.toContain('<form');
    }
  });

  it('escapes the ids and the handle it writes into the form', () => {
    const body = cell(post({ latest: null, availability: 'live' }, { id: 'cp_"><x', account: '<b>' }), '1"><script>');
    expect(body).not.toMatch(/<script>|<b>|"><x/);
    expect(body).toContain('value="1&quot;&gt;&lt;script&gt;"');
    expect(body).toContain('action="/portal/campaigns/cmp_1/posts/cp_%22%3E%3Cx/partnership-ads"');
  });
});

describe('the banner after a Partnership Ads form', () => {
  it('says what happened, or why not in the error’s sentence', () => {
    expect(partnershipBanner({ partnership: 'requested' })?.text).toMatch(/^Partnership Ads requested\./);
    expect(partnershipBanner({ partnership: 'open' })?.text).toBe('This post already has an open Partnership Ads request: nothing new was sent.');
    expect(partnershipBanner({ partnership: 'error', error: 'partnership_sponsor_required' })).toEqual({
      kind: 'bad',
      text: 'Partnership Ads were not requested. Give the id of your brand’s Instagram account that may boost the post; it is remembered for your next requests.',
    });
    expect(partnershipBanner({ partnership: 'error', error: 'duration' })?.text).toBe('Partnership Ads were not requested. Choose a duration from 1 to 60 days.');
    expect(partnershipBanner({ partnership: 'withdraw_error', error: 'partnership_request_closed' })?.text).toBe(
      'Nothing was withdrawn. The request has already been answered or has ended.',
    );
    // Nothing from the address is written as is: an unknown code is a generic sentence.
    expect(partnershipBanner({ partnership: 'error', error: '<b>constructor' })?.text).toBe('Partnership Ads were not requested. Something went wrong; please try again.');
    expect(partnershipBanner({ partnership: 'error', error: 'toString' })?.text).not.toContain('function');
    expect(partnershipBanner({})).toBeUndefined();
    expect(escapeHtml(partnershipBanner({ partnership: 'withdrawn' })!.text)).toBe('The Partnership Ads request is withdrawn. The creator is told.');
  });
});
