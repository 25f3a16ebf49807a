/**
 * The records of the simulated TikTok (Login Kit v2 + Display API v2) and its configuration, per
 * docs/networks.md#tiktok. Behaviour lives in world.ts (state) and tiktok.ts (endpoints).
 *
 * A grant is one consent of one account to one app: its refresh tokens rotate, its access tokens come
 * and go, and revoking it (the revoke endpoint, or the person removing the app) ends all of them.
 */

export const SCOPES = ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list'] as const;

/** Fields of /v2/user/info/ and the scope each needs (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info). */
export const USER_FIELD_SCOPES: Record<string, string> = {
  open_id: 'user.info.basic',
  union_id: 'user.info.basic',
  avatar_url: 'user.info.basic',
  avatar_url_100: 'user.info.basic',
  avatar_large_url: 'user.info.basic',
  display_name: 'user.info.basic',
  bio_description: 'user.info.profile',
  profile_deep_link: 'user.info.profile',
  is_verified: 'user.info.profile',
  username: 'user.info.profile',
  follower_count: 'user.info.stats',
  following_count: 'user.info.stats',
  likes_count: 'user.info.stats',
  video_count: 'user.info.stats',
};

/** Fields of the video object (https://developers.tiktok.com/doc/tiktok-api-v2-video-object). */
export const VIDEO_FIELDS = [
  'id',
  'create_time',
  'cover_image_url',
  'share_url',
  'video_description',
  'duration',
  'height',
  'width',
  'title',
  'embed_html',
  'embed_link',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
  'is_aigc',
] as const;

/**
 * Account events. `revoke`: the person removes the app under Settings → Security → Manage app permissions.
 * `password-change`: whether TikTok ends third-party grants on a password change is not documented, so it
 * does only when `passwordChangeRevokes` is on. `ban` / `delete`: the account is gone, every token with it.
 */
export const ACCOUNT_EVENTS = ['revoke', 'password-change', 'ban', 'delete'] as const;
export type AccountEvent = (typeof ACCOUNT_EVENTS)[number];

export interface TikTokApp {
  clientKey: string;
  clientSecret: string;
  name: string;
  /** Registered redirect URIs; empty accepts any https (or loopback http) URI. */
  redirectUris: string[];
}

export interface TikTokConfig {
  /** Access-token lifetime: 2 h in the 2026 docs, 24 h (86,400) in the classic v2 page. */
  accessTokenSeconds: number;
  /** Refresh-token lifetime: 180 days in the 2026 docs, 365 days in the classic v2 page. */
  refreshTokenSeconds: number;
  /**
   * 'fixed': every rotated refresh token keeps the end of the grant's first one ("365 days after the initial
   * issuance"); 'sliding': each refresh gives a full lifetime from now. refresh_expires_in is always what remains.
   */
  refreshExpiry: 'fixed' | 'sliding';
  /** Each refresh issues a new refresh token (2026 docs); false hands back the same string. */
  rotates: boolean;
  /** How long a rotated-away refresh token still works; TikTok says it "stops working once a new one is issued". */
  rotationGraceSeconds: number;
  /** Authorization-code lifetime (not documented; single use). */
  codeSeconds: number;
  /** HTTP status of OAuth errors (`{error, error_description, log_id}`): not documented. 200 is reported too. */
  oauthErrorStatus: number;
  /** Requests per minute (sliding window) per app and Display API endpoint; 0 turns the limiter off. */
  rateLimitPerMinute: number;
  /** Whether a password change ends the account's grants (not documented). */
  passwordChangeRevokes: boolean;
  apps: TikTokApp[];
}

export const defaultTikTokApp: TikTokApp = {
  clientKey: 'sandbox-tiktok-client-key',
  clientSecret: 'sandbox-tiktok-secret',
  name: 'Channelkeeper Sandbox',
  redirectUris: [],
};

export const defaultTikTokConfig: TikTokConfig = {
  accessTokenSeconds: 2 * 3600,
  refreshTokenSeconds: 180 * 86_400,
  refreshExpiry: 'fixed',
  rotates: true,
  rotationGraceSeconds: 0,
  codeSeconds: 600,
  oauthErrorStatus: 400,
  rateLimitPerMinute: 600,
  passwordChangeRevokes: false,
  apps: [defaultTikTokApp],
};

export interface Video {
  id: string;
  /**
   * The counts below are exact figures set through the control API (`fixed: true`), or else the figures
   * the video reaches at one week old: `videoFigures` grows them with the video's age on the sandbox clock.
   */
  fixed?: boolean;
  /** Unix seconds. */
  createTime: number;
  description: string;
  title: string;
  duration: number;
  height: number;
  width: number;
  viewCount: number;
  likeCount: number;
  commentCount: number;
  shareCount: number;
  isAigc: boolean;
}

export interface Account {
  openId: string;
  unionId: string;
  username: string;
  displayName: string;
  bio: string;
  isVerified: boolean;
  /** Followers on the day the account was created: they grow from there on the sandbox clock (core/account-figures.ts). */
  followerCount: number;
  followingCount: number;
  likesCount: number;
  videos: Video[];
  /** When the account joined the sandbox (absent in state saved before it was kept: no growth then). */
  createdAtMs?: number;
  /** When set, the person grants at most these scopes whatever the app asks for. */
  grantedScopes?: string[];
  status: 'active' | 'banned' | 'deleted';
  /** Bumped by every event that ends grants; a grant from an older epoch is dead. */
  epoch: number;
  /** Created by seedConnections: not offered on the consent page. */
  bulk?: boolean;
}

export interface Grant {
  id: number;
  account: Account;
  clientKey: string;
  scopes: string[];
  epoch: number;
  /** When the first refresh token ends: the end every rotated one keeps in 'fixed' mode. */
  refreshEndMs: number;
  revokedAtMs?: number;
}

export interface AccessToken {
  value: string;
  grant: Grant;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface RefreshToken {
  value: string;
  grant: Grant;
  issuedAtMs: number;
  expiresAtMs: number;
  /** Set when a refresh rotated it away; it works for rotationGraceSeconds after. */
  supersededAtMs?: number;
}

export interface Code {
  value: string;
  clientKey: string;
  redirectUri: string;
  scopes: string[];
  account: Account;
  codeChallenge?: string;
  expiresAtMs: number;
}

export interface NewAccount {
  username: string;
  displayName?: string;
  bio?: string;
  isVerified?: boolean;
  followerCount?: number;
  followingCount?: number;
  /** How many videos to generate (newest first, one every ~2 days back from now). */
  videoCount?: number;
  grantedScopes?: string[];
}

export interface MintOptions {
  username: string;
  scopes?: string[];
  clientKey?: string;
  /** Backdate the grant; defaults to the clock's now. */
  issuedAt?: Date;
}

export interface IssuedPair {
  accessToken: AccessToken;
  refreshToken: RefreshToken;
}

export interface Connection {
  username: string;
  openId: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  refreshExpiresAt: Date;
}

/** The counts the API reports for a video at `nowMs`. */
export interface VideoFigures {
  viewCount: number;
  likeCount: number;
  commentCount: number;
  shareCount: number;
}

const WEEK_HOURS = 7 * 24;

/**
 * A video's figures now: exact when set, else growing with its age like a real post's (fast in the first
 * hours, slower after), deterministic for a given video and instant: log(1 + hours) / log(1 + one week),
 * so the stored counts are reached at one week old and grow on slowly after that.
 */
export function videoFigures(v: Video, nowMs: number): VideoFigures {
  const exact = { viewCount: v.viewCount, likeCount: v.likeCount, commentCount: v.commentCount, shareCount: v.shareCount };
  if (v.fixed) return exact;
  const hours = Math.max(0, (nowMs - v.createTime * 1000) / 3_600_000);
  const factor = Math.log1p(hours) / Math.log1p(WEEK_HOURS);
  const grown = (n: number) => Math.floor(n * factor);
  return { viewCount: grown(v.viewCount), likeCount: grown(v.likeCount), commentCount: grown(v.commentCount), shareCount: grown(v.shareCount) };
}
