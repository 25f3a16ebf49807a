/** Instagram (Instagram Login) as data: what shared code knows of it. Facts: docs/networks.md#instagram */
import { DAY, HOUR } from '../../kernel/clock.ts';
import { metaAppBudget } from '../meta/profile.ts';
import type { NetworkProfile } from '../network-profile.ts';

export const instagramProfile: NetworkProfile<'instagram'> = {
  id: 'instagram',
  displayName: 'Instagram',
  mark: { slug: 'instagram', hex: '#FF0069' },
  // The last is the media CDN the sandbox serves: real links name regional hosts (scontent-lhr8-1.cdninstagram.com).
  origins: ['https://www.instagram.com', 'https://api.instagram.com', 'https://graph.instagram.com', 'https://scontent.cdninstagram.com'],
  env: { clientId: 'INSTAGRAM_CLIENT_ID', clientSecret: 'INSTAGRAM_CLIENT_SECRET' },
  sandboxClient: { clientId: 'sandbox-instagram-app', clientSecret: 'sandbox-instagram-secret' },
  // No refresh token: the long-lived token itself is refreshed once it is 24 hours old, and then lives 60
  // days from the refresh, so a steady age keeps it alive; the creator is never reminded
  // (https://developers.facebook.com/documentation/instagram-platform/reference/refresh_access_token).
  tokenPolicy: (settings) => ({
    refreshable: true,
    refreshWhen: { by: 'age', afterMs: settings.refreshAfterDays * DAY },
    minRefreshAgeMs: 24 * HOUR,
    expiringWithinMs: 7 * DAY,
    reminderDays: [],
    refreshOnUseWithinMs: null,
    // A refresh issues a new token string; Meta does not say when the refreshed-away one stops working.
    rotatesRefreshToken: true,
    spreadMs: 5 * DAY,
  }),
  rateLimits: [
    metaAppBudget,
    // Business use case limit: 4,800 × impressions per 24 h per account; 4,800 is the floor for any
    // account with views (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
    { key: 'instagram:buc', scope: 'account', limit: 4_800, windowMs: DAY },
  ],
  permalinks: { hosts: ['instagram.com'] },
  capabilities: { media: true, insights: true, audience: true, accountInsights: true, refreshInsights: true, partnershipAds: true },
  // media_url and thumbnail_url are signed CDN links that expire within days (docs/networks.md#media-files).
  mediaFiles: { offered: true, hosts: ['cdninstagram.com', 'fbcdn.net'] },
  // https://help.instagram.com/502981923235522 (switching to a professional account).
  // The setting names are Instagram's own in each language.
  professionalSwitch: {
    en: 'In the Instagram app, open your profile, tap ☰ → Account type and tools → Switch to professional account, choose Creator or Business, then reconnect.',
    es: 'En la app de Instagram, abre tu perfil, toca ☰ → Tipo de cuenta y herramientas → Cambiar a cuenta profesional, elige Creador o Empresa y vuelve a conectar.',
    'pt-BR': 'No app do Instagram, abra seu perfil, toque em ☰ → Tipo de conta e ferramentas → Mudar para conta profissional, escolha Criador de conteúdo ou Empresa e reconecte.',
    fr: 'Dans l’application Instagram, ouvrez votre profil, touchez ☰ → Type de compte et outils → Passer à un compte professionnel, choisissez Créateur ou Entreprise, puis reconnectez-vous.',
    de: 'Öffne in der Instagram-App dein Profil, tippe auf ☰ → Kontoart und Tools → Zu professionellem Konto wechseln, wähle Creator oder Unternehmen und verbinde dich dann erneut.',
    ja: 'Instagramアプリでプロフィールを開き、☰ →「アカウントの種類とツール」→「プロアカウントに切り替える」をタップして「クリエイター」または「ビジネス」を選んでから、再連携してください。',
  },
  // Figures the network does not give (docs/networks.md), said once on the campaign page.
  metricNote: {
    en: 'Meta retired impressions for Instagram posts published after July 2024: views and reach show instead.',
    es: 'Meta retiró las impresiones de las publicaciones de Instagram posteriores a julio de 2024: en su lugar verás visualizaciones y alcance.',
    'pt-BR': 'A Meta descontinuou as impressões dos posts do Instagram publicados depois de julho de 2024: no lugar delas aparecem visualizações e alcance.',
    fr: 'Meta a retiré les impressions des publications Instagram parues après juillet 2024 : les vues et la couverture les remplacent.',
    de: 'Meta hat Impressionen für Instagram-Beiträge nach Juli 2024 abgeschafft: Stattdessen siehst du Aufrufe und Reichweite.',
    ja: 'Meta は 2024 年 7 月以降に公開された Instagram 投稿のインプレッションを廃止しました。代わりに再生数とリーチを表示しています。',
  },
};
