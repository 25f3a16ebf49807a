/** YouTube (Google OAuth, the Data and Analytics APIs) as data. Facts: docs/networks.md#youtube */
import { DAY, MINUTE } from '../../kernel/clock.ts';
import type { NetworkProfile } from '../network-profile.ts';

export const youtubeProfile: NetworkProfile<'youtube'> = {
  id: 'youtube',
  displayName: 'YouTube',
  mark: { slug: 'youtube', hex: '#FF0000' },
  // The last two are where channel art and video stills live (the pictures pages show).
  origins: [
    'https://accounts.google.com',
    'https://oauth2.googleapis.com',
    'https://www.googleapis.com',
    'https://youtubeanalytics.googleapis.com',
    'https://i.ytimg.com',
    'https://yt3.ggpht.com',
  ],
  // The credentials are a Google OAuth client's.
  env: { clientId: 'GOOGLE_CLIENT_ID', clientSecret: 'GOOGLE_CLIENT_SECRET' },
  sandboxClient: { clientId: 'sandbox-google-client.apps.googleusercontent.com', clientSecret: 'sandbox-google-secret' },
  // A refresh token unused for six months dies, so it is used monthly; access tokens (1 h) are refreshed
  // when handed out (https://developers.google.com/identity/protocols/oauth2#expiration).
  tokenPolicy: () => ({
    refreshable: true,
    refreshWhen: { by: 'age', afterMs: 30 * DAY },
    minRefreshAgeMs: 0,
    expiringWithinMs: 14 * DAY,
    reminderDays: [14, 3, 1],
    refreshOnUseWithinMs: 5 * MINUTE,
    rotatesRefreshToken: false,
    spreadMs: 3 * DAY,
  }),
  // 10,000 quota units per day per project; videos.list costs 1 unit a call
  // (https://developers.google.com/youtube/v3/getting-started#quota).
  rateLimits: [{ key: 'youtube:units', scope: 'app', limit: 10_000, windowMs: DAY }],
  permalinks: { hosts: ['youtube.com', 'youtu.be'] },
  capabilities: { media: true, insights: true, audience: true, accountInsights: true, refreshInsights: false, partnershipAds: false },
  // The Data API describes a video and its thumbnails; the file itself is never offered.
  mediaFiles: { offered: false, reason: 'YouTube’s API gives no video file, only the embed link: the post is shown through it.' },
  // Figures the network does not give (docs/networks.md), said once on the campaign page.
  metricNote: {
    en: 'YouTube gives no reach, saves or shares for a video.',
    es: 'YouTube no da el alcance, los guardados ni las veces compartidas de un video.',
    'pt-BR': 'O YouTube não informa alcance, salvamentos nem compartilhamentos de um vídeo.',
    fr: 'YouTube ne donne ni la couverture, ni les enregistrements, ni les partages d’une vidéo.',
    de: 'YouTube meldet für ein Video weder Reichweite noch Speicherungen oder geteilte Inhalte.',
    ja: 'YouTube は動画のリーチ、保存数、シェア数を提供していません。',
  },
};
