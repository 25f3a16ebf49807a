import { describe, expect, it } from 'vitest';
import { partnershipRequest } from '../../test/support/partnership-views.ts';
import { partnershipEndReason } from './partnership-messages.ts';
import { brandStatus, creatorStatus } from './partnership-status.page.ts';
import type { PartnershipView } from './partnership-view.ts';

const request = partnershipRequest;

const text = (status: { label: { value: string }; detail: { value: string } }) => `${status.label.value} | ${status.detail.value}`;
const approved = { state: 'approved', decidedAt: '2026-06-02T10:00:00.000Z', expiresAt: '2026-07-02T10:00:00.000Z', grant: 'full', promotionEnabled: true } as const;
const partial: Partial<PartnershipView> = { ...approved, grant: 'partial', declinedPermissions: ['instagram_branded_content_creator'], promotionEnabled: false };
const ended = (state: 'expired' | 'revoked' | 'withdrawn', stateReason: string) => request({ ...approved, state, stateReason, endedAt: '2026-06-20T08:00:00.000Z' });

describe('what the creator reads of a request', () => {
  it('waiting for them, with who asks and for how long', () => {
    const status = creatorStatus(request({ durationDays: 1 }), 'Acme');
    expect(status.tone).toBe('waiting');
    expect(text(status)).toBe('Waiting for you | Acme asked on <time datetime="2026-06-01T09:00:00.000Z">1 Jun 2026, 09:00 UTC</time> to run this post as an ad for 1 day.');
  });

  it('approved until when; a partial approval says what was not granted', () => {
    expect(text(creatorStatus(request(approved), 'Acme'))).toBe(
      'Approved until <time datetime="2026-07-02T10:00:00.000Z">2 Jul 2026, 10:00 UTC</time> | Acme may boost this post as a Partnership Ad.',
    );
    const status = creatorStatus(request(partial), 'Acme');
    expect(status.tone).toBe('partial');
    expect(text(status)).toBe(
      'Approved in part until <time datetime="2026-07-02T10:00:00.000Z">2 Jul 2026, 10:00 UTC</time> | You did not grant “Allow brand partner to boost”. Review it to grant it.',
    );
  });

  it('declined, expired, revoked (by them or not) and withdrawn, each with its date', () => {
    expect(text(creatorStatus(request({ state: 'denied', decidedAt: '2026-06-02T10:00:00.000Z' }), 'Acme'))).toBe(
      'Declined | You declined on <time datetime="2026-06-02T10:00:00.000Z">2 Jun 2026, 10:00 UTC</time>.',
    );
    expect(text(creatorStatus(ended('expired', 'token_expired'), 'Acme'))).toMatch(/^Expired \| The approval ended on <time/);
    expect(text(creatorStatus(ended('revoked', 'creator'), 'Acme'))).toMatch(/^Revoked \| You revoked the approval on <time/);
    expect(text(creatorStatus(ended('revoked', 'password_changed'), 'Acme'))).toMatch(/^Revoked \| The approval was revoked on <time/);
    expect(text(creatorStatus(ended('withdrawn', 'brand'), 'Acme'))).toMatch(/^Withdrawn \| Acme withdrew the request on <time[^]*There is nothing for you to do\.$/);
    for (const state of ['denied', 'expired', 'revoked', 'withdrawn'] as const) expect(creatorStatus(request({ state }), 'Acme').tone).toBe('ended');
  });

  it('escapes what a brand named itself', () => {
    const status = creatorStatus(request(), '<img src=x onerror=alert(1)>');
    expect(status.detail.value).toContain('&lt;img src=x onerror=alert(1)&gt; asked');
    expect(status.detail.value).not.toContain('<img');
  });
});

describe('what the brand reads of its latest request for a post', () => {
  it('waiting for the creator, and whether the reminder went out', () => {
    expect(text(brandStatus(request({ durationDays: 14 })))).toBe(
      'Waiting for the creator | Asked on <time datetime="2026-06-01T09:00:00.000Z">1 Jun 2026, 09:00 UTC</time> for 14 days.',
    );
    expect(text(brandStatus(request({ remindedAt: '2026-06-04T09:00:00.000Z' })))).toContain('A reminder went out on <time datetime="2026-06-04T09:00:00.000Z">');
  });

  it('why the creator could not approve yet, so the brand knows they tried', () => {
    expect(text(brandStatus(request({ lastAttemptError: 'wrong_owner' })))).toContain(
      'The creator tried to approve with a Facebook account that does not manage the Instagram account.',
    );
    expect(text(brandStatus(request({ lastAttemptError: 'access_denied' })))).toContain('The creator opened Facebook Login and cancelled it.');
    expect(text(brandStatus(request({ lastAttemptError: null })))).not.toContain('tried');
  });

  it('approved in full or in part, with the declined permissions and whether boosting is on', () => {
    expect(text(brandStatus(request(approved)))).toBe(
      'Approved until <time datetime="2026-07-02T10:00:00.000Z">2 Jul 2026, 10:00 UTC</time> | Boosting is allowed for your Instagram account.',
    );
    const status = brandStatus(request(partial));
    expect(status.tone).toBe('partial');
    expect(text(status)).toBe(
      'Approved in part until <time datetime="2026-07-02T10:00:00.000Z">2 Jul 2026, 10:00 UTC</time> | Declined: “Allow brand partner to boost”. Boosting could not be turned on: the creator did not grant the permission it needs.',
    );
  });

  it('expired and revoked say why in the words of the brand’s notices', () => {
    for (const reason of ['token_expired', 'duration_ended', 'app_removed']) {
      expect(brandStatus(ended('expired', reason)).detail.value).toContain(`: ${partnershipEndReason(reason)}.`);
    }
    expect(brandStatus(ended('expired', 'duration_ended')).detail.value).toContain('the agreed duration ended');
    const revoked = brandStatus(ended('revoked', 'creator'));
    expect(text(revoked)).toMatch(/^Revoked \| Revoked on <time[^]*>: the creator revoked it\. Stop running the post as an ad\.$/);
    // Facebook's words on a password change are the notice's too, escaped like any text.
    expect(brandStatus(ended('revoked', 'checkpoint')).detail.value).toContain('Facebook locked the creator’s account for a security check');
    // A reason no sentence names is not shown as its code.
    expect(brandStatus(ended('revoked', '<b>odd</b>')).detail.value).not.toContain('odd');
    expect(brandStatus(ended('revoked', '<b>odd</b>')).detail.value).toContain('it ended on Facebook’s side');
  });

  it('declined and withdrawn', () => {
    expect(text(brandStatus(request({ state: 'denied', decidedAt: '2026-06-02T10:00:00.000Z' })))).toMatch(/^Declined by the creator \| Declined on <time[^]*You may ask again\.$/);
    expect(text(brandStatus(ended('withdrawn', 'brand')))).toMatch(/^Withdrawn \| You withdrew the request on <time/);
  });
});
