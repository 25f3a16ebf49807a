/** Pinterest (API v5) as data. Facts: docs/networks.md#pinterest */
import { DAY, MINUTE, SECOND } from '../../kernel/clock.ts';
import type { NetworkProfile } from '../network-profile.ts';

export const pinterestProfile: NetworkProfile<'pinterest'> = {
  id: 'pinterest',
  displayName: 'Pinterest',
  mark: { slug: 'pinterest', hex: '#BD081C' },
  // The last two are the image and video CDNs the sandbox serves.
  origins: ['https://www.pinterest.com', 'https://api.pinterest.com', 'https://i.pinimg.com', 'https://v1.pinimg.com'],
  env: { clientId: 'PINTEREST_APP_ID', clientSecret: 'PINTEREST_APP_SECRET' },
  sandboxClient: { clientId: 'sandbox-pinterest-app', clientSecret: 'sandbox-pinterest-secret' },
  // Access 30 days, continuous refresh token 60 days sliding: refreshing 5 days before the access token
  // expires keeps both alive (https://github.com/pinterest/api-description, POST /oauth/token).
  tokenPolicy: () => ({
    refreshable: true,
    refreshWhen: { by: 'expiry', marginMs: 5 * DAY },
    minRefreshAgeMs: 0,
    expiringWithinMs: 14 * DAY,
    reminderDays: [14, 3, 1],
    refreshOnUseWithinMs: 5 * MINUTE,
    rotatesRefreshToken: true,
    spreadMs: 4 * DAY,
  }),
  // 100 requests per second per user (standard access), and org_analytics (pin analytics) per app: a
  // conservative guess, as the category's figure is not published for standard access
  // (https://developers.pinterest.com/docs/reference/rate-limits/).
  rateLimits: [
    { key: 'pinterest:user', scope: 'account', limit: 100, windowMs: SECOND },
    { key: 'pinterest:org_analytics', scope: 'app', limit: 1_000, windowMs: MINUTE },
  ],
  permalinks: {
    hosts: ['pinterest.com', 'pin.it'],
    // Country domains (pinterest.fr, pinterest.co.uk, pinterest.com.au): the country part is one short
    // label, so pinterest.evil.com is someone else's site.
    hostPattern: /(^|\.)pinterest\.(com?\.)?[a-z]{2,3}$/,
  },
  // Pin analytics are read; audience insights exist for ad accounts only, not organic business accounts.
  capabilities: { media: true, insights: true, audience: false, accountInsights: true, refreshInsights: true, partnershipAds: false },
  // A pin's images and video are on pinimg.com, whose links do not expire.
  mediaFiles: { offered: true, hosts: ['pinimg.com'] },
  // https://help.pinterest.com/en/business/article/get-a-business-account (converting a personal account).
  professionalSwitch: {
    en: 'On Pinterest, open Settings → Account management → Convert to a business account, then reconnect.',
    es: 'En Pinterest, abre Configuración → Gestión de la cuenta → Convertir a cuenta de empresa y vuelve a conectar.',
    'pt-BR': 'No Pinterest, abra Configurações → Gerenciamento da conta → Converter para uma conta comercial e reconecte.',
    fr: 'Sur Pinterest, ouvrez Paramètres → Gestion du compte → Convertir en compte professionnel, puis reconnectez-vous.',
    de: 'Öffne auf Pinterest Einstellungen → Kontoverwaltung → In ein Unternehmenskonto umwandeln und verbinde dich dann erneut.',
    ja: 'Pinterestで「設定」→「アカウント管理」→「ビジネスアカウントに切り替える」を開いてから、再連携してください。',
  },
  // Figures the network does not give (docs/networks.md), said once on the campaign page.
  metricNote: {
    en: 'Pinterest gives no reach or shares: a Pin’s views are its impressions (video views for a video Pin).',
    es: 'Pinterest no da el alcance ni las veces compartidas: las visualizaciones de un Pin son sus impresiones (reproducciones en un Pin de video).',
    'pt-BR': 'O Pinterest não informa alcance nem compartilhamentos: as visualizações de um Pin são as impressões dele (reproduções, em um Pin de vídeo).',
    fr: 'Pinterest ne donne ni la couverture ni les partages : les vues d’une épingle sont ses impressions (les vues vidéo pour une épingle vidéo).',
    de: 'Pinterest meldet weder Reichweite noch geteilte Inhalte: Die Aufrufe eines Pins sind seine Impressionen (bei Video-Pins die Videoaufrufe).',
    ja: 'Pinterest はリーチとシェア数を提供していません。ピンの再生数はインプレッション数です（動画ピンは動画の再生数）。',
  },
};
