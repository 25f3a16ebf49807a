/** Facebook (Facebook Login: Pages and their Instagram accounts) as data. Facts: docs/networks.md#facebook */
import { DAY } from '../../kernel/clock.ts';
import { metaAppBudget } from '../meta/profile.ts';
import type { NetworkProfile } from '../network-profile.ts';

export const facebookProfile: NetworkProfile<'facebook'> = {
  id: 'facebook',
  displayName: 'Facebook',
  mark: { slug: 'facebook', hex: '#0866FF' },
  // The last is the media CDN the sandbox serves: real links name regional hosts.
  origins: ['https://www.facebook.com', 'https://graph.facebook.com', 'https://scontent.xx.fbcdn.net'],
  env: { clientId: 'FACEBOOK_APP_ID', clientSecret: 'FACEBOOK_APP_SECRET' },
  sandboxClient: { clientId: 'sandbox-facebook-app', clientSecret: 'sandbox-facebook-secret' },
  // A server cannot extend a long-lived user token; the creator logs in again, reminded 14, 3 and 1
  // days before (https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived).
  tokenPolicy: () => ({
    refreshable: false,
    refreshWhen: { by: 'never' },
    minRefreshAgeMs: 0,
    expiringWithinMs: 14 * DAY,
    reminderDays: [14, 3, 1],
    refreshOnUseWithinMs: null,
    rotatesRefreshToken: false,
    spreadMs: 0,
  }),
  rateLimits: [
    metaAppBudget,
    // Pages business use case limit: 4,800 × engaged users per 24 h per Page, the same floor as Instagram's
    // (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
    { key: 'facebook:buc', scope: 'account', limit: 4_800, windowMs: DAY },
  ],
  permalinks: { hosts: ['facebook.com', 'fb.watch'] },
  // Partnership Ads run Instagram posts; Facebook Login is only how the creator consents.
  capabilities: { media: true, insights: true, audience: true, accountInsights: true, refreshInsights: true, partnershipAds: false },
  // A Page post's full_picture and an Instagram media's media_url (through a Page) are signed CDN links.
  mediaFiles: { offered: true, hosts: ['fbcdn.net', 'cdninstagram.com'] },
  // A Page is known by its name (Meta's own pages and notifications say "Dana Bakes"); many have no username at all.
  accountsKnownBy: 'name',
};
