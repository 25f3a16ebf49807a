/**
 * The real Threads adapter against the sandbox's Threads, over HTTP on a loopback port, with one manual
 * clock shared by both. The shared contract first, then what only Threads does.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultSpec, StartedSandbox } from '../../sandbox/index.ts';
import type { ThreadsWorld } from '../../sandbox/threads/world.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { threadsUserInsights, userInsightsWindow } from '../../src/providers/threads/insights.ts';
import { Threads } from '../../src/providers/threads/threads.ts';
import { commonFault, postConsent, startContractSandbox } from './harness-support.ts';
import { type ContractAccountEvent, type ContractFault, type ContractOperation, describeProviderContract, type ProviderHarness, providerError } from './provider-contract.ts';

const ORIGINS = ['https://threads.com', 'https://graph.threads.net'];
const REDIRECT_URI = 'https://channelkeeper.test/oauth/callback/threads';

const sandboxEndpoint: Record<ContractOperation, string> = {
  exchangeCode: 'threads.oauth_access_token',
  fetchAccount: 'threads.me',
  refreshToken: 'threads.refresh_access_token',
  listMedia: 'threads.threads',
  fetchMediaInsights: 'threads.media_insights',
  // fetchAudience reads followers_count first, on the same edge as the demographics: the fault hits it.
  fetchAudience: 'threads.user_insights',
};

const sandboxEvent: Record<ContractAccountEvent, 'revoke' | 'password-change'> = { password_changed: 'password-change', app_removed: 'revoke' };

function sandboxFault(fault: ContractFault): Omit<FaultSpec, 'endpoint'> {
  switch (fault.kind) {
    case 'server_error':
    case 'timeout':
    case 'malformed_body':
      return commonFault(fault)!;
    case 'throttle':
      return { fault: 'throttle', regainMinutes: fault.regainMinutes };
    case 'missing_scope':
      return { fault: 'meta_error', code: 10 };
  }
}

interface ThreadsHarness extends ProviderHarness {
  provider: Threads;
  sandbox: StartedSandbox;
  threads: ThreadsWorld;
}

async function makeThreadsHarness(): Promise<ThreadsHarness> {
  const { clock, sandbox, http } = await startContractSandbox(ORIGINS);
  const provider = new Threads({ clientId: 'sandbox-threads-app', clientSecret: 'sandbox-threads-secret', http, clock });
  const threads = sandbox.world.network<ThreadsWorld>('threads');
  return {
    provider,
    sandbox,
    threads,
    clock,
    redirectUri: REDIRECT_URI,
    accounts: { eligible: 'tara.threads', ineligible: 'paul.private' },
    accountIdOf: (username) => threads.profile(username)!.id,
    tokenLifetimeMs: threads.config.longLivedSeconds * 1000,
    minRefreshAgeMs: threads.config.minRefreshAgeSeconds * 1000,
    revokeSupported: false,
    reportsGrantedScopes: false,
    audience: 'available',
    // The throttle carries estimated_time_to_regain_access in minutes (X-Business-Use-Case-Usage).
    throttleRetryAfterSeconds: (minutes) => minutes * 60,
    skip: {
      refresh_rotation: 'Threads has no refresh token: the long-lived access token itself is refreshed',
      ineligible_account: 'every Threads profile can use the API, public or private: none is refused',
      partial_consent: 'the code exchange answers only access_token and user_id, so granted permissions are never reported',
    },
    consent: (authorizationUrl, username, granted) => postConsent(authorizationUrl, username, granted),
    killTokens: (username, event) => void threads.applyEvent(username, sandboxEvent[event]),
    injectFault: (operation, fault) => void sandbox.world.faults.add({ endpoint: sandboxEndpoint[operation], count: 1, ...sandboxFault(fault) }),
    advance: (ms) => clock.advance(ms),
    close: () => sandbox.close(),
  };
}

describeProviderContract('Threads', makeThreadsHarness);

describe('Threads, beyond the contract', () => {
  let h: ThreadsHarness;
  beforeEach(async () => {
    h = await makeThreadsHarness();
  });
  afterEach(() => h.close());

  async function connect(username = 'tara.threads', granted: readonly string[] = h.provider.scopes) {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const code = new URL(await h.consent(url, username, granted)).searchParams.get('code')!;
    const grant = await h.provider.exchangeCode({ code, redirectUri: REDIRECT_URI });
    return { tokens: grant.tokens, account: grant.accounts[0]! };
  }

  it('skips only the cases that cannot apply, each with its reason', () => {
    expect(Object.keys(h.skip ?? {}).sort()).toEqual(['ineligible_account', 'partial_consent', 'refresh_rotation']);
  });

  it('the authorization window is threads.com (through the origin map), with comma-separated permissions', () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    expect(url.href.startsWith(`${h.sandbox.url}/threads.com/oauth/authorize?`)).toBe(true);
    expect(url.searchParams.get('scope')).toBe('threads_basic,threads_manage_insights');
  });

  it('the profile id stays exact although the code exchange sends user_id as a number above 2^53', async () => {
    const id = h.threads.profile('tara.threads')!.id;
    expect(Number(id)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    const { account } = await connect();
    expect(account).toMatchObject({ accountId: id, network: 'threads', username: 'tara.threads', displayName: 'Tara Threads', eligible: true });
    expect(account.avatarUrl).toMatch(/^https:\/\//);
  });

  it('a private profile connects, and its long-lived token is refreshed like any other', async () => {
    const { tokens, account } = await connect('paul.private');
    expect(account).toMatchObject({ username: 'paul.private', eligible: true });
    h.clock.advance(25 * HOUR);
    const refreshed = await h.provider.refreshToken(tokens);
    expect(refreshed.expiresAt!.getTime()).toBe(h.clock.now().getTime() + 60 * DAY);
  });

  it('a token younger than 24 hours is refused a refresh, and a refreshed-away token stops after the grace period', async () => {
    const { tokens } = await connect();
    h.clock.advance(23 * HOUR);
    expect((await providerError(h.provider.refreshToken(tokens))).kind).toBe('unexpected_response');
    h.clock.advance(2 * HOUR);
    const refreshed = await h.provider.refreshToken(tokens);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    h.clock.advance(2 * HOUR);
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'reauth_required', reason: 'invalid_token' });
    expect((await h.provider.fetchAccount(refreshed.accessToken)).username).toBe('tara.threads');
  });

  it('a token not refreshed within 60 days is dead, and the refresh says it expired', async () => {
    const { tokens } = await connect();
    h.clock.advance(61 * DAY);
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'reauth_required', reason: 'expired', providerCode: '190/463' });
  });

  it('a permission left out on the window shows on first use as insufficient_scope, naming it', async () => {
    const { tokens, account } = await connect('tara.threads', ['threads_basic']);
    const { items } = await h.provider.listMedia(tokens.accessToken, account, { limit: 1 });
    const error = await providerError(h.provider.fetchMediaInsights(tokens.accessToken, account, items));
    expect(error).toMatchObject({ kind: 'insufficient_scope', missingScopes: ['threads_manage_insights'] });
  });

  it('posts come back with their text (and #topics) as the caption, reposts and quotes told apart', async () => {
    const { tokens, account } = await connect();
    const post = h.threads.publish('tara.threads', { text: 'Lisbon at dawn #AcmeSummer', mediaType: 'IMAGE' });
    const { items } = await h.provider.listMedia(tokens.accessToken, account, { limit: 100 });
    expect(items[0]).toEqual({
      id: post.id,
      mediaType: 'image',
      caption: 'Lisbon at dawn #AcmeSummer',
      permalink: expect.stringMatching(/^https:\/\/www\.threads\.com\/@tara\.threads\/post\/[\w-]{11}$/),
      publishedAt: h.clock.now(),
      mediaUrl: expect.stringMatching(/\.jpg$/),
      thumbnailUrl: expect.stringMatching(/\.jpg$/),
    });
    expect(new Set(items.map((i) => i.mediaType))).toEqual(new Set(['image', 'post', 'video', 'carousel', 'repost']));
    expect(items.find((i) => i.mediaType === 'repost')!.caption).toBeNull();
    expect(items.filter((i) => i.mediaType === 'post').every((i) => /#\w+/.test(i.caption ?? ''))).toBe(true);
  });

  it('a post reports views, likes, replies (as comments), shares, and reposts and quotes as extras, growing with its age', async () => {
    const { tokens, account } = await connect();
    const post = h.threads.publish('tara.threads', { text: 'New thread #AcmeSummer', mediaType: 'TEXT_POST' });
    const ref = { id: post.id, mediaType: 'post', publishedAt: h.clock.now() };
    expect((await h.provider.fetchMediaInsights(tokens.accessToken, account, [ref])).items).toEqual([{ mediaId: post.id, status: 'unavailable', reason: 'not_ready' }]);
    h.clock.advance(HOUR);
    const early = (await h.provider.fetchMediaInsights(tokens.accessToken, account, [ref])).items[0]!;
    h.clock.advance(3 * DAY);
    const later = (await h.provider.fetchMediaInsights(tokens.accessToken, account, [ref])).items[0]!;
    if (early.status !== 'ok' || later.status !== 'ok') throw new Error('expected figures');
    expect(later.metrics.views!).toBeGreaterThan(early.metrics.views!);
    h.threads.metrics.set(post.id, { views: 1200, likes: 90, replies: 12, reposts: 7, quotes: 3, shares: 5 });
    const exact = (await h.provider.fetchMediaInsights(tokens.accessToken, account, [ref])).items[0];
    expect(exact).toEqual({
      mediaId: post.id,
      status: 'ok',
      metrics: { views: 1200, reach: null, likes: 90, comments: 12, saves: null, shares: 5, totalInteractions: 117, impressions: null },
      extra: { reposts: 7, quotes: 3 },
    });
  });

  it("a repost answers an empty array: its figures are its author's, so it is not this profile's post", async () => {
    const { tokens, account } = await connect();
    const { items } = await h.provider.listMedia(tokens.accessToken, account, { limit: 100 });
    const repost = items.find((i) => i.mediaType === 'repost')!;
    const { items: figures } = await h.provider.fetchMediaInsights(tokens.accessToken, account, [repost]);
    expect(figures).toEqual([{ mediaId: repost.id, status: 'unavailable', reason: 'not_found' }]);
  });

  it('the audience comes by age, gender, country and city; below 100 followers Threads withholds it', async () => {
    const { tokens, account } = await connect();
    const audience = await h.provider.fetchAudience(tokens.accessToken, account);
    expect(audience).toMatchObject({ status: 'available', unit: 'followers', followers: 15_230 });
    if (audience.status === 'available') expect(audience.country.map((s) => s.key)).toEqual(['US', 'BR', 'PT', 'GB']);
    const small = await connect('nina.new');
    expect(await h.provider.fetchAudience(small.tokens.accessToken, small.account)).toEqual({ status: 'unavailable', reason: 'below_threshold', followers: 37 });
    h.threads.setFollowers('nina.new', 120);
    expect((await h.provider.fetchAudience(small.tokens.accessToken, small.account)).status).toBe('available');
  });

  it("the profile's own figures over a period map to one shape, and a period before 13 April 2024 is clamped", async () => {
    const { tokens, account } = await connect();
    const window = userInsightsWindow(new Date('2024-01-01T00:00:00Z'), h.clock.now());
    expect(window.since).toBe(1_712_991_600);
    const url = new URL(`https://graph.threads.net/v1.0/${account.accountId}/threads_insights`);
    url.searchParams.set('metric', 'views,likes,replies,reposts,quotes,clicks,followers_count');
    url.searchParams.set('since', String(Math.floor(h.clock.now().getTime() / 1000) - 7 * 86_400));
    url.searchParams.set('until', String(Math.floor(h.clock.now().getTime() / 1000)));
    const figures = threadsUserInsights(await h.provider.getUserInsights(tokens.accessToken, url));
    expect(figures.viewsByDay).toHaveLength(8);
    expect(figures.views).toBe(figures.viewsByDay.reduce((sum, d) => sum + d.value, 0));
    expect(figures).toMatchObject({
      followersCount: 15_230,
      likes: expect.any(Number),
      replies: expect.any(Number),
      reposts: expect.any(Number),
      quotes: expect.any(Number),
      clicks: expect.any(Number),
    });
    url.searchParams.set('since', '1700000000');
    const refused = await providerError(h.provider.getUserInsights(tokens.accessToken, url));
    expect(refused).toMatchObject({ kind: 'unexpected_response', providerCode: '100' });
  });

  it('graph.threads.com answers as graph.threads.net does', async () => {
    const { tokens } = await connect();
    const response = await fetch(`${h.sandbox.url}/graph.threads.com/v1.0/me?fields=id,username`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(await response.json()).toEqual({ id: h.threads.profile('tara.threads')!.id, username: 'tara.threads' });
  });
});
