/**
 * The one interface every network implements. Shared code asks the adapter; it never switches on
 * a provider's name (the registry is the only file that lists them).
 */
export type ProviderId = 'instagram';

/** How a failure should be handled, decided once in the adapter from status + provider code. */
export type ProviderErrorKind = 'reauth_required' | 'insufficient_scope' | 'rate_limited' | 'transient' | 'unexpected_response';

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  /** For reauth_required: why (password_changed, app_removed, expired, checkpoint, …). */
  readonly reason: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** The provider's own code, e.g. "190/460", for logs and events (never a secret). */
  readonly providerCode: string | undefined;
  /** True when the throttle is app-wide: stop calling this provider for everyone, not just this account. */
  readonly appWide: boolean;
  constructor(
    kind: ProviderErrorKind,
    message: string,
    extra: { reason?: string; retryAfterSeconds?: number; providerCode?: string; appWide?: boolean } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
    this.kind = kind;
    this.reason = extra.reason;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.providerCode = extra.providerCode;
    this.appWide = extra.appWide ?? false;
  }
}

export interface TokenSet {
  accessToken: string;
  /** When the access token stops working, computed from the provider's `expires_in` on our clock. */
  expiresAt: Date | null;
  issuedAt: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date | null;
  /** Scopes the user actually granted, when the provider says. */
  scopes?: string[];
  /** How much of the app's provider-wide rate limit is used (percent), when the provider says. */
  appUsagePercent?: number;
}

export interface ProviderAccount {
  accountId: string;
  username: string | null;
  displayName: string | null;
  /** The provider's own account type, e.g. BUSINESS or MEDIA_CREATOR. */
  accountType: string | null;
  avatarUrl: string | null;
  /** False for accounts the product cannot serve (a personal Instagram account). */
  eligible: boolean;
}

export interface OAuthProvider {
  readonly id: ProviderId;
  /** Name shown to people: "Instagram". */
  readonly displayName: string;
  /** Which login flow connections made with this adapter use, e.g. "instagram_login". */
  readonly login: string;
  readonly scopes: readonly string[];
  createAuthorizationUrl(input: { state: string; redirectUri: string; scopes?: readonly string[] }): URL;
  /** Code → the longest-lived token the provider gives, with the account it belongs to. */
  exchangeCode(input: { code: string; redirectUri: string }): Promise<{ tokens: TokenSet; account: ProviderAccount }>;
  fetchAccount(accessToken: string): Promise<ProviderAccount>;
  refreshToken(current: { accessToken: string; refreshToken?: string }): Promise<TokenSet>;
}
