/**
 * Portal: the pages creators and brands open from a signed link: the creators' Channels page (state
 * of every channel, reconnect, Partnership Ads requests) and the brands' Campaign Performance page
 * (posts, figures, Refresh Insights, Partnership Ads column), with their sessions and guards.
 */
export { createBrandPortalSession, createPortalSession } from './portal-session.ts';
