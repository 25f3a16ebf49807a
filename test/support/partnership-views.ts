/** A Partnership Ads request as the API shows it, for page tests: requested, nothing decided yet. */
import type { PartnershipView } from '../../src/partnership-ads/partnership-view.ts';

export const partnershipRequest = (over: Partial<PartnershipView> = {}): PartnershipView => ({
  id: 'par_1',
  campaignId: 'cmp_1',
  postId: 'cp_1',
  mediaId: 'med_1',
  creatorId: 'ana',
  connectionId: 'con_1',
  brandId: 'acme',
  instagramAccountId: '1789',
  brandInstagramAccountId: '1784',
  state: 'requested',
  grant: null,
  grantedPermissions: [],
  declinedPermissions: [],
  promotionEnabled: null,
  durationDays: 30,
  message: null,
  lastAttemptError: null,
  stateReason: null,
  requestedAt: '2026-06-01T09:00:00.000Z',
  remindedAt: null,
  decidedAt: null,
  expiresAt: null,
  endedAt: null,
  ...over,
});
