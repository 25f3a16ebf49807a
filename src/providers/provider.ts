/**
 * The one interface every network implements. Shared code asks the adapter or the network's profile;
 * it never switches on a provider's name (profiles.ts is the only list of them).
 */
import type { ProviderId } from './profiles.ts';

export { type ProviderId, providerIds } from './profiles.ts';

/** How a failure should be handled, decided once in the adapter from status + provider code. */
export type ProviderErrorKind = 'reauth_required' | 'insufficient_scope' | 'rate_limited' | 'transient' | 'unexpected_response';

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  /** For reauth_required: why (password_changed, app_removed, expired, checkpoint, …); for insufficient_scope: 'insufficient_scope'. */
  readonly reason: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** The provider's own code, e.g. "190/460", for logs and events (never a secret). */
  readonly providerCode: string | undefined;
  /** True when the throttle is app-wide: stop calling this provider for everyone, not just this account. */
  readonly appWide: boolean;
  /**
   * The access token was refused but the grant may be alive (TikTok `access_token_invalid`, Google 401,
   * Pinterest code 2): refresh once and retry; only if the refresh fails is a reconnect needed.
   */
  readonly refreshMayHelp: boolean;
  /** For insufficient_scope: the scopes the call needed, when the provider says. */
  readonly missingScopes: string[] | undefined;
  constructor(
    kind: ProviderErrorKind,
    message: string,
    extra: { reason?: string; retryAfterSeconds?: number; providerCode?: string; appWide?: boolean; refreshMayHelp?: boolean; missingScopes?: string[] } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
    this.kind = kind;
    this.reason = extra.reason;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.providerCode = extra.providerCode;
    this.appWide = extra.appWide ?? false;
    this.refreshMayHelp = extra.refreshMayHelp ?? false;
    this.missingScopes = extra.missingScopes;
  }
}

export interface TokenSet {
  accessToken: string;
  /** When the access token stops working, computed from the provider's `expires_in` on our clock; null: no expiry. */
  expiresAt: Date | null;
  issuedAt: Date;
  /** Absent when the provider sent none (Google on refresh): the caller keeps the one it has. */
  refreshToken?: string;
  /** From `refresh_expires_in` / `refresh_token_expires_in`; null: the refresh token has no fixed end. */
  refreshTokenExpiresAt?: Date | null;
  /** Facebook: when the app loses access to the person's data (90 days after they were last active). */
  dataAccessExpiresAt?: Date | null;
  /** Scopes the user actually granted, when the provider says. */
  scopes?: string[];
  /** The person behind the grant on the provider (Facebook user id, TikTok open_id), for revoke and callbacks. */
  providerUserId?: string;
  /** How much of the app's provider-wide rate limit is used (percent), when the provider says. */
  appUsagePercent?: number;
}

/** What an account is on its network: an Instagram account reached through Facebook Login is 'instagram'. */
export type Network = ProviderId;

export interface ProviderAccount {
  accountId: string;
  network: Network;
  username: string | null;
  displayName: string | null;
  /** The provider's own account type, e.g. BUSINESS, MEDIA_CREATOR, PAGE. */
  accountType: string | null;
  avatarUrl: string | null;
  /** False for accounts the product cannot serve (a personal Instagram account, a Google account without a channel). */
  eligible: boolean;
  /** Why eligible is false, in a machine code (e.g. personal_account, no_channel). */
  ineligibleReason?: string;
  /**
   * A token that belongs to this account rather than to the person (a Facebook Page token). The
   * connection uses it for the account's data; the person's token is kept once, for the whole grant.
   */
  accountAccessToken?: string;
}

export interface AccountRef {
  accountId: string;
  network: Network;
  /** The scopes the person granted, when known (a stored connection's): a network whose fields are gated by scope asks only for what it may. */
  scopes?: readonly string[];
}

/** What a consented code yields: one grant (the person's tokens) and the accounts it reaches. */
export interface Grant {
  tokens: TokenSet;
  /** Instagram Login, TikTok, YouTube, Pinterest: exactly one. Facebook Login: every Page and linked Instagram account. */
  accounts: ProviderAccount[];
}

/** Product features, each needing some scopes; a connection missing one reports insufficient_scope naming it. */
export type Feature = 'profile' | 'media' | 'insights' | 'audience';

export interface AuthorizationInput {
  state: string;
  redirectUri: string;
  scopes?: readonly string[];
  /** PKCE verifier (adapters with `pkce: true` send its S256 challenge). */
  codeVerifier?: string;
  /** The person declined a scope before: ask again (Facebook `auth_type=rerequest`, Google `prompt=consent`). */
  rerequest?: boolean;
}

/** A post, video, pin or story as the network describes it, mapped to one shape. */
export interface MediaItem {
  /** The network's own id of the item. */
  id: string;
  /** image, video, carousel, reel, story, pin, post (a Facebook Page post), short (a YouTube Short if known). */
  mediaType: string;
  caption: string | null;
  permalink: string | null;
  publishedAt: Date;
  /** The full-size media URL where the network provides one (not for copyrighted Instagram media, not for YouTube). */
  mediaUrl: string | null;
  thumbnailUrl: string | null;
}

/** One file of a post as the network serves it, for the media archive. */
export interface MediaFile {
  /** 0: the post itself; 1…n: a carousel's items, in order. */
  position: number;
  /** The full-size image or video, or a video's cover image. */
  role: 'media' | 'thumbnail';
  url: string;
}

export interface MediaPage {
  items: MediaItem[];
  /** Pass back to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * One post's lifetime performance in the one schema every network maps into (README, "Insights").
 * null: the network does not report that metric for this item (a story has no likes on Instagram;
 * TikTok gives no reach); never a made-up 0.
 */
export interface MediaMetrics {
  views: number | null;
  reach: number | null;
  likes: number | null;
  comments: number | null;
  saves: number | null;
  shares: number | null;
  /** The network's own total where it gives one (Instagram total_interactions); else null and we sum. */
  totalInteractions: number | null;
  /** Only where the network still returns it (Instagram media before Jul 2 2024, Pinterest IMPRESSION). */
  impressions: number | null;
}

/** What an insights call needs to know of a post: its id, and what kind it is (metrics differ by kind). */
export interface MediaRef {
  id: string;
  mediaType: string;
  publishedAt: Date;
}

export type MediaInsights =
  | { mediaId: string; status: 'ok'; metrics: MediaMetrics /** Network-only figures worth keeping, by the network's name (e.g. OUTBOUND_CLICK). */; extra?: Record<string, number> }
  /**
   * No figures for this item, and not an error of the whole call: `not_found` (deleted, or not this
   * account's), `expired` (a story older than 24 hours), `too_few` (Instagram withholds story values
   * below 5), `not_ready` (the network is still processing: Pinterest's data_status).
   */
  | { mediaId: string; status: 'unavailable'; reason: 'not_found' | 'expired' | 'too_few' | 'not_ready' };

export interface InsightsBatch {
  /** One entry per MediaRef asked for, in the same order. */
  items: MediaInsights[];
  /**
   * The highest share (percent) of a rate limit the network says is used after this call (Meta's
   * X-App-Usage / X-Business-Use-Case-Usage), so the caller can slow down before it is throttled.
   */
  usagePercent?: number;
}

/** One slice of an audience: an age range ("25-34"), a gender ("F"), a country code ("PT"), a city. */
export interface AudienceSlice {
  key: string;
  value: number;
}

export type AudienceInsights =
  | {
      status: 'available';
      /** `followers`: counts of followers (Instagram, Facebook); `percent`: shares of viewers (YouTube). */
      unit: 'followers' | 'percent';
      followers: number | null;
      age: AudienceSlice[];
      gender: AudienceSlice[];
      country: AudienceSlice[];
      city: AudienceSlice[];
    }
  /**
   * `below_threshold`: the network withholds demographics for small accounts (Instagram under 100
   * followers); `not_offered`: the network's API has no audience data for this kind of account.
   */
  | { status: 'unavailable'; reason: 'below_threshold' | 'not_offered'; followers: number | null };

/** Whole UTC days, `since` inclusive and `until` exclusive (both at 00:00 UTC): at most 30 days (Instagram's limit). */
export interface DayRange {
  since: Date;
  until: Date;
}

/**
 * An account's own figures in the one schema every network maps into (docs/networks.md, "Account
 * insights"). `followers` and `posts` are counts when read; `views`, `reach` and `engagements` are
 * totals over the range asked for. null: the network does not report that figure, never a made-up 0.
 */
export interface AccountFigures {
  /** Followers (YouTube: subscribers; null when the channel hides the count). */
  followers: number | null;
  /** Posts, videos or pins on the account. */
  posts: number | null;
  /** Times the account's content was seen in the range (Instagram and Facebook views, YouTube views, Pinterest impressions). */
  views: number | null;
  /** Unique people who saw it in the range, where the network counts them (Instagram reach, Facebook's unique viewers). */
  reach: number | null;
  /** Interactions with the account's content in the range: the network's own total where it has one, else the sum of what it reports. */
  engagements: number | null;
}

export type AccountInsights =
  | {
      status: 'available';
      figures: AccountFigures;
      /** Network-only figures worth keeping, by the network's name (TikTok likes_count, Pinterest OUTBOUND_CLICK, YouTube subscribersGained). */
      extra?: Record<string, number>;
    }
  /**
   * The network withholds the account's figures: `below_threshold` (a Facebook Page under 100 followers),
   * `not_professional` (a personal Instagram or Pinterest account: insights are for professional ones),
   * `not_offered` (the network's API has none for such an account). `followers` when it still says.
   */
  | { status: 'unavailable'; reason: 'below_threshold' | 'not_professional' | 'not_offered'; followers: number | null };

export interface OAuthProvider {
  readonly id: ProviderId;
  /** Name shown to people: "Instagram". */
  readonly displayName: string;
  /** Which login flow connections made with this adapter use, e.g. "instagram_login", "facebook_login". */
  readonly login: string;
  readonly scopes: readonly string[];
  /** Scopes each product feature needs. */
  readonly featureScopes: Readonly<Partial<Record<Feature, readonly string[]>>>;
  /** Whether the authorize URL and code exchange use PKCE (S256). */
  readonly pkce: boolean;
  createAuthorizationUrl(input: AuthorizationInput): URL;
  /** Code → the longest-lived token the provider gives, with the accounts it reaches. */
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string }): Promise<Grant>;
  /**
   * The account behind a stored token (used to verify a connection is alive). Facebook Login reaches
   * several accounts with one grant, so it needs to know which one (and whether it is a Page or an
   * Instagram account); the other adapters ignore `account`.
   */
  fetchAccount(accessToken: string, account?: AccountRef): Promise<ProviderAccount>;
  /** A fresh access token. Rotating providers return a new refresh token, which must be stored before anything else uses it. */
  refreshToken(current: { accessToken: string; refreshToken?: string }): Promise<TokenSet>;
  /**
   * The account's latest media, newest first, one page at a time (`limit` is a wish: networks cap it).
   * Uses the account's own token where it has one (a Facebook Page token).
   */
  listMedia(accessToken: string, account: AccountRef, options: { cursor?: string | null; limit: number }): Promise<MediaPage>;
  /**
   * Media that live for a day only (Instagram stories), which the media edge does not list: all the
   * account's live ones. Absent for networks without such media.
   */
  listStories?(accessToken: string, account: AccountRef): Promise<MediaItem[]>;
  /**
   * A post's files with links fresh from the network, a carousel's items included, for the media
   * archive. Absent: the archive copies the links the last media sync stored.
   */
  mediaFiles?(accessToken: string, account: AccountRef, media: MediaRef): Promise<MediaFile[]>;
  /** How many posts one fetchMediaInsights call reads (TikTok 20 per video query, YouTube 50, else 1). */
  readonly insightsBatchSize: number;
  /**
   * Requests one fetchMediaInsights (`insights`), fetchAudience (`audience`) or fetchAccountInsights (`account`) call makes of the network
   * for this kind of account, spent from the rate budgets before the call (absent: 1). A Facebook Page
   * post takes two (its insights and its node); an Instagram audience five (followers, four breakdowns).
   */
  requestsPerCall?(operation: 'insights' | 'audience' | 'account', network: Network): number;
  /**
   * Lifetime insights of up to `insightsBatchSize` of the account's posts, mapped to MediaMetrics. A
   * post the network has no figures for is an `unavailable` item; a refused token, a missing scope or
   * a throttle is a ProviderError for the whole call.
   */
  fetchMediaInsights(accessToken: string, account: AccountRef, media: readonly MediaRef[]): Promise<InsightsBatch>;
  /** Who follows (or watches) the account: age, gender, country, city, or why the network will not say. */
  fetchAudience(accessToken: string, account: AccountRef): Promise<AudienceInsights>;
  /**
   * The account's own figures: followers and posts now, views, reach and engagements over `range`, or
   * why the network withholds them. A refused token, a missing scope or a throttle is a ProviderError.
   */
  fetchAccountInsights(accessToken: string, account: AccountRef, range: DayRange): Promise<AccountInsights>;
  /**
   * Revokes the grant at the provider. Returns false when the provider offers no way to (the person
   * must remove the app in the network's settings). Revoking an already-revoked grant succeeds.
   */
  revokeToken(current: { accessToken: string; refreshToken?: string; providerUserId?: string }): Promise<boolean>;
}
