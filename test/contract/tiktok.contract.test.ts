/**
 * The real TikTok adapter against the sandbox, over HTTP on a loopback port, with one manual clock
 * shared by both. The shared contract first, then what only TikTok does: PKCE, refresh-token rotation
 * and its grace, the fixed end of a grant, a rotation whose answer was lost.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultSpec, StartedSandbox } from '../../sandbox/index.ts';
import type { AccountEvent } from '../../sandbox/tiktok/model.ts';
import type { TikTokWorld } from '../../sandbox/tiktok/world.ts';
import { DAY, HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { createHttpClient } from '../../src/providers/http.ts';
import { TikTok } from '../../src/providers/tiktok/tiktok.ts';
import { CONTRACT_TIMEOUT_MS, commonFault, postConsent, startContractSandbox } from './harness-support.ts';
import { type ContractAccountEvent, type ContractFault, type ContractOperation, describeProviderContract, type ProviderHarness, providerError } from './provider-contract.ts';

const ORIGINS = ['https://www.tiktok.com', 'https://open.tiktokapis.com'];
const REDIRECT_URI = 'https://channelkeeper.test/oauth/callback/tiktok';
const VERIFIER = 'tiktok-verifier-0123456789-0123456789-0123456789-abc';
// A lost answer hangs just past the client's timeout.
const LOST_ANSWER_MS = CONTRACT_TIMEOUT_MS + 100;

const sandboxEndpoint: Record<ContractOperation, string> = {
  exchangeCode: 'tiktok.token',
  fetchAccount: 'tiktok.user_info',
  refreshToken: 'tiktok.token',
  listMedia: 'tiktok.video_list',
  fetchMediaInsights: 'tiktok.video_query',
  fetchAudience: 'tiktok.user_info',
  fetchAccountInsights: 'tiktok.user_info',
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
      return { fault: 'throttle', regainMinutes: fault.regainMinutes };
    case 'missing_scope':
      return { fault: 'provider_error', errorCode: 'scope_not_authorized', status: 401 };
  }
}

interface TikTokHarness extends ProviderHarness {
  provider: TikTok;
  sandbox: StartedSandbox;
  tiktok: TikTokWorld;
}

async function makeTikTokHarness(): Promise<TikTokHarness> {
  const { clock, sandbox, http } = await startContractSandbox(ORIGINS);
  const provider = new TikTok({ clientId: 'sandbox-tiktok-client-key', clientSecret: 'sandbox-tiktok-secret', http, clock });
  const tiktok = sandbox.world.network<TikTokWorld>('tiktok');
  // TikTok does not document what a password change does to app grants; the contract case plays the variant where it ends them.
  tiktok.config.passwordChangeRevokes = true;
  const { config } = tiktok;

  return {
    provider,
    sandbox,
    tiktok,
    clock,
    redirectUri: REDIRECT_URI,
    accounts: { eligible: 'tess.tiktok', ineligible: 'milo.tiktok' },
    accountIdOf: (username) => tiktok.account(username)!.openId,
    clientIdParam: 'client_key',
    tokenLifetimeMs: config.accessTokenSeconds * 1000,
    grantLifetimeMs: config.refreshTokenSeconds * 1000,
    minRefreshAgeMs: 0,
    rotatesRefreshToken: true,
    rotationGraceMs: config.rotationGraceSeconds * 1000,
    revokeSupported: true,
    eventReasons: { password_changed: 'revoked', app_removed: 'revoked' },
    // The sandbox sends x-ratelimit-reset (Unix seconds) at the end of the throttle.
    throttleRetryAfterSeconds: (regainMinutes) => regainMinutes * 60,
    // The Display API has no demographics (only follower_count).
    audience: 'not_offered',
    // The Display API's user info has counts only: followers and videos (likes_count comes as an extra).
    accountFigures: ['followers', 'posts'],
    skip: {
      code_with_fragment: 'TikTok appends no fragment to the redirect',
      ineligible_account: 'the Display API serves every TikTok account that can log in: there is no personal/ineligible account type',
      expired:
        'TikTok answers invalid_grant for an expired, rotated-away or revoked refresh token alike, so the adapter reports "revoked"; the service detects expiry itself from refresh_expires_in (refreshTokenExpiresAt)',
    },
    consent: (authorizationUrl, username, granted) => postConsent(authorizationUrl, username, granted),
    killTokens: (username, event) => void tiktok.applyEvent(username, sandboxEvent[event]),
    injectFault: (operation, fault) => void sandbox.world.faults.add({ endpoint: sandboxEndpoint[operation], count: 1, ...sandboxFault(fault) }),
    advance: (ms) => clock.advance(ms),
    async close() {
      const closing = sandbox.close();
      // A connection the client gave up on (timeout, lost answer) would otherwise hold close() open until
      // the sandbox's keep-alive timeout.
      sandbox.app.server.closeAllConnections();
      await closing;
    },
  };
}

describeProviderContract('TikTok', makeTikTokHarness);

describe('TikTok, beyond the contract', () => {
  let h: TikTokHarness;
  beforeEach(async () => {
    h = await makeTikTokHarness();
  });
  afterEach(() => h.close());

  async function code(username = 'tess.tiktok', verifier = VERIFIER): Promise<string> {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: verifier });
    return new URL(await h.consent(url, username, h.provider.scopes)).searchParams.get('code')!;
  }

  async function connect(username = 'tess.tiktok') {
    return h.provider.exchangeCode({ code: await code(username), redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
  }

  it('skips only the cases TikTok cannot meet, each with its reason', () => {
    expect(Object.keys(h.skip ?? {}).sort()).toEqual(['code_with_fragment', 'expired', 'ineligible_account']);
  });

  it('the authorization URL points at www.tiktok.com/v2/auth/authorize/ with client_key and comma-separated scopes', () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    expect(url.href.startsWith(`${h.sandbox.url}/www.tiktok.com/v2/auth/authorize/?`)).toBe(true);
    expect(url.searchParams.get('client_key')).toBe('sandbox-tiktok-client-key');
    expect(url.searchParams.get('client_id')).toBeNull();
    expect(url.searchParams.get('scope')).toBe('user.info.basic,user.info.profile,user.info.stats,video.list');
  });

  it('the code exchange reports the open_id, the granted scopes and both lifetimes from the answer', async () => {
    const { tokens } = await connect();
    const now = h.clock.now().getTime();
    expect(tokens.providerUserId).toBe(h.tiktok.account('tess.tiktok')!.openId);
    expect(tokens.accessToken).toMatch(/^act\./);
    expect(tokens.refreshToken).toMatch(/^rft\./);
    expect(tokens.expiresAt!.getTime()).toBe(now + 2 * HOUR);
    expect(tokens.refreshTokenExpiresAt!.getTime()).toBe(now + 180 * DAY);
  });

  it('the classic 24-hour / 365-day lifetimes are read from the answer as well', async () => {
    Object.assign(h.tiktok.config, { accessTokenSeconds: 86_400, refreshTokenSeconds: 365 * 86_400 });
    const { tokens } = await connect();
    const now = h.clock.now().getTime();
    expect(tokens.expiresAt!.getTime()).toBe(now + DAY);
    expect(tokens.refreshTokenExpiresAt!.getTime()).toBe(now + 365 * DAY);
  });

  it('a code redeemed with the wrong PKCE verifier is refused as an unexpected response', async () => {
    const pending = await code();
    const error = await providerError(h.provider.exchangeCode({ code: pending, redirectUri: REDIRECT_URI, codeVerifier: `${VERIFIER}-wrong` }));
    expect(error).toMatchObject({ kind: 'unexpected_response', providerCode: 'invalid_request' });
    expect(error.message).not.toContain(pending);
  });

  it('a code that was already used is refused as an unexpected response, not as a lost grant', async () => {
    const used = await code();
    await h.provider.exchangeCode({ code: used, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    const error = await providerError(h.provider.exchangeCode({ code: used, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER }));
    expect(error).toMatchObject({ kind: 'unexpected_response', providerCode: 'invalid_grant' });
  });

  it('a spent refresh token is refused once its successor was issued', async () => {
    const { tokens } = await connect();
    const next = await h.provider.refreshToken(tokens);
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'reauth_required', reason: 'revoked', providerCode: 'invalid_grant' });
    expect((await h.provider.refreshToken(next)).accessToken).toMatch(/^act\./);
  });

  it('a rotated-away refresh token still works within the grace, and is refused after it', async () => {
    h.tiktok.config.rotationGraceSeconds = 300;
    const { tokens } = await connect();
    await h.provider.refreshToken(tokens);
    h.clock.advance(4 * MINUTE);
    expect((await h.provider.refreshToken(tokens)).accessToken).toMatch(/^act\./);
    h.clock.advance(MINUTE);
    expect((await providerError(h.provider.refreshToken(tokens))).kind).toBe('reauth_required');
  });

  it("with a fixed refresh expiry the remaining lifetime shrinks across refreshes and the grant dies at the first token's end", async () => {
    const { tokens } = await connect();
    const end = tokens.refreshTokenExpiresAt!.getTime();
    h.clock.advance(30 * DAY);
    const first = await h.provider.refreshToken(tokens);
    expect(first.refreshTokenExpiresAt!.getTime()).toBe(end);
    h.clock.advance(100 * DAY);
    const second = await h.provider.refreshToken(first);
    expect(second.refreshTokenExpiresAt!.getTime()).toBe(end);
    h.clock.set(new Date(end));
    expect(await providerError(h.provider.refreshToken(second))).toMatchObject({ kind: 'reauth_required', reason: 'revoked' });
  });

  it('with a sliding refresh expiry each refresh gives a full lifetime from now', async () => {
    h.tiktok.config.refreshExpiry = 'sliding';
    const { tokens } = await connect();
    h.clock.advance(170 * DAY);
    const next = await h.provider.refreshToken(tokens);
    expect(next.refreshTokenExpiresAt!.getTime()).toBe(h.clock.now().getTime() + 180 * DAY);
    h.clock.advance(170 * DAY);
    expect((await h.provider.refreshToken(next)).accessToken).toMatch(/^act\./);
  });

  it('a lost answer on the token endpoint still rotates: without grace the old refresh token is then spent', async () => {
    const { tokens } = await connect();
    h.sandbox.world.faults.add({ endpoint: 'tiktok.token', fault: 'lost_answer', delayMs: LOST_ANSWER_MS });
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'transient', providerCode: 'timeout' });
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'reauth_required', reason: 'revoked' });
  });

  it('a lost answer within the rotation grace can be retried with the old refresh token', async () => {
    h.tiktok.config.rotationGraceSeconds = 60;
    const { tokens } = await connect();
    h.sandbox.world.faults.add({ endpoint: 'tiktok.token', fault: 'lost_answer', delayMs: LOST_ANSWER_MS });
    expect((await providerError(h.provider.refreshToken(tokens))).kind).toBe('transient');
    expect((await h.provider.refreshToken(tokens)).refreshToken).toMatch(/^rft\./);
  });

  it('an expired access token is access_token_invalid: refresh may help, and it does', async () => {
    const { tokens } = await connect();
    h.clock.advance(2 * HOUR);
    const error = await providerError(h.provider.fetchAccount(tokens.accessToken));
    expect(error).toMatchObject({ kind: 'reauth_required', reason: 'invalid_token', refreshMayHelp: true, providerCode: 'access_token_invalid' });
    const next = await h.provider.refreshToken(tokens);
    expect((await h.provider.fetchAccount(next.accessToken)).accountId).toBe(h.tiktok.account('tess.tiktok')!.openId);
  });

  it('the previous access token keeps working after a refresh, until its own expiry', async () => {
    const { tokens } = await connect();
    h.clock.advance(HOUR);
    await h.provider.refreshToken(tokens);
    expect((await h.provider.fetchAccount(tokens.accessToken)).displayName).toBe('Tess Creates');
  });

  it('a scope error names the scopes the account check needed', async () => {
    const { tokens } = await connect();
    h.sandbox.world.faults.add({ endpoint: 'tiktok.user_info', fault: 'provider_error', errorCode: 'scope_permission_missed', status: 401 });
    // Asked with the username (nothing said user.info.profile was not granted): the check needed both.
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'insufficient_scope', missingScopes: ['user.info.basic', 'user.info.profile'] });
    h.sandbox.world.faults.add({ endpoint: 'tiktok.user_info', fault: 'provider_error', errorCode: 'scope_permission_missed', status: 401 });
    const basic = { accountId: 'x', network: 'tiktok' as const, scopes: ['user.info.basic'] };
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken, basic))).toMatchObject({ kind: 'insufficient_scope', missingScopes: ['user.info.basic'] });
  });

  it('the account comes with its username where user.info.profile was granted, and is asked without it where the grant says it was not', async () => {
    const { tokens, accounts } = await connect();
    expect(accounts[0]).toMatchObject({ username: 'tess.tiktok', displayName: 'Tess Creates' });
    expect(await h.provider.fetchAccount(tokens.accessToken, { ...accounts[0]!, scopes: [...h.provider.scopes] })).toMatchObject({ username: 'tess.tiktok' });
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    const location = new URL(await h.consent(url, 'tess.tiktok', ['user.info.basic', 'video.list']));
    const partial = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    expect(partial.accounts[0]).toMatchObject({ username: null, displayName: 'Tess Creates' });
    const calls = h.sandbox.world.calls.count('tiktok.user_info');
    const ref = { ...partial.accounts[0]!, scopes: partial.tokens.scopes };
    expect(await h.provider.fetchAccount(partial.tokens.accessToken, ref)).toMatchObject({ username: null, displayName: 'Tess Creates' });
    expect(h.sandbox.world.calls.count('tiktok.user_info') - calls, 'one call, never refused').toBe(1);
  });

  it('the Display API limit (600 a minute per endpoint) throttles with the time the window frees a slot', async () => {
    h.tiktok.config.rateLimitPerMinute = 3;
    const { tokens } = await connect();
    h.clock.advance(20_000);
    await h.provider.fetchAccount(tokens.accessToken);
    await h.provider.fetchAccount(tokens.accessToken);
    // The exchange's own check was the first call, 20 s ago: the window frees it in 40 s.
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 40, providerCode: 'rate_limit_exceeded' });
  });

  it('a refresh error in the OAuth shape is read from its error field even when TikTok answers HTTP 200', async () => {
    h.tiktok.config.oauthErrorStatus = 200;
    const { tokens } = await connect();
    await h.provider.refreshToken(tokens);
    expect((await providerError(h.provider.refreshToken(tokens))).kind).toBe('reauth_required');
  });

  it('a wrong client secret is an unexpected response, not a lost grant', async () => {
    const { tokens } = await connect();
    const http = createHttpClient({ originMap: Object.fromEntries(ORIGINS.map((o) => [o, `${h.sandbox.url}/${new URL(o).host}`])), timeoutMs: CONTRACT_TIMEOUT_MS });
    const wrong = new TikTok({ clientId: 'sandbox-tiktok-client-key', clientSecret: 'nope', http, clock: h.clock });
    expect(await providerError(wrong.refreshToken(tokens))).toMatchObject({ kind: 'unexpected_response', providerCode: 'invalid_client' });
  });

  it('removing the app leaves a second account connected', async () => {
    const tess = await connect('tess.tiktok');
    const milo = await connect('milo.tiktok');
    h.tiktok.applyEvent('tess.tiktok', 'revoke');
    expect((await providerError(h.provider.refreshToken(tess.tokens))).kind).toBe('reauth_required');
    expect((await h.provider.refreshToken(milo.tokens)).accessToken).toMatch(/^act\./);
  });

  it('videos come back newest first with their share URL and cover; no file URL; the cursor is a creation time in ms', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const first = await h.provider.listMedia(tokens.accessToken, account!, { limit: 3 });
    const [newest] = h.tiktok.account('tess.tiktok')!.videos;
    expect(first.items).toHaveLength(3);
    expect(first.items[0]).toEqual({
      id: newest!.id,
      mediaType: 'video',
      caption: 'Video 1 #sandbox',
      permalink: `https://www.tiktok.com/@tess.tiktok/video/${newest!.id}`,
      publishedAt: new Date(newest!.createTime * 1000),
      mediaUrl: null,
      thumbnailUrl: expect.stringContaining('x-expires='),
    });
    expect(first.nextCursor).toBe(String(first.items[2]!.publishedAt.getTime()));
    const second = await h.provider.listMedia(tokens.accessToken, account!, { limit: 3, cursor: first.nextCursor });
    expect(second.items[0]!.publishedAt.getTime()).toBeLessThan(first.items[2]!.publishedAt.getTime());
  });

  it('a limit above 20 asks for 20, and the last page has no next cursor', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect('milo.tiktok');
    expect(await h.provider.listMedia(tokens.accessToken, account!, { limit: 50 })).toMatchObject({ items: { length: 3 }, nextCursor: null });
    const tess = await connect();
    expect((await h.provider.listMedia(tess.tokens.accessToken, tess.accounts[0]!, { limit: 50 })).items).toHaveLength(20);
  });

  it('a grant without video.list cannot list videos: insufficient_scope naming video.list', async () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    const location = new URL(await h.consent(url, 'tess.tiktok', ['user.info.basic']));
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    expect(await providerError(h.provider.listMedia(tokens.accessToken, account!, { limit: 2 }))).toMatchObject({ kind: 'insufficient_scope', missingScopes: ['video.list'] });
  });

  it('video insights map field by field from the figures set in the sandbox: views, likes, comments, shares; no reach, saves or total', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const [video] = h.tiktok.account('tess.tiktok')!.videos;
    const put = await fetch(`${h.sandbox.url}/_sandbox/tiktok/videos/${video!.id}/figures`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ view_count: 12_345, like_count: 678, comment_count: 90, share_count: 12 }),
    });
    expect(put.status).toBe(200);
    const ref = { id: video!.id, mediaType: 'video', publishedAt: new Date(video!.createTime * 1000) };
    expect(await h.provider.fetchMediaInsights(tokens.accessToken, account!, [ref])).toEqual({
      items: [
        {
          mediaId: video!.id,
          status: 'ok',
          metrics: { views: 12_345, reach: null, likes: 678, comments: 90, saves: null, shares: 12, totalInteractions: null, impressions: null },
        },
      ],
    });
  });

  it('reads up to 20 videos in one query; a video the answer leaves out (deleted, private, not theirs) is not_found, in order', async () => {
    expect(h.provider.insightsBatchSize).toBe(20);
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const videos = h.tiktok.account('tess.tiktok')!.videos.slice(0, 19);
    const refs = videos.map((v) => ({ id: v.id, mediaType: 'video', publishedAt: new Date(v.createTime * 1000) }));
    refs.splice(3, 0, { id: h.tiktok.account('milo.tiktok')!.videos[0]!.id, mediaType: 'video', publishedAt: refs[0]!.publishedAt });
    const before = h.sandbox.world.calls.count('tiktok.video_query');
    const { items } = await h.provider.fetchMediaInsights(tokens.accessToken, account!, refs);
    expect(h.sandbox.world.calls.count('tiktok.video_query') - before).toBe(1);
    expect(items.map((i) => i.mediaId)).toEqual(refs.map((r) => r.id));
    expect(items[3]).toEqual({ mediaId: refs[3]!.id, status: 'unavailable', reason: 'not_found' });
    expect(items.filter((i) => i.status === 'ok')).toHaveLength(19);
  });

  it('a video query over the 600-a-minute limit is rate_limited until the window frees a slot', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    h.tiktok.config.rateLimitPerMinute = 1;
    const [video] = h.tiktok.account('tess.tiktok')!.videos;
    const refs = [{ id: video!.id, mediaType: 'video', publishedAt: new Date(video!.createTime * 1000) }];
    await h.provider.fetchMediaInsights(tokens.accessToken, account!, refs);
    h.clock.advance(15_000);
    const error = await providerError(h.provider.fetchMediaInsights(tokens.accessToken, account!, refs));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 45, providerCode: 'rate_limit_exceeded', appWide: false });
  });

  it('the audience is not offered by the Display API, with the follower count when user.info.stats was granted', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    expect(await h.provider.fetchAudience(tokens.accessToken)).toEqual({ status: 'unavailable', reason: 'not_offered', followers: h.tiktok.account('tess.tiktok')!.followerCount });
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    const location = new URL(await h.consent(url, 'tess.tiktok', ['user.info.basic', 'video.list']));
    const partial = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI, codeVerifier: VERIFIER });
    expect(await h.provider.fetchAudience(partial.tokens.accessToken)).toEqual({ status: 'unavailable', reason: 'not_offered', followers: null });
    expect(account!.accountId).toBe(partial.accounts[0]!.accountId);
  });
});
