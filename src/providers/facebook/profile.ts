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
  // Figures the network does not give (docs/networks.md), said once on the campaign page.
  metricNote: {
    en: 'Meta retired impressions for Facebook posts in November 2025, and Facebook gives no saves: views and reach show instead.',
    es: 'Meta retiró las impresiones de las publicaciones de Facebook en noviembre de 2025 y Facebook no da los guardados: en su lugar verás visualizaciones y alcance.',
    'pt-BR': 'A Meta descontinuou as impressões dos posts do Facebook em novembro de 2025, e o Facebook não informa salvamentos: no lugar aparecem visualizações e alcance.',
    fr: 'Meta a retiré les impressions des publications Facebook en novembre 2025, et Facebook ne donne pas les enregistrements : les vues et la couverture les remplacent.',
    de: 'Meta hat Impressionen für Facebook-Beiträge im November 2025 abgeschafft, und Facebook meldet keine Speicherungen: Stattdessen siehst du Aufrufe und Reichweite.',
    ja: 'Meta は 2025 年 11 月に Facebook 投稿のインプレッションを廃止し、保存数も提供していません。代わりに再生数とリーチを表示しています。',
  },
};
