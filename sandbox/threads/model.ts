/**
 * The records of the simulated Threads API and its configuration (docs/networks.md#threads). Behaviour lives
 * in world.ts (state) and threads.ts (endpoints).
 */

/** Things a person does that end the app's tokens for their profile, and the 190 subcode each leaves. */
export type ThreadsEvent = 'revoke' | 'password-change';
export const threadsEventSubcode: Record<ThreadsEvent, number> = { revoke: 458, 'password-change': 460 };

/** https://developers.facebook.com/documentation/threads/get-started (permissions). */
export const THREADS_SCOPES = ['threads_basic', 'threads_content_publish', 'threads_manage_replies', 'threads_read_replies', 'threads_manage_insights'] as const;

export interface ThreadsApp {
  clientId: string;
  clientSecret: string;
  name: string;
  /** Registered redirect URIs; empty accepts any http(s) URI. */
  redirectUris: string[];
}

export interface ThreadsConfig {
  /** Long-lived token lifetime: 60 days, from the exchange or the latest refresh. */
  longLivedSeconds: number;
  /** Short-lived token (the code exchange's): 1 hour. */
  shortLivedSeconds: number;
  /** Authorization codes: valid 1 hour, single use. */
  codeSeconds: number;
  /** A long-lived token can be refreshed once it is this old: 24 hours. */
  minRefreshAgeSeconds: number;
  /** How long a refreshed-away token keeps working (Meta does not say; the sandbox's Instagram uses an hour). */
  refreshGraceSeconds: number;
  /** Calls per app and profile per rolling 24 hours: 4,800 × impressions, impressions counted at least 10. */
  callsPerDay: number;
  /** follower_demographics answers nothing below this many followers. */
  demographicsFloor: number;
  apps: ThreadsApp[];
}

export const defaultThreadsApp: ThreadsApp = { clientId: 'sandbox-threads-app', clientSecret: 'sandbox-threads-secret', name: 'Channelkeeper Sandbox', redirectUris: [] };

export const defaultThreadsConfig: ThreadsConfig = {
  longLivedSeconds: 60 * 86_400,
  shortLivedSeconds: 3_600,
  codeSeconds: 3_600,
  minRefreshAgeSeconds: 86_400,
  refreshGraceSeconds: 3_600,
  callsPerDay: 48_000,
  demographicsFloor: 100,
  apps: [defaultThreadsApp],
};

export function resolveThreadsConfig(partial: Partial<ThreadsConfig> = {}): ThreadsConfig {
  const apps = new Map(defaultThreadsConfig.apps.map((a) => [a.clientId, a]));
  for (const app of partial.apps ?? []) apps.set(app.clientId, { ...apps.get(app.clientId), ...app });
  return { ...defaultThreadsConfig, ...partial, apps: [...apps.values()].map((a) => ({ ...a, redirectUris: [...a.redirectUris] })) };
}

export type ThreadsMediaType = 'TEXT_POST' | 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM' | 'REPOST_FACADE';

/** A post as Threads stores it (generated ones are derived from the profile, never stored). */
export interface ThreadsPost {
  id: string;
  mediaType: ThreadsMediaType;
  text: string;
  publishedAtMs: number;
  /** A quote of another post. */
  isQuotePost?: boolean;
}

export interface ThreadsProfileRecord {
  /** The Threads user id: 17 digits, above 2^53 (keep it a string). */
  id: string;
  username: string;
  name: string;
  biography: string;
  /** A private profile: its posts and figures are still the app's to read; its tokens can be refreshed. */
  isPrivate: boolean;
  followersCount: number;
  /** Generated posts before the profile joined the sandbox. */
  postCount: number;
  createdAtMs: number;
  /** Posts published through the control API, oldest first. */
  published: ThreadsPost[];
  /** When set, the person grants at most these permissions whatever the app asks for. */
  grantedScopes?: string[];
  epoch: number;
  /** closedBy[e] = subcode of the event that closed epoch e. */
  closedBy: number[];
}

export interface NewThreadsProfile {
  username: string;
  name?: string;
  biography?: string;
  isPrivate?: boolean;
  followersCount?: number;
  postCount?: number;
  grantedScopes?: string[];
}

export interface ThreadsToken {
  value: string;
  kind: 'short' | 'long';
  profile: ThreadsProfileRecord;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
  expiresAtMs: number;
  epoch: number;
  /** Set when a refresh replaced it; it keeps working for refreshGraceSeconds. */
  supersededAtMs?: number;
}

export interface ThreadsCode {
  value: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  profile: ThreadsProfileRecord;
  expiresAtMs: number;
}

export type ThreadsTokenCheck = { ok: true; token: ThreadsToken } | { ok: false; subcode: number; token?: ThreadsToken; reason: 'unknown' | 'superseded' | 'expired' | 'event' };
