/**
 * The real Instagram adapter against the sandbox, over HTTP on a loopback port, with one manual clock
 * shared by both. The shared contract first, then what only Instagram does.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountEvent, FaultSpec, StartedSandbox } from '../../sandbox/index.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { Instagram } from '../../src/providers/instagram/instagram.ts';
import { commonFault, postConsent, startContractSandbox } from './harness-support.ts';
import { type ContractAccountEvent, type ContractFault, type ContractOperation, describeProviderContract, type ProviderHarness, providerError } from './provider-contract.ts';

const ORIGINS = ['https://www.instagram.com', 'https://api.instagram.com', 'https://graph.instagram.com'];
const REDIRECT_URI = 'https://channelkeeper.test/oauth/callback/instagram';

const sandboxEndpoint: Record<ContractOperation, FaultSpec['endpoint']> = {
  exchangeCode: 'oauth_access_token',
  fetchAccount: 'me',
  refreshToken: 'refresh_access_token',
  listMedia: 'media',
  fetchMediaInsights: 'media_insights',
  // fetchAudience reads followers_count on /me first, then the demographics: the fault hits the latter.
  fetchAudience: 'user_insights',
  // fetchAccountInsights reads /me first, then the account's insights: the fault hits the latter.
  fetchAccountInsights: 'user_insights',
};

const sandboxEvent: Record<ContractAccountEvent, AccountEvent> = {
  password_changed: 'password-change',
  app_removed: 'revoke',
};

function sandboxFault(fault: ContractFault): Omit<FaultSpec, 'endpoint'> {
  switch (fault.kind) {
    case 'server_error':
    case 'timeout':
    case 'malformed_body':
      return commonFault(fault)!;
    case 'throttle':
      // 80002: Instagram's business-use-case limit, with X-Business-Use-Case-Usage.
      return { fault: 'throttle', code: 80002, regainMinutes: fault.regainMinutes };
    case 'missing_scope':
      return { fault: 'meta_error', code: 10 };
  }
}

interface InstagramHarness extends ProviderHarness {
  provider: Instagram;
  sandbox: StartedSandbox;
}

async function makeInstagramHarness(): Promise<InstagramHarness> {
  const { clock, sandbox, http } = await startContractSandbox(ORIGINS);
  const provider = new Instagram({ clientId: 'sandbox-instagram-app', clientSecret: 'sandbox-instagram-secret', http, clock });
  const world = sandbox.world;

  return {
    provider,
    sandbox,
    clock,
    redirectUri: REDIRECT_URI,
    accounts: { eligible: 'ana.business', ineligible: 'cara.personal' },
    accountIdOf: (username) => world.instagram.account(username)!.userId,
    tokenLifetimeMs: world.config.longLivedSeconds * 1000,
    minRefreshAgeMs: world.config.minRefreshAgeSeconds * 1000,
    revokeSupported: false,
    audience: 'available',
    accountFigures: ['followers', 'posts', 'views', 'reach', 'engagements'],
    // BUC throttles carry estimated_time_to_regain_access in minutes. Said explicitly: the media_insights
    // case compares with this function alone (it has no 45-minute-style default like the throttled case).
    throttleRetryAfterSeconds: (minutes) => minutes * 60,
    skip: { refresh_rotation: 'Instagram Login has no refresh token: the long-lived access token itself is refreshed' },
    consent: (authorizationUrl, username, granted) => postConsent(authorizationUrl, username, granted),
    killTokens: (username, event) => void world.instagram.applyEvent(username, sandboxEvent[event]),
    injectFault: (operation, fault) => void world.faults.add({ endpoint: sandboxEndpoint[operation], count: 1, ...sandboxFault(fault) }),
    advance: (ms) => clock.advance(ms),
    close: () => sandbox.close(),
  };
}

describeProviderContract('Instagram', makeInstagramHarness);

describe('Instagram, beyond the contract', () => {
  let h: InstagramHarness;
  beforeEach(async () => {
    h = await makeInstagramHarness();
  });
  afterEach(() => h.close());

  async function code(username = 'ana.business'): Promise<string> {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    return new URL(await h.consent(url, username, h.provider.scopes)).searchParams.get('code')!;
  }

  it('skips only the rotation case, which needs a refresh token', () => {
    expect(Object.keys(h.skip ?? {})).toEqual(['refresh_rotation']);
  });

  it('the authorization URL points at www.instagram.com (through the origin map) and hides the Facebook login button', () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    expect(url.href.startsWith(`${h.sandbox.url}/www.instagram.com/oauth/authorize?`)).toBe(true);
    expect(url.searchParams.get('enable_fb_login')).toBe('0');
    expect(url.searchParams.get('scope')).toBe('instagram_business_basic,instagram_business_manage_insights');
  });

  it('the account id stays exact although the code exchange sends user_id as a number above 2^53', async () => {
    const userId = h.sandbox.world.instagram.account('ana.business')!.userId;
    expect(Number(userId)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(String(Number(userId))).not.toBe(userId);
    const {
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    expect(account.accountId).toBe(userId);
  });

  it('the documented {"data":[…]} shape of the code exchange is accepted as well as the flat one', async () => {
    h.sandbox.world.config.codeExchangeShape = 'data';
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    expect(account.username).toBe('ana.business');
    expect(tokens.scopes).toEqual(['instagram_business_basic', 'instagram_business_manage_insights']);
  });

  it('a Creator account is eligible, with its type as Instagram names it', async () => {
    const {
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code('ben.creator'), redirectUri: REDIRECT_URI });
    expect(account).toMatchObject({ accountType: 'MEDIA_CREATOR', eligible: true, displayName: 'Ben Creator' });
  });

  it('a code that was already used is refused as an unexpected response, naming the OAuth error', async () => {
    const used = await code();
    await h.provider.exchangeCode({ code: used, redirectUri: REDIRECT_URI });
    const error = await providerError(h.provider.exchangeCode({ code: used, redirectUri: REDIRECT_URI }));
    expect(error).toMatchObject({ kind: 'unexpected_response', providerCode: 'oauth_400' });
    expect(error.message).not.toContain(used);
  });

  it('a token that was refreshed away stops working after the grace period', async () => {
    const { tokens } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    h.clock.advance(25 * HOUR);
    const refreshed = await h.provider.refreshToken(tokens);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    h.clock.advance(2 * HOUR);
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'reauth_required', reason: 'invalid_token' });
    expect((await h.provider.fetchAccount(refreshed.accessToken)).username).toBe('ana.business');
  });

  it('a checkpoint on the account asks for a reconnect because of the security check', async () => {
    const { tokens } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    h.sandbox.world.instagram.applyEvent('ana.business', 'checkpoint');
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'reauth_required', reason: 'checkpoint', providerCode: '190/459' });
  });

  it('the app-wide throttle (code 4) pauses the whole provider for an hour', async () => {
    const { tokens } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    h.sandbox.world.faults.add({ endpoint: 'me', fault: 'throttle', code: 4 });
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'rate_limited', appWide: true, retryAfterSeconds: 3600 });
  });

  it('an expired token is still reported expired 400 days later', async () => {
    const { tokens } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    h.clock.advance(400 * DAY);
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'reauth_required', reason: 'expired', providerCode: '190/463' });
  });

  it('a server error from the code exchange in the OAuth error shape is transient', async () => {
    const pending = await code();
    h.sandbox.world.faults.add({ endpoint: 'oauth_access_token', fault: 'meta_error', code: 1 });
    expect((await providerError(h.provider.exchangeCode({ code: pending, redirectUri: REDIRECT_URI }))).kind).toBe('transient');
  });

  it('a throttle on the code exchange is rate_limited, not a rejected code', async () => {
    const pending = await code();
    h.sandbox.world.faults.add({ endpoint: 'oauth_access_token', fault: 'throttle', code: 80002, regainMinutes: 5 });
    expect((await providerError(h.provider.exchangeCode({ code: pending, redirectUri: REDIRECT_URI }))).kind).toBe('rate_limited');
  });

  it('a personal account that Instagram refuses on /me still comes back as not eligible', async () => {
    h.sandbox.world.config.personalAccounts = 'refuse';
    const {
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code('cara.personal'), redirectUri: REDIRECT_URI });
    expect(account.eligible).toBe(false);
  });

  it('media come back newest first, mapped to one shape, a page at a time through the after cursor', async () => {
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    const first = await h.provider.listMedia(tokens.accessToken, account!, { limit: 4 });
    expect(first.items.map((m) => m.mediaType)).toEqual(['image', 'reel', 'image', 'carousel']);
    expect(first.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      mediaType: 'image',
      caption: 'Ana Business post #128',
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\/[\w-]{11}\/$/),
      publishedAt: new Date(h.clock.now().getTime() - 36 * HOUR),
      mediaUrl: expect.stringMatching(/\.jpg\?.*&oe=[0-9A-F]{8}$/),
      thumbnailUrl: expect.stringMatching(/\.jpg\?.*&oe=[0-9A-F]{8}$/),
    });
    expect(first.items[1]).toMatchObject({ mediaUrl: expect.stringMatching(/\.mp4\?.*&oe=[0-9A-F]{8}$/), thumbnailUrl: expect.stringMatching(/-thumb\.jpg\?.*&oe=[0-9A-F]{8}$/) });
    const second = await h.provider.listMedia(tokens.accessToken, account!, { limit: 4, cursor: first.nextCursor });
    expect(second.items[0]!.publishedAt.getTime()).toBeLessThan(first.items[3]!.publishedAt.getTime());
    // The seventh item is a copyrighted reel: Instagram sends no media_url, only its thumbnail.
    expect(second.items[2]).toMatchObject({ mediaType: 'reel', mediaUrl: null, thumbnailUrl: expect.stringMatching(/-thumb\.jpg\?.*&oe=[0-9A-F]{8}$/) });
  });

  it('a post’s files come with links signed at the call: a carousel’s items each, a copyrighted reel none but its cover', async () => {
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    const page = await h.provider.listMedia(tokens.accessToken, account!, { limit: 10 });
    const carousel = page.items.find((m) => m.mediaType === 'carousel')!;
    h.clock.advance(5 * 24 * HOUR);
    const files = await h.provider.mediaFiles!(tokens.accessToken, account!, carousel);
    expect(files.map((f) => [f.position, f.role])).toEqual([
      [1, 'media'],
      [2, 'media'],
      [3, 'media'],
      [3, 'thumbnail'],
    ]);
    const oe = Number.parseInt(new URL(files[0]!.url).searchParams.get('oe')!, 16) * 1000;
    expect(oe).toBeGreaterThan(h.clock.now().getTime());
    const copyrighted = page.items.find((m) => m.mediaType === 'reel' && m.mediaUrl === null)!;
    expect((await h.provider.mediaFiles!(tokens.accessToken, account!, copyrighted)).map((f) => f.role)).toEqual(['thumbnail']);
  });

  it('the last page of media has no next cursor, and a limit above 100 asks for 100', async () => {
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    const first = await h.provider.listMedia(tokens.accessToken, account!, { limit: 500 });
    expect(first.items).toHaveLength(100);
    const last = await h.provider.listMedia(tokens.accessToken, account!, { limit: 500, cursor: first.nextCursor });
    expect(last).toMatchObject({ items: { length: 28 }, nextCursor: null });
  });

  it('a reel published later is listed first, as a reel', async () => {
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    h.clock.advance(HOUR);
    const reel = h.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'VIDEO', productType: 'REELS', caption: 'new reel' });
    const {
      items: [newest],
    } = await h.provider.listMedia(tokens.accessToken, account!, { limit: 1 });
    expect(newest).toMatchObject({ id: reel.id, mediaType: 'reel', caption: 'new reel', publishedAt: h.clock.now(), permalink: expect.stringContaining('/reel/') });
  });

  it('a dead token on the media list asks for a reconnect, like every other call', async () => {
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    h.sandbox.world.instagram.applyEvent('ana.business', 'password-change');
    expect(await providerError(h.provider.listMedia(tokens.accessToken, account!, { limit: 2 }))).toMatchObject({ kind: 'reauth_required', reason: 'password_changed' });
  });
  it('a personal account’s figures are withheld as not professional, with its follower count, and no insights are asked', async () => {
    const { tokens } = await h.provider.exchangeCode({ code: await code('cara.personal'), redirectUri: REDIRECT_URI });
    const until = new Date(Math.floor(h.clock.now().getTime() / 86_400_000) * 86_400_000);
    const range = { since: new Date(until.getTime() - 28 * 86_400_000), until };
    const before = h.sandbox.world.calls.count('user_insights');
    expect(await h.provider.fetchAccountInsights(tokens.accessToken, undefined, range)).toEqual({ status: 'unavailable', reason: 'not_professional', followers: 87 });
    expect(h.sandbox.world.calls.count('user_insights')).toBe(before);
  });

  it('a range longer than Instagram’s 30 days is refused before any call', async () => {
    const { tokens } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    const until = new Date(Math.floor(h.clock.now().getTime() / 86_400_000) * 86_400_000);
    await expect(h.provider.fetchAccountInsights(tokens.accessToken, undefined, { since: new Date(until.getTime() - 31 * 86_400_000), until })).rejects.toThrow(RangeError);
  });
});

describe('Instagram insights, mapped from the sandbox', () => {
  let h: InstagramHarness;
  beforeEach(async () => {
    h = await makeInstagramHarness();
  });
  afterEach(() => h.close());

  async function connected(username = 'ana.business') {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const location = new URL(await h.consent(url, username, h.provider.scopes));
    const grant = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI });
    return { token: grant.tokens.accessToken, account: grant.accounts[0]! };
  }
  const ref = (item: { id: string; mediaType: string; publishedAt: Date }) => ({ id: item.id, mediaType: item.mediaType, publishedAt: item.publishedAt });

  it("a reel's figures set through the control API come back field by field, extras kept by their Graph names", async () => {
    const { token, account } = await connected();
    const reel = (await h.provider.listMedia(token, account, { limit: 2 })).items[1]!;
    expect(reel.mediaType).toBe('reel');
    const figures = { views: 5400, reach: 3900, likes: 310, comments: 42, saved: 77, shares: 19, total_interactions: 448, ig_reels_avg_watch_time: 8123 };
    const res = await fetch(`${h.sandbox.url}/_sandbox/instagram/media/${reel.id}/insights`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(figures),
    });
    expect(res.status).toBe(200);
    const { items } = await h.provider.fetchMediaInsights(token, account, [ref(reel)]);
    expect(items).toEqual([
      {
        mediaId: reel.id,
        status: 'ok',
        metrics: { views: 5400, reach: 3900, likes: 310, comments: 42, saves: 77, shares: 19, totalInteractions: 448, impressions: null },
        extra: { ig_reels_avg_watch_time: 8123 },
      },
    ]);
  });

  it('a post keeps climbing: the same post reports more views a week later', async () => {
    const { token, account } = await connected();
    const [post] = (await h.provider.listMedia(token, account, { limit: 1 })).items;
    const first = (await h.provider.fetchMediaInsights(token, account, [ref(post!)])).items[0]!;
    h.clock.advance(7 * DAY);
    const later = (await h.provider.fetchMediaInsights(token, account, [ref(post!)])).items[0]!;
    expect(first.status === 'ok' && later.status === 'ok' && later.metrics.views! > first.metrics.views!).toBe(true);
  });

  it('impressions are asked only of media created before Jul 2 2024, and then reported', async () => {
    const { token, account } = await connected('ben.creator');
    let page = await h.provider.listMedia(token, account, { limit: 100 });
    const all = [...page.items];
    while (page.nextCursor) all.push(...(page = await h.provider.listMedia(token, account, { limit: 100, cursor: page.nextCursor })).items);
    const old = all.find((m) => m.mediaType === 'image' && m.publishedAt < new Date('2024-07-02T00:00:00Z'))!;
    const recent = all.find((m) => m.mediaType === 'image' && m.publishedAt > new Date('2025-01-01T00:00:00Z'))!;
    const { items } = await h.provider.fetchMediaInsights(token, account, [ref(old)]);
    expect(items[0]).toMatchObject({ status: 'ok', metrics: { impressions: expect.any(Number) } });
    const { items: newer } = await h.provider.fetchMediaInsights(token, account, [ref(recent)]);
    // The sandbox answers code 100 if impressions is asked of newer media: an ok answer proves it was not asked.
    expect(newer[0]).toMatchObject({ status: 'ok', metrics: { impressions: null, views: expect.any(Number) } });
  });

  it('a live story has its figures, one under 5 viewers is too_few, and after 24 hours it is expired', async () => {
    const { token, account } = await connected();
    const story = h.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'IMAGE', productType: 'STORY', caption: '' });
    h.clock.advance(6 * HOUR);
    const [listed] = (await h.provider.listStories(token, account)).filter((s) => s.id === story.id);
    expect(listed).toMatchObject({ mediaType: 'story', permalink: expect.stringContaining('/stories/') });
    h.sandbox.world.instagram.metrics.set(story.id, { reach: 40, views: 55, replies: 3 });
    expect((await h.provider.fetchMediaInsights(token, account, [ref(listed!)])).items[0]).toMatchObject({
      status: 'ok',
      metrics: { reach: 40, views: 55, likes: null },
      extra: { replies: 3 },
    });
    h.sandbox.world.instagram.metrics.set(story.id, { reach: 4 });
    expect((await h.provider.fetchMediaInsights(token, account, [ref(listed!)])).items[0]).toEqual({ mediaId: story.id, status: 'unavailable', reason: 'too_few' });
    h.clock.advance(19 * HOUR);
    expect((await h.provider.fetchMediaInsights(token, account, [ref(listed!)])).items[0]).toEqual({ mediaId: story.id, status: 'unavailable', reason: 'expired' });
  });

  it('an account under 100 followers has its audience below_threshold, with its follower count', async () => {
    h.sandbox.world.instagram.createAccount({ username: 'tiny.shop', accountType: 'BUSINESS', followersCount: 60 });
    const { token, account } = await connected('tiny.shop');
    expect(await h.provider.fetchAudience(token, account)).toEqual({ status: 'unavailable', reason: 'below_threshold', followers: 60 });
    const big = await connected('ben.creator');
    expect(await h.provider.fetchAudience(big.token, big.account)).toMatchObject({
      status: 'available',
      unit: 'followers',
      followers: 98_400,
      age: expect.arrayContaining([{ key: '25-34', value: expect.any(Number) }]),
    });
  });

  it('the usage headers raise usagePercent as the account spends its daily business-use-case budget', async () => {
    const { token, account } = await connected();
    h.sandbox.world.config.igCallsPerDay = 20;
    const refs = (await h.provider.listMedia(token, account, { limit: 3 })).items.map(ref);
    const first = await h.provider.fetchMediaInsights(token, account, [refs[0]!]);
    const second = await h.provider.fetchMediaInsights(token, account, refs.slice(1));
    expect(first.usagePercent).toBeGreaterThanOrEqual(15);
    expect(second.usagePercent).toBe(first.usagePercent! + 10);
  });

  it('past the business-use-case budget the call is rate_limited for this account until the window slides', async () => {
    const { token, account } = await connected();
    h.sandbox.world.config.igCallsPerDay = 4;
    const refs = (await h.provider.listMedia(token, account, { limit: 3 })).items.map(ref);
    await h.provider.fetchMediaInsights(token, account, [refs[0]!]);
    const error = await providerError(h.provider.fetchMediaInsights(token, account, [refs[1]!]));
    // Calls counted this hour leave the 24-hour window in 24 hours: 1440 minutes (less the minutes into this hour).
    expect(error).toMatchObject({ kind: 'rate_limited', appWide: false, providerCode: '80002', retryAfterSeconds: 24 * 3600 });
    h.clock.advance(24 * HOUR);
    expect((await h.provider.fetchMediaInsights(token, account, [refs[1]!])).items[0]!.status).toBe('ok');
  });

  it('past the app-wide hourly budget every account is paused: rate_limited, appWide', async () => {
    const { token, account } = await connected();
    h.sandbox.world.config.appCallsPerHour = 3;
    const refs = (await h.provider.listMedia(token, account, { limit: 1 })).items.map(ref);
    const error = await providerError(h.provider.fetchMediaInsights(token, account, refs));
    expect(error).toMatchObject({ kind: 'rate_limited', appWide: true, providerCode: '4' });
    expect(error.retryAfterSeconds).toBe(3600);
  });

  it('a connection without the insights scope is insufficient_scope naming it', async () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const location = new URL(await h.consent(url, 'ana.business', ['instagram_business_basic']));
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI });
    const refs = (await h.provider.listMedia(tokens.accessToken, account!, { limit: 1 })).items.map(ref);
    expect(await providerError(h.provider.fetchMediaInsights(tokens.accessToken, account!, refs))).toMatchObject({
      kind: 'insufficient_scope',
      missingScopes: ['instagram_business_manage_insights'],
    });
  });
});
