/**
 * The real Facebook adapter against the sandbox, over HTTP on a loopback port, with one manual clock
 * shared by both. The shared contract first, then what only Facebook Login does: one grant reaching
 * several Pages and Instagram accounts, Page tokens, data access expiration, and a user token that no
 * server can refresh (which is why the contract's refresh-based cases are replayed here on fetchAccount).
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import type { FaultSpec, StartedSandbox } from '../../sandbox/index.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { Facebook } from '../../src/providers/facebook/facebook.ts';
import type { Grant, ProviderAccount } from '../../src/providers/provider.ts';
import { CONTRACT_TIMEOUT_MS, commonFault, postConsent, startContractSandbox } from './harness-support.ts';
import { type ContractFault, type ContractOperation, describeProviderContract, type ProviderHarness, providerError } from './provider-contract.ts';

const ORIGINS = ['https://www.facebook.com', 'https://graph.facebook.com'];
const REDIRECT_URI = 'https://channelkeeper.test/oauth/callback/facebook';

const sandboxEndpoint: Record<ContractOperation, string> = {
  exchangeCode: 'facebook.oauth_access_token',
  fetchAccount: 'facebook.node',
  // refreshToken never calls Facebook; a fault aimed at it would never fire.
  refreshToken: 'facebook.no_refresh_endpoint',
  // The contract's account is the linked Instagram account: its media edge.
  listMedia: 'facebook.media',
  fetchMediaInsights: 'facebook.media_insights',
  // fetchAudience reads followers_count on the node first, then the demographics: the fault hits the latter.
  fetchAudience: 'facebook.insights',
  // fetchAccountInsights reads the linked Instagram account's node first, then its insights.
  fetchAccountInsights: 'facebook.insights',
};

/** Insights of the contract's account (the linked Instagram account) are limited per IG account: 80002. */
const instagramCalls = new Set<ContractOperation>(['fetchMediaInsights', 'fetchAudience', 'fetchAccountInsights']);

function sandboxFault(fault: ContractFault, operation?: ContractOperation): Omit<FaultSpec, 'endpoint'> {
  switch (fault.kind) {
    case 'server_error':
    case 'timeout':
    case 'malformed_body':
      return commonFault(fault)!;
    case 'throttle':
      // 80001: the Pages business-use-case limit (calls with a Page token), with X-Business-Use-Case-Usage.
      return { fault: 'throttle', code: operation && instagramCalls.has(operation) ? 80002 : 80001, regainMinutes: fault.regainMinutes };
    case 'missing_scope':
      return { fault: 'meta_error', code: 10 };
  }
}

const noRefresh = 'Facebook user tokens cannot be refreshed by a server (the adapter refuses without calling Facebook)';

const facebookSkips = {
  ineligible_account: 'Facebook Login lists only Pages and their linked professional accounts, all eligible; a person with no Pages yields no account (tested beyond the contract)',
  refresh: noRefresh,
  refresh_rotation: noRefresh,
};

interface FacebookHarness extends ProviderHarness {
  provider: Facebook;
  sandbox: StartedSandbox;
  fb: FacebookWorld;
}

/** The account the contract compares: the Instagram account linked to the person's Page (else the first Page). */
function chosenAccountId(fb: FacebookWorld, username: string): string {
  const pages = fb.pagesOf(fb.user(username)!.id);
  return pages.find((p) => p.igId)?.igId ?? pages[0]?.id ?? '';
}

async function makeFacebookHarness(): Promise<FacebookHarness> {
  const { clock, sandbox, http } = await startContractSandbox(ORIGINS);
  const provider = new Facebook({ clientId: 'sandbox-facebook-app', clientSecret: 'sandbox-facebook-secret', http, clock });
  const world = sandbox.world;
  const fb = world.network<FacebookWorld>('facebook');

  return {
    provider,
    sandbox,
    fb,
    clock,
    redirectUri: REDIRECT_URI,
    accounts: { eligible: 'dana.fb', ineligible: 'finn.fb' },
    accountIdOf: (username) => chosenAccountId(fb, username),
    pickAccount: (grant, username) => grant.accounts.find((a) => a.accountId === chosenAccountId(fb, username)) ?? grant.accounts[0],
    tokenLifetimeMs: fb.config.longLivedSeconds * 1000,
    // The user token ends at 60 days; the Page tokens read nothing once data access lapses at 90.
    grantLifetimeMs: fb.config.dataAccessSeconds * 1000,
    minRefreshAgeMs: 0,
    refreshable: false,
    revokeSupported: true,
    audience: 'available',
    // The contract's account is the linked Instagram account (a Page's figures are tested beyond the contract).
    accountFigures: ['followers', 'posts', 'views', 'reach', 'engagements'],
    // BUC throttles carry estimated_time_to_regain_access in minutes (the media_insights case compares with this alone).
    throttleRetryAfterSeconds: (minutes) => minutes * 60,
    skip: facebookSkips,
    // The Page picker adds one `page` field per Page ticked.
    consent: (authorizationUrl, username, granted, extra: Record<string, string[]> = {}) => postConsent(authorizationUrl, username, granted, extra),
    killTokens: (username, event) => void fb.applyEvent(username, event === 'password_changed' ? 'password-change' : 'app-removed'),
    injectFault: (operation, fault) => void world.faults.add({ endpoint: sandboxEndpoint[operation], count: 1, ...sandboxFault(fault, operation) }),
    advance: (ms) => clock.advance(ms),
    close: () => sandbox.close(),
  };
}

describeProviderContract('Facebook', makeFacebookHarness);

describe('Facebook, beyond the contract', () => {
  let h: FacebookHarness;
  beforeEach(async () => {
    h = await makeFacebookHarness();
  });
  afterEach(() => h.close());

  async function login(username = 'dana.fb', granted: readonly string[] = h.provider.scopes, extra: Record<string, string[]> = {}): Promise<Grant> {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const consent = h.consent as (u: URL, n: string, g: readonly string[], e: Record<string, string[]>) => Promise<string>;
    const location = new URL(await consent(url, username, granted, extra));
    return h.provider.exchangeCode({ code: `${location.searchParams.get('code')}${location.hash}`, redirectUri: REDIRECT_URI });
  }

  const byName = (grant: Grant, name: string): ProviderAccount => grant.accounts.find((a) => a.displayName === name || a.username === name)!;
  const pageId = (name: string) => h.fb.pagesOf(h.fb.user('dana.fb')!.id).find((p) => p.name === name)!.id;

  it('skips only the refresh cases and the ineligible account, each with its reason', () => {
    expect(Object.keys(h.skip ?? {}).sort()).toEqual(['ineligible_account', 'refresh', 'refresh_rotation']);
  });

  it('the authorization URL is the v25.0 dialog with comma-separated scopes, no PKCE, and auth_type=rerequest only when asked', () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    expect(url.href.startsWith(`${h.sandbox.url}/www.facebook.com/v25.0/dialog/oauth?`)).toBe(true);
    expect(url.searchParams.get('scope')).toBe('pages_show_list,pages_read_engagement,instagram_basic,instagram_manage_insights,read_insights,business_management');
    expect(url.searchParams.get('auth_type')).toBeNull();
    expect(h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, rerequest: true }).searchParams.get('auth_type')).toBe('rerequest');
  });

  it('a person with two Pages gets three accounts (two Pages, one Instagram), each with its Page token', async () => {
    const grant = await login();
    expect(grant.accounts.map((a) => [a.network, a.accountType, a.displayName])).toEqual([
      ['facebook', 'PAGE', 'Dana Bakes'],
      ['instagram', 'BUSINESS', 'Dana Bakes'],
      ['facebook', 'PAGE', 'Dana Travel'],
    ]);
    const [bakes, ig, travel] = grant.accounts as [ProviderAccount, ProviderAccount, ProviderAccount];
    expect(ig).toMatchObject({ username: 'dana.bakes', accountId: expect.stringMatching(/^1784\d{13}$/), eligible: true });
    expect(ig.accountAccessToken).toBe(bakes.accountAccessToken);
    expect(travel.accountAccessToken).not.toBe(bakes.accountAccessToken);
    expect(bakes.accountAccessToken).not.toBe(grant.tokens.accessToken);
    for (const account of grant.accounts) {
      const { accountAccessToken: _, ...expected } = account;
      expect(await h.provider.fetchAccount(account.accountAccessToken!, account)).toEqual(expected);
    }
    // Another Page's token cannot load the Instagram node (100/33), and that Page does not name the account as
    // its Instagram business account: read as no professional account of the Page (what a switch to personal
    // looks like through Facebook Login; a connection always holds its own Page's token, so only that).
    expect(await h.provider.fetchAccount(travel.accountAccessToken!, ig)).toMatchObject({ accountId: ig.accountId, eligible: false, ineligibleReason: 'personal_account' });
    // A Page that still names the account: the 100/33 is the failure it was.
    h.sandbox.world.faults.add({ endpoint: 'facebook.node', fault: 'meta_error', code: 100, subcode: 33, count: 1 });
    expect(await providerError(h.provider.fetchAccount(ig.accountAccessToken!, ig))).toMatchObject({ kind: 'unexpected_response', providerCode: '100/33' });
  });

  it('a Page left unticked in the Page picker is absent from the grant', async () => {
    const grant = await login('dana.fb', h.provider.scopes, { page_picker: ['1'], page: [pageId('Dana Travel')] });
    expect(grant.accounts.map((a) => a.displayName)).toEqual(['Dana Travel']);
  });

  it('a person with no Pages connects with no accounts; their own profile is not an account the product serves', async () => {
    const grant = await login('finn.fb');
    expect(grant.accounts).toEqual([]);
    expect(await h.provider.fetchAccount(grant.tokens.accessToken)).toMatchObject({
      accountId: grant.tokens.providerUserId,
      accountType: 'USER',
      eligible: false,
      ineligibleReason: 'not_a_page',
    });
  });

  it('the scopes come from debug_token: a permission unticked on the dialog is missing, public_profile is not reported', async () => {
    const granted = h.provider.scopes.filter((s) => s !== 'instagram_manage_insights');
    const { tokens } = await login('dana.fb', granted);
    expect([...tokens.scopes!].sort()).toEqual([...granted].sort());
    expect(tokens.providerUserId).toBe(h.fb.user('dana.fb')!.id);
  });

  it('the grant is a 60-day user token whose data access ends 90 days after the login', async () => {
    h.clock.advance(5 * DAY);
    const { tokens } = await login();
    const now = h.clock.now().getTime();
    expect(tokens.expiresAt!.getTime()).toBe(now + 60 * DAY);
    expect(tokens.dataAccessExpiresAt!.getTime()).toBe(now + 90 * DAY);
  });

  it('after 60 days the user token has expired but the Page token works; after 90 days without a login it reads nothing', async () => {
    const grant = await login();
    const ig = byName(grant, 'dana.bakes');
    h.clock.advance(61 * DAY);
    expect(await providerError(h.provider.fetchAccount(grant.tokens.accessToken))).toMatchObject({ kind: 'reauth_required', reason: 'expired', providerCode: '190/463' });
    expect((await h.provider.fetchAccount(ig.accountAccessToken!, ig)).accountId).toBe(ig.accountId);
    h.clock.advance(30 * DAY);
    const error = await providerError(h.provider.fetchAccount(ig.accountAccessToken!, ig));
    expect(error).toMatchObject({ kind: 'reauth_required', reason: 'expired', providerCode: '190/493' });
    expect(error.message).not.toContain(ig.accountAccessToken!);
  });

  it('a new login gives the old Page token its data back', async () => {
    const first = await login();
    const ig = byName(first, 'dana.bakes');
    h.clock.advance(91 * DAY);
    await login();
    expect((await h.provider.fetchAccount(ig.accountAccessToken!, ig)).username).toBe('dana.bakes');
  });

  it.each([
    ['password-change', 'password_changed', '190/460'],
    ['app-removed', 'app_removed', '190/458'],
    ['checkpoint', 'checkpoint', '190/459'],
  ] as const)('after %s the user token and every Page token need a reconnect (%s)', async (event, reason, providerCode) => {
    const grant = await login();
    h.fb.applyEvent('dana.fb', event);
    expect(await providerError(h.provider.fetchAccount(grant.tokens.accessToken))).toMatchObject({ kind: 'reauth_required', reason, providerCode });
    for (const account of grant.accounts) {
      expect(await providerError(h.provider.fetchAccount(account.accountAccessToken!, account))).toMatchObject({ kind: 'reauth_required', reason, providerCode });
    }
  });

  it('losing the role on one Page ends that Page token only (190/492)', async () => {
    const grant = await login();
    h.fb.applyEvent('dana.fb', 'page-role-removed', pageId('Dana Bakes'));
    const ig = byName(grant, 'dana.bakes');
    expect(await providerError(h.provider.fetchAccount(ig.accountAccessToken!, ig))).toMatchObject({ kind: 'reauth_required', providerCode: '190/492' });
    const travel = byName(grant, 'Dana Travel');
    expect((await h.provider.fetchAccount(travel.accountAccessToken!, travel)).displayName).toBe('Dana Travel');
    expect((await h.provider.fetchAccount(grant.tokens.accessToken)).accountId).toBe(grant.tokens.providerUserId);
  });

  it('revoking de-authorizes the app: every token of the person fails as app_removed, and revoking again still succeeds', async () => {
    const grant = await login();
    expect(await h.provider.revokeToken(grant.tokens)).toBe(true);
    expect(await h.provider.revokeToken(grant.tokens)).toBe(true);
    expect(await providerError(h.provider.fetchAccount(grant.tokens.accessToken))).toMatchObject({ reason: 'app_removed' });
    for (const account of grant.accounts) {
      expect(await providerError(h.provider.fetchAccount(account.accountAccessToken!, account))).toMatchObject({ kind: 'reauth_required', reason: 'app_removed' });
    }
  });

  it('refreshToken refuses without calling Facebook', async () => {
    const grant = await login();
    const before = h.sandbox.world.calls.count();
    expect(await providerError(h.provider.refreshToken(grant.tokens))).toMatchObject({ kind: 'unexpected_response', providerCode: 'not_refreshable' });
    expect(h.sandbox.world.calls.count()).toBe(before);
  });

  it('the code still works when the redirect sends no "#_=_"', async () => {
    h.fb.config.appendFragment = false;
    expect((await login()).accounts).toHaveLength(3);
  });

  it('follows paging.next through the Pages list', async () => {
    h.fb.config.listPageSize = 1;
    expect((await login()).accounts.map((a) => a.displayName)).toEqual(['Dana Bakes', 'Dana Bakes', 'Dana Travel']);
  });

  it('a used code is refused (100/36009) without the code in the error', async () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const code = new URL(await h.consent(url, 'dana.fb', h.provider.scopes)).searchParams.get('code')!;
    await h.provider.exchangeCode({ code, redirectUri: REDIRECT_URI });
    const error = await providerError(h.provider.exchangeCode({ code, redirectUri: REDIRECT_URI }));
    expect(error).toMatchObject({ kind: 'unexpected_response', providerCode: '100/36009' });
    expect(error.message).not.toContain(code);
  });

  describe('faults the contract aims at refreshToken, on the calls Facebook has', () => {
    async function connected(): Promise<{ grant: Grant; ig: ProviderAccount }> {
      const grant = await login();
      return { grant, ig: byName(grant, 'dana.bakes') };
    }

    it('a throttled Page read is rate_limited for the Pages estimate, not app-wide', async () => {
      const { ig } = await connected();
      h.sandbox.world.faults.add({ endpoint: 'facebook.node', fault: 'throttle', code: 80001, regainMinutes: 45 });
      const error = await providerError(h.provider.fetchAccount(ig.accountAccessToken!, ig));
      expect(error).toMatchObject({ kind: 'rate_limited', appWide: false, retryAfterSeconds: 45 * 60, providerCode: '80001' });
      expect(error.message).not.toContain(ig.accountAccessToken!);
    });

    it.each([4, 17, 32, 80002])('throttle code %i is rate_limited (4 app-wide)', async (code) => {
      const { ig } = await connected();
      h.sandbox.world.faults.add({ endpoint: 'facebook.node', fault: 'throttle', code, regainMinutes: 5 });
      expect(await providerError(h.provider.fetchAccount(ig.accountAccessToken!, ig))).toMatchObject({ kind: 'rate_limited', appWide: code === 4 });
    });

    it('a server error is transient, and the same Page token works on the next try', async () => {
      const { ig } = await connected();
      h.sandbox.world.faults.add({ endpoint: 'facebook.node', fault: 'http_500' });
      expect((await providerError(h.provider.fetchAccount(ig.accountAccessToken!, ig))).kind).toBe('transient');
      expect((await h.provider.fetchAccount(ig.accountAccessToken!, ig)).accountId).toBe(ig.accountId);
    });

    it('a Graph that does not answer in time is transient', async () => {
      const { ig } = await connected();
      h.sandbox.world.faults.add({ endpoint: 'facebook.node', fault: 'timeout', delayMs: 20 * CONTRACT_TIMEOUT_MS });
      expect(await providerError(h.provider.fetchAccount(ig.accountAccessToken!, ig))).toMatchObject({ kind: 'transient', providerCode: 'timeout' });
    });

    it('an unreadable success of the long-lived exchange is an unexpected response', async () => {
      h.sandbox.world.faults.add({ endpoint: 'facebook.fb_exchange_token', fault: 'malformed' });
      expect((await providerError(login())).kind).toBe('unexpected_response');
    });

    it('a throttled or failing code exchange is rate_limited or transient, not a rejected code', async () => {
      h.sandbox.world.faults.add({ endpoint: 'facebook.oauth_access_token', fault: 'throttle', code: 4 });
      expect(await providerError(login())).toMatchObject({ kind: 'rate_limited', appWide: true, retryAfterSeconds: 3600 });
      h.sandbox.world.faults.add({ endpoint: 'facebook.debug_token', fault: 'meta_error', code: 2 });
      expect((await providerError(login())).kind).toBe('transient');
    });

    it('a missing permission on the Pages list is insufficient_scope', async () => {
      h.sandbox.world.faults.add({ endpoint: 'facebook.accounts', fault: 'meta_error', code: 200 });
      expect(await providerError(login())).toMatchObject({ kind: 'insufficient_scope', providerCode: '200' });
    });
  });

  it("a linked Instagram account's media come from /{ig-id}/media with the Page token, mapped like Instagram Login's", async () => {
    const grant = await login();
    const ig = byName(grant, 'dana.bakes');
    const first = await h.provider.listMedia(ig.accountAccessToken!, ig, { limit: 5 });
    expect(first.items.map((m) => m.mediaType)).toEqual(['image', 'reel', 'image', 'carousel', 'image']);
    expect(first.items[0]).toEqual({
      id: expect.stringMatching(/^18\d+$/),
      mediaType: 'image',
      caption: 'Dana Bakes post #42',
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\//),
      publishedAt: new Date(h.clock.now().getTime() - 36 * 3_600_000),
      mediaUrl: expect.stringMatching(/\.jpg\?.*&oe=[0-9A-F]{8}$/),
      thumbnailUrl: expect.stringMatching(/\.jpg\?.*&oe=[0-9A-F]{8}$/),
    });
    const rest = await h.provider.listMedia(ig.accountAccessToken!, ig, { limit: 100, cursor: first.nextCursor });
    expect(rest).toMatchObject({ items: { length: 37 }, nextCursor: null });
  });

  it("a Page's own posts come from /published_posts: photos are images, videos videos, status updates posts", async () => {
    const grant = await login();
    const bakes = byName(grant, 'Dana Bakes');
    const { items, nextCursor } = await h.provider.listMedia(bakes.accountAccessToken!, bakes, { limit: 4 });
    expect(items.map((m) => m.mediaType)).toEqual(['image', 'post', 'video', 'post']);
    expect(items[0]).toEqual({
      id: expect.stringMatching(new RegExp(`^${bakes.accountId}_\\d+$`)),
      mediaType: 'image',
      caption: 'Dana Bakes: update 12',
      permalink: expect.stringMatching(/^https:\/\/www\.facebook\.com\//),
      publishedAt: new Date(h.clock.now().getTime() - 48 * 3_600_000),
      mediaUrl: expect.stringMatching(/\.jpg\?.*&oe=[0-9A-F]{8}$/),
      thumbnailUrl: expect.stringMatching(/\.jpg\?.*&oe=[0-9A-F]{8}$/),
    });
    expect(items[1]).toMatchObject({ mediaUrl: null, thumbnailUrl: null });
    // A video's picture is its poster frame: a thumbnail, not the file.
    expect(items[2]).toMatchObject({ mediaUrl: null, thumbnailUrl: expect.stringMatching(/\.jpg\?.*&oe=[0-9A-F]{8}$/) });
    const next = await h.provider.listMedia(bakes.accountAccessToken!, bakes, { limit: 4, cursor: nextCursor });
    expect(next.items[0]!.publishedAt.getTime()).toBeLessThan(items[3]!.publishedAt.getTime());
  });

  it('a Page token without pages_read_engagement cannot list the Page posts: insufficient_scope', async () => {
    const grant = await login(
      'dana.fb',
      h.provider.scopes.filter((s) => s !== 'pages_read_engagement'),
    );
    const bakes = byName(grant, 'Dana Bakes');
    expect(await providerError(h.provider.listMedia(bakes.accountAccessToken!, bakes, { limit: 2 }))).toMatchObject({ kind: 'insufficient_scope', providerCode: '10' });
  });
  it('a Page’s own figures: views and engagements summed over the days, unique viewers over 28 days; a Page under 100 followers is below the threshold', async () => {
    const until = new Date(Math.floor(h.clock.now().getTime() / 86_400_000) * 86_400_000);
    const range = { since: new Date(until.getTime() - 28 * 86_400_000), until };
    const grant = await login();
    const page = byName(grant, 'Dana Travel');
    const reading = await h.provider.fetchAccountInsights(page.accountAccessToken!, page, range);
    expect(reading).toMatchObject({ status: 'available', figures: { followers: 610, posts: null } });
    if (reading.status !== 'available') return;
    for (const figure of [reading.figures.views, reading.figures.reach, reading.figures.engagements]) expect(figure).toBeGreaterThan(0);
    expect(reading.figures.reach!).toBeLessThan(reading.figures.views!);
    // Eli Studio's Page and its Instagram account share the name: the Page is the facebook one.
    const studio = (await login('eli.fb')).accounts.find((a) => a.network === 'facebook')!;
    expect(await h.provider.fetchAccountInsights(studio.accountAccessToken!, studio, range)).toEqual({ status: 'unavailable', reason: 'below_threshold', followers: 95 });
  });
});

describe('Facebook insights, mapped from the sandbox', () => {
  let h: FacebookHarness;
  beforeEach(async () => {
    h = await makeFacebookHarness();
  });
  afterEach(() => h.close());

  async function grantOf(username: string): Promise<Grant> {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const location = new URL(await h.consent(url, username, h.provider.scopes));
    return h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI });
  }
  const ref = (item: { id: string; mediaType: string; publishedAt: Date }) => ({ id: item.id, mediaType: item.mediaType, publishedAt: item.publishedAt });

  it("a Page post's figures map from the current metric names and the post's engagement fields", async () => {
    const page = (await grantOf('dana.fb')).accounts.find((a) => a.displayName === 'Dana Bakes')!;
    const [post] = (await h.provider.listMedia(page.accountAccessToken!, page, { limit: 1 })).items;
    h.fb.metrics.set(post!.id, { post_media_view: 2100, post_total_media_view_unique: 1500, post_clicks: 64, reactions: 120, comments: 9, shares: 4 });
    const { items } = await h.provider.fetchMediaInsights(page.accountAccessToken!, page, [ref(post!)]);
    expect(items).toEqual([
      {
        mediaId: post!.id,
        status: 'ok',
        metrics: { views: 2100, reach: 1500, likes: 120, comments: 9, saves: null, shares: 4, totalInteractions: null, impressions: null },
        extra: { post_clicks: 64, reactions_like: 96, reactions_love: 18, reactions_wow: 6 },
      },
    ]);
  });

  it("a Page's audience is where its followers are: country and city, no age or gender", async () => {
    const page = (await grantOf('dana.fb')).accounts.find((a) => a.displayName === 'Dana Bakes')!;
    const audience = await h.provider.fetchAudience(page.accountAccessToken!, page);
    expect(audience).toMatchObject({
      status: 'available',
      unit: 'followers',
      followers: 5_400,
      age: [],
      gender: [],
      country: expect.arrayContaining([{ key: 'PT', value: expect.any(Number) }]),
    });
  });

  it('an Instagram account under 100 followers reached through its Page has its audience below_threshold', async () => {
    const ig = (await grantOf('eli.fb')).accounts.find((a) => a.network === 'instagram')!;
    expect(await h.provider.fetchAudience(ig.accountAccessToken!, ig)).toEqual({ status: 'unavailable', reason: 'below_threshold', followers: 80 });
  });

  it("an Instagram account's live stories are listed through its Page, and expire after a day", async () => {
    const ig = (await grantOf('dana.fb')).accounts.find((a) => a.network === 'instagram')!;
    const stories = await h.provider.listStories(ig.accountAccessToken!, ig);
    expect(stories.map((s) => s.mediaType)).toEqual(['story', 'story']);
    h.clock.advance(23 * 3_600_000);
    expect((await h.provider.fetchMediaInsights(ig.accountAccessToken!, ig, [ref(stories[1]!)])).items[0]).toMatchObject({ status: 'unavailable', reason: 'expired' });
  });

  it('a Page post without read_insights is insufficient_scope naming it', async () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const granted = h.provider.scopes.filter((s) => s !== 'read_insights');
    const location = new URL(await h.consent(url, 'dana.fb', granted));
    const grant = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI });
    const page = grant.accounts.find((a) => a.displayName === 'Dana Bakes')!;
    const [post] = (await h.provider.listMedia(page.accountAccessToken!, page, { limit: 1 })).items;
    expect(await providerError(h.provider.fetchMediaInsights(page.accountAccessToken!, page, [ref(post!)]))).toMatchObject({
      kind: 'insufficient_scope',
      missingScopes: ['read_insights', 'pages_read_engagement'],
    });
  });
});
