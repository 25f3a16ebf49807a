/**
 * The records of the simulated Google (OAuth 2.0 + YouTube): configuration, accounts and their channels,
 * codes and tokens, and the deterministic content a channel shows. Behaviour lives in world.ts
 * (state) and youtube.ts / data.ts / authorize.ts (endpoints). Facts: docs/networks.md#youtube.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../core/seeded-random.ts';

export const SCOPE = {
  youtube: 'https://www.googleapis.com/auth/youtube',
  youtubeReadonly: 'https://www.googleapis.com/auth/youtube.readonly',
  youtubeForceSsl: 'https://www.googleapis.com/auth/youtube.force-ssl',
  youtubeUpload: 'https://www.googleapis.com/auth/youtube.upload',
  youtubepartner: 'https://www.googleapis.com/auth/youtubepartner',
  analytics: 'https://www.googleapis.com/auth/yt-analytics.readonly',
  analyticsMonetary: 'https://www.googleapis.com/auth/yt-analytics-monetary.readonly',
  gmailReadonly: 'https://www.googleapis.com/auth/gmail.readonly',
  userinfoEmail: 'https://www.googleapis.com/auth/userinfo.email',
  userinfoProfile: 'https://www.googleapis.com/auth/userinfo.profile',
} as const;

/** Google answers the short names with their full URLs in the granted `scope`. */
export const scopeAliases: Record<string, string> = { email: SCOPE.userinfoEmail, profile: SCOPE.userinfoProfile };
export const KNOWN_SCOPES: readonly string[] = [...Object.values(SCOPE), 'openid'];
/** Any of these lets a token read YouTube Data (https://developers.google.com/youtube/v3/docs/channels/list#auth). */
export const YOUTUBE_READ_SCOPES: readonly string[] = [SCOPE.youtubeReadonly, SCOPE.youtube, SCOPE.youtubeForceSsl, SCOPE.youtubepartner];
export const ANALYTICS_SCOPES: readonly string[] = [SCOPE.analytics, SCOPE.analyticsMonetary];
/** Testing-mode refresh tokens live 7 days "unless the only scopes requested are a subset of name, email and profile". */
export const IDENTITY_SCOPES: readonly string[] = ['openid', SCOPE.userinfoEmail, SCOPE.userinfoProfile];

/** A password change kills a refresh token only when it carries Gmail scopes (https://developers.google.com/identity/protocols/oauth2#expiration). */
export const isGmailScope = (scope: string): boolean => scope.startsWith('https://www.googleapis.com/auth/gmail.') || scope === 'https://mail.google.com/';

export interface GoogleClient {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent screen. */
  name: string;
  /** Authorized redirect URIs; an empty list accepts any http(s) URI. */
  redirectUris: string[];
}

export interface GoogleConfig {
  /** Access token lifetime; Google sends expires_in 3599. */
  accessTokenSeconds: number;
  /** Authorization code lifetime (Google documents none; ten minutes is what clients observe). */
  codeSeconds: number;
  /** A refresh token unused this long dies; Google says six months. */
  idleSeconds: number;
  /** Live refresh tokens per Google account per OAuth client; the oldest dies silently past it. */
  maxRefreshTokens: number;
  /** 'testing' (External user type): refresh tokens issued now die after testingRefreshSeconds. */
  publishingStatus: 'production' | 'testing';
  testingRefreshSeconds: number;
  /** YouTube Data API units per project (OAuth client) per Pacific day; channels/videos/playlistItems cost 1. */
  quotaPerDay: number;
  /** Analytics audience reports answer no rows for a channel with fewer subscribers (a simplification of YouTube's undocumented privacy threshold). */
  demographicsMinSubscribers: number;
  /** channels.list for an account without a channel: `items: []`, or no `items` key at all. */
  emptyChannelList: 'empty' | 'omitted';
  clients: GoogleClient[];
}

export const defaultGoogleClient: GoogleClient = {
  clientId: 'sandbox-google-client.apps.googleusercontent.com',
  clientSecret: 'sandbox-google-secret',
  name: 'Channelkeeper Sandbox',
  redirectUris: [],
};

export const defaultGoogleConfig: GoogleConfig = {
  accessTokenSeconds: 3599,
  codeSeconds: 600,
  idleSeconds: 183 * 86_400,
  maxRefreshTokens: 100,
  publishingStatus: 'production',
  testingRefreshSeconds: 7 * 86_400,
  quotaPerDay: 10_000,
  demographicsMinSubscribers: 100,
  emptyChannelList: 'empty',
  clients: [defaultGoogleClient],
};

export function resolveGoogleConfig(partial: Partial<GoogleConfig> = {}): GoogleConfig {
  const clients = new Map(defaultGoogleConfig.clients.map((c) => [c.clientId, c]));
  for (const client of partial.clients ?? []) clients.set(client.clientId, { ...clients.get(client.clientId), ...client });
  return { ...defaultGoogleConfig, ...partial, clients: [...clients.values()].map((c) => ({ ...c, redirectUris: [...c.redirectUris] })) };
}

export interface Channel {
  /** UC + 22 characters. */
  id: string;
  title: string;
  description: string;
  /** The handle, with its @. */
  customUrl: string;
  publishedAt: string;
  country: string;
  /** Views and subscribers on the day the channel joined the sandbox: both grow from there (core/account-figures.ts). */
  viewCount: number;
  subscriberCount: number;
  hiddenSubscriberCount: boolean;
  videoCount: number;
  /** When the channel joined the sandbox (absent in state saved before it was kept: no growth then). */
  createdAtMs?: number;
}

/** What the person has allowed one OAuth client; revoking closes the epoch and empties the scopes. */
export interface ClientGrant {
  epoch: number;
  scopes: string[];
  /** Refresh tokens in issue order, for the per-client limit (dead ones are pruned lazily). */
  refreshTokens: string[];
}

export interface GoogleAccount {
  /** The sign-in name shown on the consent screen; the email is `<username>@gmail.com`. */
  username: string;
  seq: number;
  /** The Google account id (`sub`), 21 digits. */
  sub: string;
  email: string;
  name: string;
  /** Absent: a Google account that never created a YouTube channel. */
  channel?: Channel;
  /** When set, the person grants at most these scopes whatever the app asks for. */
  grantedScopes?: string[];
  /** Tokens with Gmail scopes issued before this instant are dead. */
  passwordChangedAtMs?: number;
  clients: Record<string, ClientGrant>;
  /** Exact statistics set through the control API, by video id (else they derive from the video's seed). */
  videoStatistics?: Record<string, VideoStatistics>;
}

export interface RefreshToken {
  value: string;
  username: string;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
  lastUsedAtMs: number;
  epoch: number;
  /** Issued while the app was in Testing: dies at this instant whatever the status becomes later. */
  testingExpiresAtMs?: number;
  /** Pushed out by the per-client limit. */
  evicted?: boolean;
}

export interface AccessToken {
  value: string;
  username: string;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
  expiresAtMs: number;
  epoch: number;
  /** The refresh token it came from (its use counts as use of that refresh token). */
  refreshToken?: string;
}

export interface Code {
  value: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  username: string;
  expiresAtMs: number;
  codeChallenge?: string;
  codeChallengeMethod?: 'plain' | 'S256';
  /** access_type=offline and (first consent or prompt=consent): the exchange also hands out a refresh token. */
  withRefreshToken: boolean;
}

export type RefreshDeath = 'unknown' | 'revoked' | 'password_changed' | 'idle' | 'evicted' | 'testing_expired';

export interface NewGoogleAccount {
  username: string;
  name?: string;
  /** null: no YouTube channel. */
  channel?: Partial<Omit<Channel, 'id'>> | null;
  grantedScopes?: string[];
}

export const seedAccounts: NewGoogleAccount[] = [
  {
    username: 'maya.makes',
    name: 'Maya Lind',
    channel: { title: 'Maya Makes', customUrl: '@mayamakes', viewCount: 3_120_458, subscriberCount: 48_200, videoCount: 23, country: 'US' },
  },
  {
    username: 'leo.plays',
    name: 'Leo Brandt',
    channel: { title: 'Leo Plays', customUrl: '@leoplays', viewCount: 88_120, subscriberCount: 1_530, hiddenSubscriberCount: true, videoCount: 7, country: 'DE' },
  },
  { username: 'nina.nochannel', name: 'Nina Park', channel: null },
];

export function channelIdFor(username: string): string {
  return `UC${createHash('sha256').update(`channel:${username}`).digest('base64url').slice(0, 22)}`;
}

export const uploadsPlaylistOf = (channelId: string): string => `UU${channelId.slice(2)}`;

// Video ids are 8 bytes (account seq, index) scrambled with a fixed mask: 11 base64url characters like
// YouTube's, and reversible, so a video is found without an index even with 100,000 seeded channels.
const VIDEO_MASK = Buffer.from('9f3ac2175be4086d', 'hex');

export function videoId(seq: number, index: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt32BE(seq, 0);
  bytes.writeUInt16BE(index, 4);
  bytes.writeUInt16BE((seq * 31 + index) & 0xffff, 6);
  for (let i = 0; i < 8; i++) bytes[i]! ^= VIDEO_MASK[i]!;
  return bytes.toString('base64url');
}

export function parseVideoId(id: string): { seq: number; index: number } | undefined {
  if (!/^[A-Za-z0-9_-]{11}$/.test(id)) return undefined;
  const bytes = Buffer.from(id, 'base64url');
  for (let i = 0; i < 8; i++) bytes[i]! ^= VIDEO_MASK[i]!;
  const seq = bytes.readUInt32BE(0);
  const index = bytes.readUInt16BE(4);
  return bytes.readUInt16BE(6) === ((seq * 31 + index) & 0xffff) ? { seq, index } : undefined;
}

/** The same channel shows the same videos and numbers every run. */
export const random = seededRandom;

export interface Video {
  id: string;
  index: number;
  title: string;
  description: string;
  publishedAt: string;
  durationSeconds: number;
  viewCount: number;
  /** null: the owner hid the likes (statistics then omit likeCount). */
  likeCount: number | null;
  /** null: comments are off (statistics then omit commentCount). */
  commentCount: number | null;
}

export type VideoStatistics = Pick<Video, 'viewCount' | 'likeCount' | 'commentCount'>;

const NEWEST_VIDEO_MS = Date.parse('2025-12-01T17:00:00Z');
const topics = ['Workshop tour', 'Five tips', 'Behind the scenes', 'Q&A', 'Build log', 'Review', 'Tutorial', 'Vlog'];

/** Video `index` of a channel (0 is the newest; one a week going back). */
export function videoOf(account: GoogleAccount, index: number): Video {
  const next = random(account.seq * 100_003 + index);
  const viewCount = Math.floor(200 + next() * 60_000);
  return {
    id: videoId(account.seq, index),
    index,
    title: `${topics[index % topics.length]} #${account.channel!.videoCount - index}`,
    description: `A sandbox video on ${account.channel!.title}.`,
    publishedAt: new Date(NEWEST_VIDEO_MS - index * 7 * 86_400_000).toISOString().replace('.000Z', 'Z'),
    durationSeconds: Math.floor(60 + next() * 1500),
    viewCount,
    likeCount: Math.floor(viewCount * (0.02 + next() * 0.05)),
    commentCount: Math.floor(viewCount * next() * 0.004),
    ...account.videoStatistics?.[videoId(account.seq, index)],
  };
}

/** ISO 8601 duration as YouTube writes it: PT7M31S. */
export function isoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}
