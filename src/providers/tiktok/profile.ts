/** TikTok (Login Kit and the Display API) as data. Facts: docs/networks.md#tiktok */
import { DAY, MINUTE } from '../../kernel/clock.ts';
import type { NetworkProfile } from '../network-profile.ts';

export const tiktokProfile: NetworkProfile<'tiktok'> = {
  id: 'tiktok',
  displayName: 'TikTok',
  mark: { slug: 'tiktok', hex: '#000000' },
  // The last is the CDN of avatars and covers the sandbox serves; real links name other p16/p19 hosts too.
  origins: ['https://www.tiktok.com', 'https://open.tiktokapis.com', 'https://p16-sign-va.tiktokcdn.com'],
  // TikTok calls the client id a "client key".
  env: { clientId: 'TIKTOK_CLIENT_KEY', clientSecret: 'TIKTOK_CLIENT_SECRET' },
  sandboxClient: { clientId: 'sandbox-tiktok-client-key', clientSecret: 'sandbox-tiktok-secret' },
  // Access tokens live hours, so they are refreshed when used; the refresh token is refreshed a month
  // before its end in case TikTok slides it (its docs disagree), and the creator is reminded if not
  // (https://developers.tiktok.com/doc/oauth-user-access-token-management).
  tokenPolicy: () => ({
    refreshable: true,
    refreshWhen: { by: 'grant_expiry', marginMs: 30 * DAY },
    minRefreshAgeMs: 0,
    expiringWithinMs: 14 * DAY,
    reminderDays: [14, 3, 1],
    refreshOnUseWithinMs: 5 * MINUTE,
    rotatesRefreshToken: true,
    spreadMs: 3 * DAY,
  }),
  // 600 requests per minute per endpoint, for the app (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit).
  rateLimits: [{ key: 'tiktok:app', scope: 'app', limit: 600, windowMs: MINUTE }],
  permalinks: { hosts: ['tiktok.com', 'vm.tiktok.com'] },
  // The Display API has no demographics, only a follower count.
  capabilities: { media: true, insights: true, audience: false, accountInsights: true, refreshInsights: false, partnershipAds: false },
  // The Display API lists a video's share and embed links and a cover that expires in about 6 hours, never the file.
  mediaFiles: { offered: false, reason: 'TikTok’s API gives no video file, only the embed link: the post is shown through it.' },
  // Figures the network does not give (docs/networks.md), said once on the campaign page.
  metricNote: {
    en: 'TikTok gives no reach and no saves for a video.',
    es: 'TikTok no da el alcance ni los guardados de un video.',
    'pt-BR': 'O TikTok não informa alcance nem salvamentos de um vídeo.',
    fr: 'TikTok ne donne ni la couverture ni les enregistrements d’une vidéo.',
    de: 'TikTok meldet für ein Video weder Reichweite noch Speicherungen.',
    ja: 'TikTok は動画のリーチと保存数を提供していません。',
  },
};
