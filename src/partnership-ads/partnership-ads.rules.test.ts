import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../kernel/clock.ts';
import { approvalExpiresAt, canMovePartnership, captionExcerpt, grantOutcome, isOpen, partnershipStates, postLiveness, reminderDue } from './partnership-ads.rules.ts';

const asked = ['pages_show_list', 'instagram_basic', 'business_management', 'instagram_branded_content_creator'];

describe('the Partnership Ads lifecycle', () => {
  it('a waiting request can be approved, denied or withdrawn, and nothing else', () => {
    expect(partnershipStates.filter((to) => canMovePartnership('requested', to))).toEqual(['approved', 'denied', 'withdrawn']);
  });

  it('an approval ends by expiring, being revoked or withdrawn; it cannot be denied afterwards', () => {
    expect(partnershipStates.filter((to) => canMovePartnership('approved', to))).toEqual(['expired', 'revoked', 'withdrawn']);
  });

  it('denied, expired, revoked and withdrawn are final', () => {
    for (const from of ['denied', 'expired', 'revoked', 'withdrawn'] as const) expect(partnershipStates.filter((to) => canMovePartnership(from, to))).toEqual([]);
  });

  it('only a waiting or approved request counts as open (one per post and brand)', () => {
    expect(partnershipStates.filter(isOpen)).toEqual(['requested', 'approved']);
  });
});

describe('what a consent granted', () => {
  it('every permission granted is a full grant that can turn boosting on', () => {
    expect(grantOutcome(asked, asked)).toEqual({ level: 'full', missing: [], canPromote: true });
  });

  it('declining the branded-content permission is a partial grant that cannot turn boosting on', () => {
    expect(
      grantOutcome(
        asked,
        asked.filter((s) => s !== 'instagram_branded_content_creator'),
      ),
    ).toEqual({ level: 'partial', missing: ['instagram_branded_content_creator'], canPromote: false });
  });

  it('declining business_management is a partial grant that can still turn boosting on', () => {
    expect(
      grantOutcome(
        asked,
        asked.filter((s) => s !== 'business_management'),
      ),
    ).toEqual({ level: 'partial', missing: ['business_management'], canPromote: true });
  });

  it('without the Pages list or instagram_basic, ownership cannot be checked, so nothing is approved', () => {
    expect(
      grantOutcome(
        asked,
        asked.filter((s) => s !== 'pages_show_list'),
      ).level,
    ).toBe('insufficient');
    expect(
      grantOutcome(
        asked,
        asked.filter((s) => s !== 'instagram_basic'),
      ).level,
    ).toBe('insufficient');
  });
});

describe('when an approval ends', () => {
  const decided = new Date('2026-03-01T00:00:00Z');

  it('at the end of the agreed duration when the token outlives it', () => {
    expect(approvalExpiresAt(decided, 30, new Date(decided.getTime() + 60 * DAY))).toEqual(new Date(decided.getTime() + 30 * DAY));
  });

  it('when the token ends, if that comes first', () => {
    const token = new Date(decided.getTime() + 59 * DAY);
    expect(approvalExpiresAt(decided, 60, token)).toEqual(token);
  });

  it('a reminder is due 3 days after the request, not a minute before', () => {
    expect(reminderDue(decided, new Date(decided.getTime() + 3 * DAY - 60_000))).toBe(false);
    expect(reminderDue(decided, new Date(decided.getTime() + 3 * DAY))).toBe(true);
  });
});

describe('which posts can become a Partnership Ad', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const post = { network: 'instagram', mediaType: 'image', publishedAt: new Date('2026-03-01T00:00:00Z'), insightsStatus: 'ok' };

  it('a live Instagram post can', () => expect(postLiveness(post, now)).toBe('live'));
  it('a post on another network cannot', () => expect(postLiveness({ ...post, network: 'tiktok' }, now)).toBe('not_instagram'));
  it('a post Instagram no longer has cannot', () => expect(postLiveness({ ...post, insightsStatus: 'not_found' }, now)).toBe('post_deleted'));
  it('a story within its 24 hours can; after them it cannot', () => {
    expect(postLiveness({ ...post, mediaType: 'story', publishedAt: new Date(now.getTime() - 23 * HOUR) }, now)).toBe('live');
    expect(postLiveness({ ...post, mediaType: 'story', publishedAt: new Date(now.getTime() - 24 * HOUR) }, now)).toBe('story_expired');
  });
});

describe('the caption excerpt', () => {
  it('keeps a short caption whole, on one line', () => expect(captionExcerpt('Summer\n\nlaunch  #ad')).toBe('Summer launch #ad'));
  it('cuts a long one at a word, with an ellipsis', () => {
    const cut = captionExcerpt(`${'word '.repeat(40)}end`, 50)!;
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut).not.toMatch(/wor…$/);
  });
  it('has none for a post without a caption', () => expect(captionExcerpt(null)).toBeNull());
});
