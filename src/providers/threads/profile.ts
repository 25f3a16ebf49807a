/** Threads (the Threads API, its own Meta app) as data: what shared code knows of it. Facts: docs/networks.md#threads */
import { DAY, HOUR } from '../../kernel/clock.ts';
import type { NetworkProfile } from '../network-profile.ts';

export const threadsProfile: NetworkProfile<'threads'> = {
  id: 'threads',
  displayName: 'Threads',
  mark: { slug: 'threads', hex: '#000000' },
  // The authorization window is on threads.com; the API answers on graph.threads.net (and graph.threads.com),
  // https://developers.facebook.com/documentation/threads/get-started/get-access-tokens-and-permissions and
  // https://developers.facebook.com/documentation/threads/overview.
  origins: ['https://threads.com', 'https://graph.threads.net'],
  // A Meta app with the Threads use case has its own app id and secret, not the Facebook app's
  // (https://developers.facebook.com/documentation/threads/get-started).
  env: { clientId: 'THREADS_APP_ID', clientSecret: 'THREADS_APP_SECRET' },
  sandboxClient: { clientId: 'sandbox-threads-app', clientSecret: 'sandbox-threads-secret' },
  // As Instagram Login: no refresh token; the long-lived token (60 days) is itself refreshed once it is 24
  // hours old and not expired, and then lives 60 days from the refresh; one not refreshed within 60 days is
  // dead (https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/).
  tokenPolicy: (settings) => ({
    refreshable: true,
    refreshWhen: { by: 'age', afterMs: settings.refreshAfterDays * DAY },
    minRefreshAgeMs: 24 * HOUR,
    expiringWithinMs: 7 * DAY,
    reminderDays: [],
    refreshOnUseWithinMs: null,
    // A refresh may hand out a new token string; Meta does not say when the refreshed-away one stops working.
    rotatesRefreshToken: true,
    spreadMs: 5 * DAY,
  }),
  // Calls per app and person per rolling 24 hours = 4,800 × impressions, impressions counted at least 10
  // (https://developers.facebook.com/documentation/threads/overview): 48,000 is the floor for any account.
  rateLimits: [{ key: 'threads:user', scope: 'account', limit: 48_000, windowMs: DAY }],
  permalinks: { hosts: ['threads.com', 'threads.net'] },
  capabilities: { media: true, insights: true, audience: true, accountInsights: true, refreshInsights: true, partnershipAds: false },
  // A post's replies are its comments; reposts and quotes have no field of ours (insights.ts keeps them as extras).
  // Threads' media_url and thumbnail_url are Instagram's CDN links (scontent.cdninstagram.com), signed and expiring.
  mediaFiles: { offered: true, hosts: ['cdninstagram.com', 'fbcdn.net'] },
  figures: {
    names: { comments: 'Replies' },
    extras: [
      { key: 'reposts', label: 'Reposts' },
      { key: 'quotes', label: 'Quotes' },
    ],
  },
  // Figures the network does not give (docs/networks.md), said once on the campaign page.
  metricNote: {
    en: 'Threads gives no reach and no saves for a post.',
    es: 'Threads no da el alcance ni los guardados de una publicación.',
    'pt-BR': 'O Threads não informa alcance nem salvamentos de um post.',
    fr: 'Threads ne donne ni la couverture ni les enregistrements d’une publication.',
    de: 'Threads meldet für einen Beitrag weder Reichweite noch Speicherungen.',
    ja: 'Threads は投稿のリーチと保存数を提供していません。',
  },
};
