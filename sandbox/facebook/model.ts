/**
 * The records of the simulated Facebook Login (users, Pages, linked Instagram professional accounts,
 * tokens, codes), its configuration and the vocabulary around them. Behaviour lives in world.ts (state) and
 * facebook.ts / graph.ts (endpoints). Facts: docs/networks.md#facebook.
 */
import type { SandboxApp } from '../core/types.ts';
import { defaultMetaLimits } from '../meta/usage.ts';

/**
 * Things that happen to a person on Facebook and what they leave on the app's existing tokens
 * (code 190 with this subcode), per https://developers.facebook.com/docs/graph-api/guides/error-handling.
 * `page-role-removed` only touches the Page tokens of one Page (492).
 */
export const FACEBOOK_EVENTS = ['password-change', 'app-removed', 'checkpoint', 'page-role-removed'] as const;
export type FacebookEvent = (typeof FACEBOOK_EVENTS)[number];

export const eventSubcodes: Record<FacebookEvent, number> = {
  'password-change': 460,
  'app-removed': 458,
  checkpoint: 459,
  'page-role-removed': 492,
};

/** Permissions the dialog knows; anything else is "Invalid Scopes". */
export const FACEBOOK_SCOPES = [
  'public_profile',
  'email',
  'pages_show_list',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_posts',
  'pages_manage_engagement',
  'pages_manage_metadata',
  'read_insights',
  'business_management',
  'instagram_basic',
  'instagram_manage_insights',
  'instagram_content_publish',
  'instagram_manage_comments',
  // Branded content and Partnership Ads: the creator's side (the `branded_content_partner_promote` edge of
  // its own media) and the brand's two (https://developers.facebook.com/docs/permissions).
  'instagram_branded_content_creator',
  'instagram_branded_content_brand',
  'instagram_branded_content_ads_brand',
] as const;

/** Granular scopes whose grant names the Pages (target_ids) it covers; instagram_* name the IG accounts. */
export const PAGE_TARGETED = new Set([
  'pages_show_list',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_posts',
  'pages_manage_engagement',
  'pages_manage_metadata',
  'read_insights',
]);
export const IG_TARGETED = new Set(['instagram_basic', 'instagram_manage_insights', 'instagram_content_publish', 'instagram_manage_comments', 'instagram_branded_content_creator']);

/** What someone with a full role on a Page may do there (Page `tasks`). */
export const FULL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE'];

export interface FbUser {
  /** App-scoped user id (17 digits). Meta scopes it per app; the sandbox keeps one per user. */
  id: string;
  username: string;
  name: string;
  /** The last time the person logged in through the dialog: data access ends dataAccessSeconds after it. */
  lastActiveAtMs: number;
  /** When set, the person grants at most these permissions whatever the app asks for. */
  grantedScopes?: string[];
  /**
   * Permissions the person unticked on the dialog, per app (client id). Facebook remembers them: a later
   * dialog asks for them again only with `auth_type=rerequest`; granting one clears it.
   */
  declined?: Record<string, string[]>;
  epoch: number;
  /** closedBy[e] = the subcode of the event that closed epoch e. */
  closedBy: number[];
}

export interface FbPage {
  id: string;
  name: string;
  username: string | null;
  category: string;
  followersCount: number;
  /** user id → the tasks that person may perform on the Page; no entry: no role. */
  roles: Record<string, string[]>;
  /** The linked Instagram professional account, if any. */
  igId?: string;
  createdAtMs: number;
}

export interface IgAccount {
  /** IG professional account id: 17 digits starting 1784 (keep it a string). */
  id: string;
  username: string;
  name: string;
  pageId: string;
  followersCount: number;
  mediaCount: number;
  createdAtMs: number;
  /**
   * The Page is linked to an account people also log in to with Instagram Login: one professional account,
   * two logins, so the id and username are that account's, and its figures, media and stories are read
   * from the Instagram world (the copies here are what it had when linked).
   */
  linked?: boolean;
}

export type TokenKind = 'user-short' | 'user-long' | 'page';

export interface FbToken {
  value: string;
  kind: TokenKind;
  userId: string;
  /** Page tokens only. */
  pageId?: string;
  clientId: string;
  scopes: string[];
  /** The Pages picked on the consent screen; the token reaches only these. */
  pageIds: string[];
  issuedAtMs: number;
  /** null: never expires (a Page token from a long-lived user token; debug_token says expires_at 0). */
  expiresAtMs: number | null;
  /** The user's epoch when issued: a later event closes it. */
  epoch: number;
}

export interface Code {
  value: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  pageIds: string[];
  userId: string;
  expiresAtMs: number;
}

export type TokenCheck =
  | { ok: true; token: FbToken; user: FbUser }
  | { ok: false; subcode: number; token?: FbToken; reason: 'unknown' | 'event' | 'role' | 'expired' | 'data_access' };

export interface NewPage {
  name: string;
  username?: string | null;
  category?: string;
  followersCount?: number;
  /** A new Instagram professional account linked to the Page, or `{ link }`: an existing Instagram Login account, by username. */
  instagram?: { username: string; name?: string; followersCount?: number; mediaCount?: number } | { link: string };
}

export interface NewUser {
  username: string;
  name?: string;
  grantedScopes?: string[];
  pages?: NewPage[];
}

export const seedUsers: NewUser[] = [
  {
    username: 'dana.fb',
    name: 'Dana Whitfield',
    pages: [
      {
        name: 'Dana Bakes',
        username: 'danabakes',
        category: 'Bakery',
        followersCount: 5_400,
        instagram: { username: 'dana.bakes', name: 'Dana Bakes', followersCount: 12_300, mediaCount: 42 },
      },
      { name: 'Dana Travel', username: 'danatravel', category: 'Personal blog', followersCount: 610 },
    ],
  },
  {
    username: 'eli.fb',
    name: 'Eli Moreno',
    // 80 followers: below Instagram's ~100-follower floor, so demographics come back empty.
    pages: [
      {
        name: 'Eli Studio',
        username: null,
        category: 'Photographer',
        followersCount: 95,
        instagram: { username: 'eli.studio', name: 'Eli Studio', followersCount: 80, mediaCount: 7 },
      },
    ],
  },
  { username: 'finn.fb', name: 'Finn Larsen', pages: [] },
  // The Instagram Login seeds' professional accounts, each also reached through a Page (cara.personal is
  // personal: it cannot be linked). dana.fb, eli.fb and finn.fb manage none of them.
  {
    username: 'ana.facebook',
    name: 'Ana (Facebook)',
    pages: [{ name: 'Ana Business', username: 'anabusiness', category: 'Shopping & retail', followersCount: 2_300, instagram: { link: 'ana.business' } }],
  },
  {
    username: 'ben.facebook',
    name: 'Ben (Facebook)',
    pages: [{ name: 'Ben Creator', username: 'bencreator', category: 'Digital creator', followersCount: 31_000, instagram: { link: 'ben.creator' } }],
  },
];

export interface Connection {
  username: string;
  userId: string;
  pageId: string;
  igId: string;
  userAccessToken: string;
  pageAccessToken: string;
  expiresAt: Date;
}

export interface FacebookConfig {
  /** User token from the code exchange; Meta says about 1–2 hours. */
  shortLivedSeconds: number;
  /** User token from fb_exchange_token; Meta documents about 60 days (expires_in 5183944 in its sample). */
  longLivedSeconds: number;
  /** A Page token obtained with a short-lived user token lives 1 hour; from a long-lived one it never expires. */
  pageFromShortSeconds: number;
  /** Authorization code lifetime (single use). */
  codeSeconds: number;
  /** Data access ends this long after the person was last active: 90 days. */
  dataAccessSeconds: number;
  /**
   * fb_exchange_token given a long-lived token: 'keep_ceiling' hands out a token that still ends where the
   * first long-lived token ended (Meta documents only short → long); 'extend' gives a fresh 60 days (what
   * Nango's "refresh" relies on). Unverified either way.
   */
  longToLong: 'keep_ceiling' | 'extend';
  /** Facebook appends "#_=_" to a redirect that has no fragment of its own. */
  appendFragment: boolean;
  /** Default `limit` of list edges (/me/accounts, /media, /posts). */
  listPageSize: number;
  /** What successful answers report in X-App-Usage (percent of the app's hourly limit). */
  appUsagePercent: number;
  /** Meta's platform limit: calls the app may make per rolling hour (code 4 beyond it). */
  appCallsPerHour: number;
  /** Instagram business-use-case limit: calls per IG account per rolling 24 hours (code 80002 beyond it). */
  igCallsPerDay: number;
  apps: SandboxApp[];
}

export const defaultFacebookApp: SandboxApp = {
  clientId: 'sandbox-facebook-app',
  clientSecret: 'sandbox-facebook-secret',
  name: 'Channelkeeper Sandbox',
  redirectUris: [],
};

export const defaultFacebookConfig: FacebookConfig = {
  shortLivedSeconds: 3_600,
  longLivedSeconds: 60 * 86_400,
  pageFromShortSeconds: 3_600,
  codeSeconds: 3_600,
  dataAccessSeconds: 90 * 86_400,
  longToLong: 'keep_ceiling',
  appendFragment: true,
  listPageSize: 25,
  appUsagePercent: 1,
  ...defaultMetaLimits,
  apps: [defaultFacebookApp],
};

export function copyFacebookConfig(config: FacebookConfig): FacebookConfig {
  return { ...config, apps: config.apps.map((a) => ({ ...a, redirectUris: [...a.redirectUris] })) };
}

export interface MintOptions {
  username: string;
  kind?: TokenKind;
  /** For kind 'page': the Page id (default the person's first Page). */
  pageId?: string;
  issuedAt?: Date;
  expiresInSeconds?: number;
  clientId?: string;
  scopes?: string[];
}

/** What a minted token is granted when the caller names no scopes. */
export const ALL_SCOPES = ['pages_show_list', 'pages_read_engagement', 'instagram_basic', 'instagram_manage_insights', 'read_insights', 'business_management'];
