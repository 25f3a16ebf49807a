/**
 * The records of the simulated Pinterest API v5 and its configuration (docs/networks.md#pinterest). Behaviour lives
 * in world.ts (state) and pinterest.ts (endpoints).
 */
import type { PinFigures } from './analytics.ts';

export type PinterestAccountType = 'BUSINESS' | 'PINNER';
/** `revoke`: the person removes the app in Pinterest settings; `password-change`: see world.ts. */
export type PinterestEvent = 'revoke' | 'password-change';
export const pinterestEvents: readonly PinterestEvent[] = ['revoke', 'password-change'];

/** https://developers.pinterest.com/docs/getting-started/scopes/ */
export const PINTEREST_SCOPES = [
  'ads:read',
  'ads:write',
  'billing:read',
  'billing:write',
  'biz_access:read',
  'biz_access:write',
  'boards:read',
  'boards:read_secret',
  'boards:write',
  'boards:write_secret',
  'catalogs:read',
  'catalogs:write',
  'pins:read',
  'pins:read_secret',
  'pins:write',
  'pins:write_secret',
  'user_accounts:read',
  'user_accounts:write',
] as const;

export interface PinterestApp {
  clientId: string;
  clientSecret: string;
  name: string;
  /** Registered redirect URIs; empty accepts any http(s) URI. */
  redirectUris: string[];
}

export interface PinterestConfig {
  /** Access token lifetime; Pinterest sends expires_in 2592000 (30 days). */
  accessTokenSeconds: number;
  /**
   * Continuous refresh token: 60 days, renewed by every refresh (the API v5.23 reference of /oauth/token,
   * https://developers.pinterest.com/docs/api/v5/).
   */
  refreshTokenSeconds: number;
  /** Legacy refresh token: 365 days from the code exchange, never renewed. */
  legacyRefreshTokenSeconds: number;
  /** 'legacy': a refresh hands out no new refresh token (apps before continuous refresh). */
  refreshMode: 'continuous' | 'legacy';
  /** Whether a refresh token that was refreshed stops working (unverified; 'invalidated' is the stricter case). */
  oldRefreshToken: 'invalidated' | 'kept';
  /** The official quickstart's fixture has `"expires_in": "2592000"`, a string. */
  expiresInAsString: boolean;
  /** Authorization code lifetime (undocumented; single use). */
  codeSeconds: number;
  /** Standard access: 100 calls per second per user per app. */
  perUserPerSecond: number;
  /** The `org_analytics` category, per user per app per minute (figure unverified). */
  analyticsPerUserPerMinute: number;
  /** Seconds to send in Retry-After on a 429; null sends none (Pinterest documents no rate-limit headers). */
  retryAfterSeconds: number | null;
  /** Analytics refuse a start_date further back than this (documented: 90 days). */
  analyticsMaxDaysBack: number;
  apps: PinterestApp[];
}

export const defaultPinterestApp: PinterestApp = {
  clientId: 'sandbox-pinterest-app',
  clientSecret: 'sandbox-pinterest-secret',
  name: 'Channelkeeper Sandbox',
  redirectUris: [],
};

export const defaultPinterestConfig: PinterestConfig = {
  accessTokenSeconds: 30 * 86_400,
  refreshTokenSeconds: 60 * 86_400,
  legacyRefreshTokenSeconds: 365 * 86_400,
  refreshMode: 'continuous',
  oldRefreshToken: 'invalidated',
  expiresInAsString: true,
  codeSeconds: 600,
  perUserPerSecond: 100,
  analyticsPerUserPerMinute: 300,
  retryAfterSeconds: null,
  analyticsMaxDaysBack: 90,
  apps: [defaultPinterestApp],
};

export function resolvePinterestConfig(partial: Partial<PinterestConfig> = {}): PinterestConfig {
  const apps = new Map(defaultPinterestConfig.apps.map((a) => [a.clientId, a]));
  for (const app of partial.apps ?? []) apps.set(app.clientId, { ...apps.get(app.clientId), ...app });
  return { ...defaultPinterestConfig, ...partial, apps: [...apps.values()].map((a) => ({ ...a, redirectUris: [...a.redirectUris] })) };
}

export interface PinterestAccount {
  /** Pinterest user id: a numeric string. */
  id: string;
  username: string;
  accountType: PinterestAccountType;
  businessName: string | null;
  about: string;
  websiteUrl: string;
  profileImage: string;
  boardCount: number;
  pinCount: number;
  /** Appended to every pin's description (NewPinterestAccount.pinCaption). */
  pinCaption?: string;
  followerCount: number;
  followingCount: number;
  monthlyViews: number;
  /** Exact analytics of some of the account's pins, set through the control API, by pin id. */
  pinFigures?: Record<string, PinFigures>;
  /** When the account's first pin was made; seeded pins are spread back from here. */
  createdAtMs: number;
  /** When the account joined the sandbox with its `followerCount`, which grows from there (absent in older state: no growth). */
  joinedAtMs?: number;
  /** When set, the person grants at most these scopes whatever the app asks for. */
  grantedScopes?: string[];
  /** System users (business accounts' API users) are the only ones whose tokens /oauth/token/revoke accepts. */
  systemUser: boolean;
  /** Tokens from an earlier epoch were killed by an account event. */
  epoch: number;
}

export interface AccessToken {
  value: string;
  account: PinterestAccount;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
  expiresAtMs: number;
  epoch: number;
  revokedAtMs?: number;
}

export interface RefreshToken {
  value: string;
  account: PinterestAccount;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
  expiresAtMs: number;
  epoch: number;
  continuous: boolean;
  /** Set when a refresh replaced it (continuous mode); with oldRefreshToken 'invalidated' it stops working. */
  spentAtMs?: number;
  revokedAtMs?: number;
}

export interface PinterestCode {
  value: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  account: PinterestAccount;
  expiresAtMs: number;
}

export interface NewPinterestAccount {
  username: string;
  accountType: PinterestAccountType;
  businessName?: string | null;
  pinCount?: number;
  /** Words every pin's description ends with (a campaign's hashtag, for binding tests). */
  pinCaption?: string;
  boardCount?: number;
  followerCount?: number;
  grantedScopes?: string[];
  systemUser?: boolean;
}

export interface Pin {
  id: string;
  created_at: string;
  link: string;
  title: string;
  description: string;
  board_id: string;
  board_owner: { username: string };
  media: PinImageMedia | PinVideoMedia;
}

export interface PinImageMedia {
  media_type: 'image';
  images: Record<string, { url: string; width: number; height: number }>;
}

/** A video Pin's media (the API's VideoMetadata): a cover image and the video, no `images` sizes. */
export interface PinVideoMedia {
  media_type: 'video';
  cover_image_url: string;
  video_url: string;
  /** Seconds. */
  duration: number;
  height: number;
  width: number;
}

export interface PinterestConnection {
  username: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  refreshTokenExpiresAt: Date;
}
