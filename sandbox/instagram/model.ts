/**
 * The records of the simulated Instagram: accounts, tokens, codes, and the vocabulary around them.
 * Behaviour lives in world.ts (state) and instagram.ts (endpoints).
 */

export type AccountType = 'BUSINESS' | 'MEDIA_CREATOR' | 'PERSONAL';
export type AccountEvent = 'revoke' | 'password-change' | 'checkpoint' | 'unconfirm';

/** Graph error_subcode (with code 190) each event leaves on the account's existing tokens. */
export const eventSubcode: Record<AccountEvent, number> = {
  revoke: 458,
  checkpoint: 459,
  'password-change': 460,
  unconfirm: 464,
};

export const SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_messages',
  'instagram_business_manage_insights',
] as const;

export interface Account {
  /** App-scoped id, 17 digits. */
  id: string;
  /** IG professional account id, 17 digits starting 1784 (above 2^53: keep it a string). */
  userId: string;
  username: string;
  name: string;
  accountType: AccountType;
  profilePictureUrl: string;
  followersCount: number;
  followsCount: number;
  mediaCount: number;
  /** When the account joined the sandbox: its generated media are older, what it publishes later is newer. */
  createdAtMs: number;
  /** Media published through the sandbox (control route or world.instagram.publishMedia), oldest first. */
  published: PublishedMedia[];
  /** When set, the user grants at most these scopes whatever the app asks for. */
  grantedScopes?: string[];
  epoch: number;
  /** closedBy[e] = subcode of the event that closed epoch e. */
  closedBy: number[];
}

export type MediaType = 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
export type MediaProductType = 'FEED' | 'REELS' | 'STORY';

/** One post, reel or story as Instagram stores it (generated ones are computed, never stored). */
export interface PublishedMedia {
  id: string;
  mediaType: MediaType;
  productType: MediaProductType;
  caption: string;
  publishedAtMs: number;
  /** Media with copyrighted material: Instagram leaves out `media_url`. */
  copyrighted?: boolean;
}

/** An account as saved to a state file; files written before media existed lack its two fields. */
export type PersistedAccount = Omit<Account, 'createdAtMs' | 'published'> & Partial<Pick<Account, 'createdAtMs' | 'published'>>;

export interface Token {
  value: string;
  kind: 'short' | 'long';
  account: Account;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
  expiresAtMs: number;
  epoch: number;
  /** Set when a refresh replaced this token; it keeps working for refreshGraceSeconds after. */
  supersededAtMs?: number;
}

/** A token as saved to a state file: the account by username instead of by reference. */
export type PersistedToken = Omit<Token, 'account'> & { username: string };

export interface Code {
  value: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  account: Account;
  expiresAtMs: number;
}

export type TokenCheck = { ok: true; token: Token } | { ok: false; subcode: number; token?: Token; reason: 'unknown' | 'superseded' | 'expired' | 'event' };

export interface NewAccount {
  username: string;
  accountType: AccountType;
  name?: string;
  followersCount?: number;
  followsCount?: number;
  mediaCount?: number;
  grantedScopes?: string[];
}

export interface MintOptions {
  username: string;
  kind?: 'short' | 'long';
  /** Backdate the token (e.g. to make it old enough to refresh). Defaults to the clock's now. */
  issuedAt?: Date;
  /** Lifetime from issuedAt; defaults to the configured short or long lifetime. */
  expiresInSeconds?: number;
  clientId?: string;
  scopes?: string[];
}

export interface Connection {
  username: string;
  userId: string;
  accessToken: string;
  expiresAt: Date;
}
