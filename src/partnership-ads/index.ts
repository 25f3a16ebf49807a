/**
 * Partnership Ads: a brand's request to run a creator's bound Instagram post as an ad, the creator's
 * consent through Facebook Login (review page, approve, deny, revoke), its end (expiry, withdrawal,
 * revocation by Meta) and the notices and emails of each step.
 */
export { type CreatorPartnership, findCreatorPartnership, listCreatorPartnerships } from './creator-partnerships.ts';
export { partnershipMessages } from './messages/index.ts';
export { findPartnership, latestForMedia } from './partnership-ads.repo.ts';
export { isOpen, PARTNERSHIP_DURATION_DAYS, type PostLiveness, postLiveness } from './partnership-ads.rules.ts';
export { partnershipBody } from './partnership-ads.schemas.ts';
export { endPartnershipsOfFacebookUser, forgetPartnershipGrantor, revokePartnership, withdrawPartnership } from './partnership-end.ts';
export { requestPartnershipAds } from './partnership-request.ts';
export { brandStatus, creatorStatus, statusBlock, statusStyles } from './partnership-status.page.ts';
export { countTokensToReseal as countPartnershipTokensToReseal, resealTokens as resealPartnershipTokens } from './partnership-tokens.ts';
export { type PartnershipView, toPartnershipView } from './partnership-view.ts';
