/**
 * Portal: the pages creators and brands open from a signed link: the creators' Channels page (state
 * of every channel, reconnect, Partnership Ads requests) and the brands' Campaign Performance page
 * (posts, figures, Refresh Insights, Partnership Ads column), with their sessions and guards, and the
 * brand-facing creator profile page behind its signed link.
 */
export { createProfileLink } from './creator-profile-link.ts';
export { brandPageMessages } from './messages/brand-pages/index.ts';
export { portalMessages } from './messages/index.ts';
export { createBrandPortalSession, createPortalSession } from './portal-session.ts';
