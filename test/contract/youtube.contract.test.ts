/**
 * The real YouTube adapter against the Google sandbox, over HTTP on a loopback port, with one manual
 * clock shared by both. The shared contract first, then what only Google does.
 */

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultSpec, StartedSandbox } from '../../sandbox/index.ts';
import type { GoogleWorld } from '../../sandbox/youtube/world.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { classifyGoogleError } from '../../src/providers/youtube/errors.ts';
import { YouTube } from '../../src/providers/youtube/youtube.ts';
import { CONTRACT_TIMEOUT_MS, commonFault, postConsent, startContractSandbox } from './harness-support.ts';
import { type ContractFault, type ContractOperation, describeProviderContract, type ProviderHarness, providerError } from './provider-contract.ts';

const ORIGINS = ['https://accounts.google.com', 'https://oauth2.googleapis.com', 'https://www.googleapis.com', 'https://youtubeanalytics.googleapis.com'];
const REDIRECT_URI = 'https://channelkeeper.test/oauth/callback/youtube';
const CLIENT = { clientId: 'sandbox-google-client.apps.googleusercontent.com', clientSecret: 'sandbox-google-secret' };
const VERIFIER = 'beyond-the-contract-verifier-0123456789-0123456789';
const YOUTUBE_READONLY = 'https://www.googleapis.com/auth/youtube.readonly';
const ANALYTICS = 'https://www.googleapis.com/auth/yt-analytics.readonly';

const sandboxEndpoint: Record<ContractOperation, string> = {
  exchangeCode: 'google.token.code',
  fetchAccount: 'google.channels',
  refreshToken: 'google.token.refresh',
  // listMedia asks channels.list for the uploads playlist first; the fault waits for the playlist read.
  listMedia: 'google.playlistItems',
  fetchMediaInsights: 'google.videos',
  // fetchAudience reads the Analytics reports first.
  fetchAudience: 'google.reports',
  // fetchAccountInsights reads the Analytics totals first, then channels.list.
  fetchAccountInsights: 'google.reports',
};

function sandboxFault(fault: ContractFault): Omit<FaultSpec, 'endpoint'> {
  switch (fault.kind) {
    case 'server_error':
    case 'timeout':
    case 'malformed_body':
      return commonFault(fault)!;
    case 'throttle':
      // 403 userRateLimitExceeded: per user, and Google gives no Retry-After with it.
      return { fault: 'throttle', regainMinutes: fault.regainMinutes };
    case 'missing_scope':
      return { fault: 'provider_error', errorCode: 'insufficientPermissions' };
  }
}

interface YouTubeHarness extends ProviderHarness {
  provider: YouTube;
  sandbox: StartedSandbox;
  google: GoogleWorld;
}

async function makeYouTubeHarness(): Promise<YouTubeHarness> {
  const { clock, sandbox, http } = await startContractSandbox(ORIGINS);
  const provider = new YouTube({ ...CLIENT, http, clock });
  const google = sandbox.world.network<GoogleWorld>('google');

  return {
    provider,
    sandbox,
    google,
    clock,
    redirectUri: REDIRECT_URI,
    accounts: { eligible: 'maya.makes', ineligible: 'nina.nochannel' },
    // Without a channel there is no YouTube id to report (the scopes give no Google account id either).
    accountIdOf: (username) => google.account(username)!.channel?.id ?? '',
    tokenLifetimeMs: google.config.accessTokenSeconds * 1000,
    grantLifetimeMs: null,
    minRefreshAgeMs: 0,
    rotatesRefreshToken: false,
    revokeSupported: true,
    // invalid_grant does not say why: a removed app is just 'revoked'.
    eventReasons: { app_removed: 'revoked' },
    throttleRetryAfterSeconds: () => undefined,
    audience: 'available',
    // YouTube Analytics has no unique-viewer count for a channel.
    accountFigures: ['followers', 'posts', 'views', 'engagements'],
    skip: {
      code_with_fragment: 'Google appends no fragment to the redirect',
      expired: 'a Google refresh token has no fixed end (it dies of revocation, six idle months, the 100-token limit or Testing, each tested beyond the contract)',
      password_changed: 'a password change kills only grants with Gmail scopes; a YouTube grant survives it (tested beyond the contract)',
    },
    consent: (authorizationUrl, username, granted) => postConsent(authorizationUrl, username, granted),
    killTokens: (username, event) => void google.applyEvent(username, event === 'app_removed' ? 'revoke' : 'password-change'),
    injectFault: (operation, fault) => void sandbox.world.faults.add({ endpoint: sandboxEndpoint[operation], count: 1, ...sandboxFault(fault) }),
    advance: (ms) => clock.advance(ms),
    close: () => sandbox.close(),
  };
}

describeProviderContract('YouTube', makeYouTubeHarness);

describe('YouTube, beyond the contract', () => {
  let h: YouTubeHarness;
  beforeEach(async () => {
    h = await makeYouTubeHarness();
  });
  afterEach(() => h.close());

  async function code(username = 'maya.makes', granted: readonly string[] = h.provider.scopes, verifier = VERIFIER): Promise<string> {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: verifier });
    return new URL(await h.consent(url, username, granted)).searchParams.get('code')!;
  }

  const connect = async (username = 'maya.makes') => h.provider.exchangeCode({ code: await code(username), redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });

  it('skips only the fragment, fixed-lifetime and password cases, each with its reason', () => {
    expect(Object.keys(h.skip ?? {}).sort()).toEqual(['code_with_fragment', 'expired', 'password_changed']);
  });

  it('the authorization URL asks for offline access, consent every time, earlier scopes and a S256 challenge', () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    expect(url.href.startsWith(`${h.sandbox.url}/accounts.google.com/o/oauth2/v2/auth?`)).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      scope: `${YOUTUBE_READONLY} ${ANALYTICS}`,
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update(VERIFIER).digest('base64url'),
    });
    // RFC 7636 appendix B: this verifier has this challenge.
    const rfc = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' });
    expect(rfc.searchParams.get('code_challenge')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('the PKCE verifier is checked: a code is refused with another verifier or none, and kept single use', async () => {
    const pending = await code();
    const wrong = await providerError(h.provider.exchangeCode({ code: pending, redirectUri: REDIRECT_URI, codeVerifier: `${VERIFIER}-other` }));
    expect(wrong).toMatchObject({ kind: 'unexpected_response', providerCode: 'invalid_grant' });
    expect(wrong.message).not.toContain(pending);
    const missing = await providerError(h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI }));
    expect(missing).toMatchObject({ kind: 'unexpected_response', providerCode: 'invalid_grant' });
    const good = await code();
    await h.provider.exchangeCode({ code: good, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    expect((await providerError(h.provider.exchangeCode({ code: good, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER }))).providerCode).toBe('invalid_grant');
  });

  it('the account is the channel: its UC id, its handle without the @, its title and largest thumbnail', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const channel = h.google.account('maya.makes')!.channel!;
    expect(account).toEqual({
      accountId: channel.id,
      network: 'youtube',
      username: 'mayamakes',
      displayName: 'Maya Makes',
      accountType: 'CHANNEL',
      avatarUrl: expect.stringContaining('=s800-'),
      eligible: true,
    });
    expect(account!.accountId).toMatch(/^UC[\w-]{22}$/);
    expect(tokens.accessToken).toMatch(/^ya29\./);
    expect(tokens.refreshToken).toMatch(/^1\/\/0/);
    expect(tokens.refreshTokenExpiresAt).toBeNull();
  });

  it('an account without a channel is not eligible, because it has no channel', async () => {
    const {
      accounts: [account],
    } = await connect('nina.nochannel');
    expect(account).toMatchObject({ eligible: false, ineligibleReason: 'no_channel', accountId: '' });
  });

  it('an account without a channel is still not eligible when Google leaves the empty items list out', async () => {
    h.google.config.emptyChannelList = 'omitted';
    const {
      accounts: [account],
    } = await connect('nina.nochannel');
    expect(account).toMatchObject({ eligible: false, ineligibleReason: 'no_channel' });
  });

  it('a refresh hands out no new refresh token: the caller keeps the one it has', async () => {
    const { tokens } = await connect();
    h.clock.advance(2 * HOUR);
    const refreshed = await h.provider.refreshToken(tokens);
    expect(refreshed.refreshToken).toBeUndefined();
    expect(refreshed.scopes).toEqual([YOUTUBE_READONLY, ANALYTICS]);
    expect(refreshed.expiresAt!.getTime()).toBe(h.clock.now().getTime() + 3599_000);
  });

  it('an access token an hour old is refused with a hint that a refresh may help, and the refresh does', async () => {
    const { tokens } = await connect();
    h.clock.advance(3599_000);
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'reauth_required', reason: 'invalid_token', refreshMayHelp: true });
    const refreshed = await h.provider.refreshToken(tokens);
    expect((await h.provider.fetchAccount(refreshed.accessToken)).username).toBe('mayamakes');
  });

  it('a refresh token unused for six months is refused with invalid_grant, while one used monthly lives on', async () => {
    const idle = await connect();
    const used = await connect();
    for (let month = 0; month < 7; month++) {
      h.clock.advance(30 * DAY);
      await h.provider.refreshToken(used.tokens);
    }
    const error = await providerError(h.provider.refreshToken(idle.tokens));
    expect(error).toMatchObject({ kind: 'reauth_required', reason: 'revoked', providerCode: 'invalid_grant' });
    expect(h.google.refreshDeath(idle.tokens.refreshToken!)).toBe('idle');
    expect((await h.provider.refreshToken(used.tokens)).accessToken).toMatch(/^ya29\./);
  });

  it('using an access token counts as using the refresh token it came from', async () => {
    const { tokens } = await connect();
    h.clock.advance(59 * 60_000);
    await h.provider.fetchAccount(tokens.accessToken);
    // 183 days after the grant, but not after its last use.
    h.clock.advance(183 * DAY - 58 * 60_000);
    expect(h.google.refreshDeath(tokens.refreshToken!)).toBeUndefined();
    h.clock.advance(HOUR);
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'reauth_required', providerCode: 'invalid_grant' });
  });

  it('the 101st refresh token for one account and client silently kills the oldest', async () => {
    const first = await connect();
    for (let i = 0; i < 99; i++) h.google.mintTokens({ username: 'maya.makes' });
    expect((await h.provider.refreshToken(first.tokens)).accessToken).toBeTruthy();
    const newest = await connect();
    expect(await providerError(h.provider.refreshToken(first.tokens))).toMatchObject({ kind: 'reauth_required', providerCode: 'invalid_grant' });
    expect(h.google.refreshDeath(first.tokens.refreshToken!)).toBe('evicted');
    expect((await h.provider.refreshToken(newest.tokens)).accessToken).toBeTruthy();
  });

  it('in Testing publishing status a refresh token dies 7 days after it was issued, even if the app goes to production', async () => {
    h.google.config.publishingStatus = 'testing';
    const { tokens } = await connect();
    h.google.config.publishingStatus = 'production';
    h.clock.advance(7 * DAY - HOUR);
    expect((await h.provider.refreshToken(tokens)).accessToken).toBeTruthy();
    h.clock.advance(HOUR);
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'reauth_required', reason: 'revoked' });
    expect(h.google.refreshDeath(tokens.refreshToken!)).toBe('testing_expired');
  });

  it('a password change leaves a YouTube grant alive but kills one with Gmail scopes', async () => {
    const { tokens } = await connect();
    const gmail = h.google.mintTokens({ username: 'maya.makes', scopes: ['https://www.googleapis.com/auth/gmail.readonly'], clientId: CLIENT.clientId });
    h.google.applyEvent('maya.makes', 'password-change');
    h.clock.advance(HOUR);
    expect((await h.provider.refreshToken(tokens)).accessToken).toBeTruthy();
    expect(h.google.refreshDeath(gmail.refresh!.value)).toBe('password_changed');
  });

  it('revoking the access token alone ends the whole grant, refresh token included', async () => {
    const { tokens } = await connect();
    expect(await h.provider.revokeToken({ accessToken: tokens.accessToken })).toBe(true);
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'reauth_required', reason: 'revoked' });
  });

  it('quotaExceeded is app-wide and says to wait until midnight Pacific (summer time)', async () => {
    const { tokens } = await connect();
    h.clock.set('2026-07-01T12:00:00Z');
    const fresh = await h.provider.refreshToken(tokens);
    h.google.config.quotaPerDay = h.google.quotaUsed(CLIENT.clientId).used;
    const error = await providerError(h.provider.fetchAccount(fresh.accessToken));
    // 05:00 PDT: 19 hours to midnight.
    expect(error).toMatchObject({ kind: 'rate_limited', appWide: true, providerCode: 'quotaExceeded', retryAfterSeconds: 19 * 3600 });
  });

  it('quotaExceeded in winter counts to midnight PST, and the quota is back after it', async () => {
    h.clock.set('2026-01-15T12:00:00Z');
    const { tokens } = await connect();
    h.google.config.quotaPerDay = 1;
    const error = await providerError(h.provider.fetchAccount(tokens.accessToken));
    // 04:00 PST: 20 hours to midnight.
    expect(error).toMatchObject({ kind: 'rate_limited', appWide: true, retryAfterSeconds: 20 * 3600 });
    h.clock.advance(error.retryAfterSeconds! * 1000);
    const fresh = await h.provider.refreshToken(tokens);
    expect((await h.provider.fetchAccount(fresh.accessToken)).accountId).toMatch(/^UC/);
  });

  it('unticking a scope: the granted list lacks it, and a call needing it answers insufficient_scope', async () => {
    const { tokens } = await h.provider.exchangeCode({ code: await code('maya.makes', [YOUTUBE_READONLY]), redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    expect(tokens.scopes).toEqual([YOUTUBE_READONLY]);
    const url = new URL(`${h.sandbox.url}/youtubeanalytics.googleapis.com/v2/reports?ids=channel==MINE&startDate=2026-02-01&endDate=2026-02-07&metrics=views`);
    const response = await fetch(url, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(response.status).toBe(403);
    const error = classifyGoogleError(response.status, await response.json(), response.headers, { host: url.host, call: 'api', now: h.clock.now() });
    expect(error).toMatchObject({ kind: 'insufficient_scope', missingScopes: [ANALYTICS, 'https://www.googleapis.com/auth/yt-analytics-monetary.readonly'] });
  });

  it('unticking the YouTube scope leaves no channel to read: the connection asks for that scope', async () => {
    const error = await providerError(h.provider.exchangeCode({ code: await code('maya.makes', [ANALYTICS]), redirectUri: REDIRECT_URI, codeVerifier: VERIFIER }));
    expect(error).toMatchObject({ kind: 'insufficient_scope', reason: 'insufficient_scope' });
    expect(error.missingScopes).toEqual([YOUTUBE_READONLY]);
  });

  it('a lost answer on the code exchange still issued a live refresh token (the grant exists at Google)', async () => {
    const pending = await code();
    h.sandbox.world.faults.add({ endpoint: 'google.token.code', fault: 'lost_answer', delayMs: 20 * CONTRACT_TIMEOUT_MS });
    expect((await providerError(h.provider.exchangeCode({ code: pending, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER }))).kind).toBe('transient');
    expect(h.sandbox.world.calls.count('google.token')).toBe(1);
    const [issued] = h.google.account('maya.makes')!.clients[CLIENT.clientId]!.refreshTokens;
    expect(h.google.refreshDeath(issued!)).toBeUndefined();
  });

  it('a 429 with Retry-After is a throttle for that long', async () => {
    const { tokens } = await connect();
    h.sandbox.world.faults.add({ endpoint: 'google.channels', fault: 'throttle', code: 429, regainMinutes: 2 });
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'rate_limited', appWide: false, retryAfterSeconds: 120 });
  });

  it('a 500 backendError from the API is transient', async () => {
    const { tokens } = await connect();
    h.sandbox.world.faults.add({ endpoint: 'google.channels', fault: 'provider_error', errorCode: 'backendError' });
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'transient', providerCode: 'backendError' });
  });

  it('a grant without a refresh token cannot be refreshed', async () => {
    const { tokens } = await connect();
    expect(await providerError(h.provider.refreshToken({ accessToken: tokens.accessToken }))).toMatchObject({ kind: 'reauth_required', providerCode: 'no_refresh_token' });
  });

  it("the channel's uploads come back newest first as videos with their watch URL and largest thumbnail, no file URL", async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const first = await h.provider.listMedia(tokens.accessToken, account!, { limit: 10 });
    expect(first.items).toHaveLength(10);
    const [newest] = first.items;
    expect(newest).toEqual({
      id: expect.stringMatching(/^[\w-]{11}$/),
      mediaType: 'video',
      caption: expect.stringContaining('#23'),
      permalink: `https://www.youtube.com/watch?v=${newest!.id}`,
      publishedAt: new Date('2025-12-01T17:00:00Z'),
      mediaUrl: null,
      thumbnailUrl: `https://i.ytimg.com/vi/${newest!.id}/hqdefault.jpg`,
    });
    const second = await h.provider.listMedia(tokens.accessToken, account!, { limit: 10, cursor: first.nextCursor });
    const last = await h.provider.listMedia(tokens.accessToken, account!, { limit: 10, cursor: second.nextCursor });
    expect(last).toMatchObject({ items: { length: 3 }, nextCursor: null });
    const ids = [...first.items, ...second.items, ...last.items].map((m) => m.id);
    expect(new Set(ids).size).toBe(23);
  });

  it('later pages go straight to playlistItems: one channels call per listing, and at most 50 items a page', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const before = h.sandbox.world.calls.count('google.channels');
    const first = await h.provider.listMedia(tokens.accessToken, account!, { limit: 200 });
    expect(first.items).toHaveLength(23);
    await h.provider.listMedia(tokens.accessToken, account!, { limit: 5, cursor: (await h.provider.listMedia(tokens.accessToken, account!, { limit: 5 })).nextCursor });
    expect(h.sandbox.world.calls.count('google.channels') - before).toBe(2);
  });

  it('a Google account without a channel has no media', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect('nina.nochannel');
    expect(await h.provider.listMedia(tokens.accessToken, account!, { limit: 5 })).toEqual({ items: [], nextCursor: null });
  });

  it('a quota spent on the uploads list pauses every YouTube call until midnight Pacific', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    h.sandbox.world.faults.add({ endpoint: 'google.playlistItems', fault: 'provider_error', errorCode: 'quotaExceeded', status: 403 });
    expect(await providerError(h.provider.listMedia(tokens.accessToken, account!, { limit: 5 }))).toMatchObject({ kind: 'rate_limited', appWide: true });
  });

  const refOf = (id: string) => ({ id, mediaType: 'video', publishedAt: new Date('2025-12-01T17:00:00Z') });

  const quotaUsed = async () => ((await (await fetch(`${h.sandbox.url}/_sandbox/google/quota`)).json()) as { used: number }).used;

  async function setStatistics(id: string, statistics: object): Promise<void> {
    const res = await fetch(`${h.sandbox.url}/_sandbox/google/videos/${id}/statistics`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(statistics),
    });
    expect(res.status).toBe(200);
  }

  it('video insights map the statistics strings field by field: views, likes, comments; no reach, saves, shares or total', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const [newest] = (await h.provider.listMedia(tokens.accessToken, account!, { limit: 1 })).items;
    await setStatistics(newest!.id, { viewCount: 98_765, likeCount: 4_321, commentCount: 210 });
    expect(await h.provider.fetchMediaInsights(tokens.accessToken, account!, [refOf(newest!.id)])).toEqual({
      items: [
        {
          mediaId: newest!.id,
          status: 'ok',
          metrics: { views: 98_765, reach: null, likes: 4_321, comments: 210, saves: null, shares: null, totalInteractions: null, impressions: null },
        },
      ],
    });
  });

  it('hidden likes and comments turned off are null, not 0', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const [newest] = (await h.provider.listMedia(tokens.accessToken, account!, { limit: 1 })).items;
    await setStatistics(newest!.id, { viewCount: 5, likeCount: null, commentCount: null });
    const { items } = await h.provider.fetchMediaInsights(tokens.accessToken, account!, [refOf(newest!.id)]);
    expect(items[0]).toMatchObject({ status: 'ok', metrics: { views: 5, likes: null, comments: null } });
  });

  it('reads up to 50 videos in one call (1 quota unit); a deleted or unknown id is not_found, in order', async () => {
    expect(h.provider.insightsBatchSize).toBe(50);
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const { items: videos } = await h.provider.listMedia(tokens.accessToken, account!, { limit: 50 });
    const refs = [...videos.slice(0, 10), { id: 'AAAAAAAAAAA' }, ...videos.slice(10)].map((v) => refOf(v.id));
    const before = await quotaUsed();
    const { items } = await h.provider.fetchMediaInsights(tokens.accessToken, account!, refs);
    expect((await quotaUsed()) - before).toBe(1);
    expect(items.map((i) => i.mediaId)).toEqual(refs.map((r) => r.id));
    expect(items[10]).toEqual({ mediaId: 'AAAAAAAAAAA', status: 'unavailable', reason: 'not_found' });
    expect(items.filter((i) => i.status === 'ok')).toHaveLength(23);
  });

  it('a spent daily quota (403 quotaExceeded) is rate_limited for the whole app until midnight Pacific', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const [newest] = (await h.provider.listMedia(tokens.accessToken, account!, { limit: 1 })).items;
    h.google.config.quotaPerDay = await quotaUsed();
    const error = await providerError(h.provider.fetchMediaInsights(tokens.accessToken, account!, [refOf(newest!.id)]));
    // 2026-03-01 09:00 UTC is 01:00 PST (summer time starts on March 8): 23 hours to midnight.
    expect(error).toMatchObject({ kind: 'rate_limited', appWide: true, providerCode: 'quotaExceeded', retryAfterSeconds: 23 * 3600 });
    h.clock.advance(23 * HOUR);
    const fresh = await h.provider.refreshToken(tokens);
    expect((await h.provider.fetchMediaInsights(fresh.accessToken, account!, [refOf(newest!.id)])).items[0]!.status).toBe('ok');
  });

  it('the audience is viewers in percent by age, gender and country, with the subscriber count', async () => {
    const { tokens } = await connect();
    const audience = await h.provider.fetchAudience(tokens.accessToken);
    expect(audience).toMatchObject({ status: 'available', unit: 'percent', followers: 48_200, city: [] });
    if (audience.status !== 'available') return;
    const total = (slices: { value: number }[]) => slices.reduce((sum, s) => sum + s.value, 0);
    expect(audience.age.map((s) => s.key).sort()).toEqual(['13-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+']);
    expect(audience.gender.map((s) => s.key).sort()).toEqual(['F', 'M', 'U']);
    for (const breakdown of [audience.age, audience.gender, audience.country]) expect(total(breakdown)).toBeCloseTo(100, 0);
    // The channel's home country (US) leads; each country is its share of the views.
    expect(audience.country[0]!.key).toBe('US');
    expect(audience.country.every((s, i, all) => i === 0 || all[i - 1]!.value >= s.value)).toBe(true);
  });

  it('a channel too small for YouTube to report demographics is below_threshold; a hidden subscriber count is null', async () => {
    h.google.createAccount({ username: 'tiny.tubes', name: 'Tiny', channel: { title: 'Tiny', subscriberCount: 12, videoCount: 2 } });
    const tiny = await connect('tiny.tubes');
    expect(await h.provider.fetchAudience(tiny.tokens.accessToken)).toEqual({ status: 'unavailable', reason: 'below_threshold', followers: 12 });
    const leo = await connect('leo.plays');
    expect(await h.provider.fetchAudience(leo.tokens.accessToken)).toMatchObject({ status: 'available', followers: null });
  });

  it('an audience read without yt-analytics.readonly is insufficient_scope naming it', async () => {
    const location = new URL(
      await h.consent(h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: VERIFIER }), 'maya.makes', [YOUTUBE_READONLY]),
    );
    const { tokens } = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    expect(await providerError(h.provider.fetchAudience(tokens.accessToken))).toMatchObject({ kind: 'insufficient_scope', missingScopes: [ANALYTICS] });
  });

  it('a channel that hides its subscriber count reads null subscribers, with its views and interactions', async () => {
    const leo = await connect('leo.plays');
    const until = new Date(Math.floor(h.clock.now().getTime() / 86_400_000) * 86_400_000);
    const reading = await h.provider.fetchAccountInsights(leo.tokens.accessToken, undefined, { since: new Date(until.getTime() - 28 * 86_400_000), until });
    expect(reading).toMatchObject({ status: 'available', figures: { followers: null, posts: 7, reach: null, views: expect.any(Number) } });
  });
});
