/**
 * The real Pinterest adapter against the sandbox, over HTTP on a loopback port, with one manual clock
 * shared by both. The shared contract first, then what only Pinterest does.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultSpec, StartedSandbox } from '../../sandbox/index.ts';
import type { PinterestEvent } from '../../sandbox/pinterest/model.ts';
import type { PinterestWorld } from '../../sandbox/pinterest/world.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { Pinterest } from '../../src/providers/pinterest/pinterest.ts';
import { CONTRACT_TIMEOUT_MS, commonFault, postConsent, startContractSandbox } from './harness-support.ts';
import { type ContractAccountEvent, type ContractFault, type ContractOperation, describeProviderContract, type ProviderHarness, providerError } from './provider-contract.ts';

const ORIGINS = ['https://www.pinterest.com', 'https://api.pinterest.com'];
const REDIRECT_URI = 'https://channelkeeper.test/oauth/callback/pinterest';
const CLIENT = { clientId: 'sandbox-pinterest-app', clientSecret: 'sandbox-pinterest-secret' };

const sandboxEndpoint: Record<ContractOperation, FaultSpec['endpoint']> = {
  exchangeCode: 'pinterest.token',
  fetchAccount: 'pinterest.user_account',
  refreshToken: 'pinterest.token',
  listMedia: 'pinterest.pins',
  fetchMediaInsights: 'pinterest.pin_analytics',
  fetchAudience: 'pinterest.user_account',
  // fetchAccountInsights reads /user_account first (a personal account stops there), then the analytics.
  fetchAccountInsights: 'pinterest.user_account',
};

const sandboxEvent: Record<ContractAccountEvent, PinterestEvent> = {
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
      return { fault: 'provider_error', errorCode: 3 };
  }
}

interface PinterestHarness extends ProviderHarness {
  provider: Pinterest;
  sandbox: StartedSandbox;
  pinterest: PinterestWorld;
}

async function makePinterestHarness(clientSecret = CLIENT.clientSecret): Promise<PinterestHarness> {
  const { clock, sandbox, http } = await startContractSandbox(ORIGINS);
  const provider = new Pinterest({ clientId: CLIENT.clientId, clientSecret, http, clock });
  const pinterest = sandbox.world.network<PinterestWorld>('pinterest');
  const { config } = pinterest;

  return {
    provider,
    sandbox,
    pinterest,
    clock,
    redirectUri: REDIRECT_URI,
    accounts: { eligible: 'pia.pins', ineligible: 'pete.personal' },
    accountIdOf: (username) => pinterest.account(username)!.id,
    tokenLifetimeMs: config.accessTokenSeconds * 1000,
    grantLifetimeMs: config.refreshTokenSeconds * 1000,
    minRefreshAgeMs: 0,
    rotatesRefreshToken: config.refreshMode === 'continuous' && config.oldRefreshToken === 'invalidated',
    revokeSupported: false,
    // Code 283 and code 2 say nothing about why: every ended grant is 'revoked'.
    eventReasons: { password_changed: 'revoked', app_removed: 'revoked' },
    // Pinterest sends no estimate and no documented rate-limit header: the adapter waits a minute.
    throttleRetryAfterSeconds: () => 60,
    // Audience insights are for ad accounts only (/ad_accounts/{id}/audience_insights): not offered to an organic account.
    audience: 'not_offered',
    // Pinterest's account analytics count impressions and engagements, not unique viewers.
    accountFigures: ['followers', 'posts', 'views', 'engagements'],
    skip: {
      code_with_fragment: 'Pinterest appends no fragment to the redirect',
      expired:
        'Pinterest refuses an expired refresh token with the same 401 code 283 as a revoked one, so the adapter can only say "revoked"; ' +
        'the service knows refresh_token_expires_at itself (TokenSet.refreshTokenExpiresAt) and can tell expiry apart before calling',
    },
    consent: (authorizationUrl, username, granted) => postConsent(authorizationUrl, username, granted),
    killTokens: (username, event) => void pinterest.applyEvent(username, sandboxEvent[event]),
    injectFault: (operation, fault) => void sandbox.world.faults.add({ endpoint: sandboxEndpoint[operation], count: 1, ...sandboxFault(fault) }),
    advance: (ms) => clock.advance(ms),
    close: () => sandbox.close(),
  };
}

describeProviderContract('Pinterest', () => makePinterestHarness());

describe('Pinterest, beyond the contract', () => {
  let h: PinterestHarness;
  beforeEach(async () => {
    h = await makePinterestHarness();
  });
  afterEach(() => h.close());

  async function code(username = 'pia.pins'): Promise<string> {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    return new URL(await h.consent(url, username, h.provider.scopes)).searchParams.get('code')!;
  }

  const connect = async (username = 'pia.pins') => h.provider.exchangeCode({ code: await code(username), redirectUri: REDIRECT_URI });

  it('skips only the fragment and expiry cases, each for a reason Pinterest imposes', () => {
    expect(Object.keys(h.skip ?? {}).sort()).toEqual(['code_with_fragment', 'expired']);
  });

  it('the authorization URL points at www.pinterest.com/oauth/ with comma-separated scopes and no PKCE', () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    expect(url.href.startsWith(`${h.sandbox.url}/www.pinterest.com/oauth/?`)).toBe(true);
    expect(url.searchParams.get('scope')).toBe('user_accounts:read,pins:read,boards:read');
    expect(url.searchParams.get('code_challenge')).toBeNull();
  });

  it('the token endpoint needs the client in HTTP Basic auth: a wrong secret is our configuration, not a lost grant', async () => {
    const wrong = await makePinterestHarness('not-the-secret');
    try {
      const url = wrong.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
      const pending = new URL(await wrong.consent(url, 'pia.pins', wrong.provider.scopes)).searchParams.get('code')!;
      const error = await providerError(wrong.provider.exchangeCode({ code: pending, redirectUri: REDIRECT_URI }));
      expect(error).toMatchObject({ kind: 'unexpected_response', providerCode: '2' });
      const { refresh } = wrong.pinterest.mint({ username: 'pia.pins' });
      expect(await providerError(wrong.provider.refreshToken({ accessToken: 'x', refreshToken: refresh.value }))).toMatchObject({ kind: 'unexpected_response', providerCode: '2' });
    } finally {
      await wrong.close();
    }
  });

  it('expires_in is read whether Pinterest sends it as a string or as a number', async () => {
    h.pinterest.config.expiresInAsString = true;
    const asString = await connect();
    h.pinterest.config.expiresInAsString = false;
    const asNumber = await connect();
    for (const { tokens } of [asString, asNumber]) expect(tokens.expiresAt!.getTime()).toBe(h.clock.now().getTime() + 30 * DAY);
  });

  it('the code exchange reports the refresh token, its 60-day expiry and the scopes granted', async () => {
    const { tokens } = await connect();
    expect(tokens.refreshToken).toMatch(/^pinr\./);
    expect(tokens.accessToken).toMatch(/^pina_/);
    expect(tokens.refreshTokenExpiresAt!.getTime()).toBe(h.clock.now().getTime() + 60 * DAY);
    expect(tokens.scopes?.sort()).toEqual(['boards:read', 'pins:read', 'user_accounts:read']);
  });

  it('each refresh slides the refresh token expiry to 60 days from that refresh', async () => {
    let { tokens } = await connect();
    for (let i = 0; i < 3; i++) {
      h.clock.advance(50 * DAY);
      const refreshed = await h.provider.refreshToken(tokens);
      expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
      expect(refreshed.refreshTokenExpiresAt!.getTime()).toBe(h.clock.now().getTime() + 60 * DAY);
      tokens = { ...refreshed, refreshToken: refreshed.refreshToken ?? tokens.refreshToken };
    }
    // 150 days after consent the grant is alive, because every refresh renewed it.
    expect((await h.provider.fetchAccount(tokens.accessToken)).username).toBe('pia.pins');
  });

  it('a spent refresh token is refused with code 283 once its successor was issued', async () => {
    const { tokens } = await connect();
    await h.provider.refreshToken(tokens);
    const error = await providerError(h.provider.refreshToken(tokens));
    expect(error).toMatchObject({ kind: 'reauth_required', reason: 'revoked', providerCode: '283' });
    expect(error.message).not.toContain(tokens.refreshToken!);
  });

  it("with oldRefreshToken 'kept' a refreshed-away refresh token keeps working until its own expiry", async () => {
    h.pinterest.config.oldRefreshToken = 'kept';
    const { tokens } = await connect();
    await h.provider.refreshToken(tokens);
    expect((await h.provider.refreshToken(tokens)).accessToken).toMatch(/^pina_/);
  });

  it('a legacy refresh hands out no new refresh token, so the caller keeps the one it has', async () => {
    h.pinterest.config.refreshMode = 'legacy';
    const { tokens } = await connect();
    expect(tokens.refreshTokenExpiresAt!.getTime()).toBe(h.clock.now().getTime() + 365 * DAY);
    const refreshed = await h.provider.refreshToken(tokens);
    expect(refreshed.refreshToken).toBeUndefined();
    expect((await h.provider.refreshToken(tokens)).accessToken).toMatch(/^pina_/);
  });

  it('an expired access token asks for a refresh, which works while the refresh token lives', async () => {
    const { tokens } = await connect();
    h.clock.advance(31 * DAY);
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({
      kind: 'reauth_required',
      reason: 'invalid_token',
      refreshMayHelp: true,
      providerCode: '2',
    });
    const refreshed = await h.provider.refreshToken(tokens);
    expect((await h.provider.fetchAccount(refreshed.accessToken)).accountId).toBe(h.accountIdOf('pia.pins'));
  });

  it('a spam block is not retried in a loop: a day to wait and its own provider code', async () => {
    const { tokens } = await connect();
    h.sandbox.world.faults.add({
      endpoint: 'pinterest.user_account',
      fault: 'provider_error',
      status: 429,
      errorCode: 8,
      detail: 'Request blocked: this action was flagged as spam.',
    });
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 86_400, providerCode: 'spam_block' });
  });

  it('a throttle with a Retry-After header waits that long', async () => {
    const { tokens } = await connect();
    h.pinterest.config.retryAfterSeconds = 7;
    h.sandbox.world.faults.add({ endpoint: 'pinterest.token', fault: 'throttle' });
    expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 7, providerCode: '8' });
  });

  it('more than 100 calls in one second for one user are throttled, and the next second is free again', async () => {
    const { tokens } = await connect();
    for (let i = 0; i < 99; i++) await h.provider.fetchAccount(tokens.accessToken);
    expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 60 });
    h.clock.advance(1000);
    expect((await h.provider.fetchAccount(tokens.accessToken)).username).toBe('pia.pins');
  });

  it('a personal (PINNER) account connects but is not eligible', async () => {
    const {
      accounts: [account],
    } = await connect('pete.personal');
    expect(account).toMatchObject({ accountType: 'PINNER', eligible: false, ineligibleReason: 'personal_account', username: 'pete.personal' });
  });

  it('a business account shows its business name', async () => {
    const {
      accounts: [account],
    } = await connect();
    expect(account).toMatchObject({ accountType: 'BUSINESS', eligible: true, displayName: 'Pia Pins Studio' });
  });

  it('revoking is not offered and calls nothing', async () => {
    const { tokens } = await connect();
    h.sandbox.world.calls.clear();
    expect(await h.provider.revokeToken()).toBe(false);
    expect(h.sandbox.world.calls.count()).toBe(0);
    expect((await h.provider.refreshToken(tokens)).accessToken).toMatch(/^pina_/);
  });

  it('an answer lost after the refresh leaves the grant on the new refresh token only', async () => {
    const { tokens } = await connect();
    h.sandbox.world.faults.add({ endpoint: 'pinterest.token', fault: 'lost_answer', delayMs: 20 * CONTRACT_TIMEOUT_MS });
    expect((await providerError(h.provider.refreshToken(tokens))).kind).toBe('transient');
    // Read the sandbox's records rather than call again: a request made while the lost answer still hangs
    // makes the shared sandbox's close() wait for keep-alive sockets (seconds).
    expect(h.pinterest.checkRefresh(tokens.refreshToken!)).toMatchObject({ ok: false, reason: 'spent' });
  });

  it('a missing scope names the scope the call needed', async () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const pending = new URL(await h.consent(url, 'pia.pins', ['pins:read', 'boards:read'])).searchParams.get('code')!;
    const error = await providerError(h.provider.exchangeCode({ code: pending, redirectUri: REDIRECT_URI }));
    expect(error).toMatchObject({ kind: 'insufficient_scope', providerCode: '3', missingScopes: ['user_accounts:read'] });
  });

  it('a code used twice is refused as an unexpected response, not as a lost grant', async () => {
    const used = await code();
    await h.provider.exchangeCode({ code: used, redirectUri: REDIRECT_URI });
    const error = await providerError(h.provider.exchangeCode({ code: used, redirectUri: REDIRECT_URI }));
    expect(error).toMatchObject({ kind: 'unexpected_response', providerCode: '283' });
    expect(error.message).not.toContain(used);
  });

  it('tokens from before the person removed the app stay dead after 1 hour and after 400 days', async () => {
    const { tokens } = await connect();
    h.pinterest.applyEvent('pia.pins', 'revoke');
    for (const wait of [HOUR, 400 * DAY]) {
      h.clock.advance(wait);
      expect(await providerError(h.provider.refreshToken(tokens))).toMatchObject({ kind: 'reauth_required', reason: 'revoked' });
    }
  });

  it('Pins come back newest first with their pinterest.com permalink and the largest image, a bookmark at a time', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const first = await h.provider.listMedia(tokens.accessToken, account!, { limit: 4 });
    const pin = first.items[0]!;
    expect(pin).toEqual({
      id: expect.stringMatching(/^\d+$/),
      mediaType: 'pin',
      caption: 'A sandbox pin (1 of 36).',
      permalink: `https://www.pinterest.com/pin/${pin.id}/`,
      publishedAt: new Date(`${h.pinterest.pins(h.pinterest.account('pia.pins')!)[0]!.created_at}Z`),
      mediaUrl: expect.stringContaining('/originals/'),
      thumbnailUrl: expect.stringContaining('/600x/'),
    });
    // The third Pin is a video Pin: its file and its cover.
    expect(first.items[2]).toMatchObject({ mediaType: 'video', mediaUrl: expect.stringMatching(/\.mp4$/), thumbnailUrl: expect.stringContaining('i.pinimg.com') });
    const second = await h.provider.listMedia(tokens.accessToken, account!, { limit: 4, cursor: first.nextCursor });
    expect(second.items[0]!.publishedAt.getTime()).toBeLessThan(first.items[3]!.publishedAt.getTime());
  });

  it('a page size above 250 asks for 250, and the last page has no bookmark', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    expect(await h.provider.listMedia(tokens.accessToken, account!, { limit: 1000 })).toMatchObject({ items: { length: 36 }, nextCursor: null });
  });

  it('a grant without pins:read cannot list Pins: insufficient_scope', async () => {
    const url = h.provider.createAuthorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const location = new URL(await h.consent(url, 'pia.pins', ['user_accounts:read']));
    const {
      tokens,
      accounts: [account],
    } = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: REDIRECT_URI });
    expect(await providerError(h.provider.listMedia(tokens.accessToken, account!, { limit: 2 }))).toMatchObject({ kind: 'insufficient_scope' });
  });

  const pins = () => h.pinterest.pins(h.pinterest.account('pia.pins')!);
  const refOf = (pin: ReturnType<typeof pins>[number]) => ({
    id: pin.id,
    mediaType: pin.media.media_type === 'video' ? 'video' : 'pin',
    publishedAt: new Date(`${pin.created_at}Z`),
  });

  async function setFigures(pinId: string, body: object): Promise<void> {
    const res = await fetch(`${h.sandbox.url}/_sandbox/pinterest/pins/${pinId}/analytics`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }

  const FIGURES = { IMPRESSION: 5_000, VIDEO_MRC_VIEW: 1_200, SAVE: 45, TOTAL_REACTIONS: 67, TOTAL_COMMENTS: 8, PIN_CLICK: 300, OUTBOUND_CLICK: 90 };

  it('an image pin maps field by field: views are its impressions; saves, reactions as likes, comments; clicks as extras', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const image = pins().find((p) => p.media.media_type === 'image')!;
    await setFigures(image.id, { metrics: FIGURES });
    expect(await h.provider.fetchMediaInsights(tokens.accessToken, account!, [refOf(image)])).toEqual({
      items: [
        {
          mediaId: image.id,
          status: 'ok',
          metrics: { views: 5_000, reach: null, likes: 67, comments: 8, saves: 45, shares: null, totalInteractions: null, impressions: 5_000 },
          extra: { PIN_CLICK: 300, OUTBOUND_CLICK: 90 },
        },
      ],
    });
  });

  it('a video pin counts its MRC video views as views, and keeps impressions apart', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const video = pins().find((p) => p.media.media_type === 'video')!;
    await setFigures(video.id, { metrics: FIGURES });
    const { items } = await h.provider.fetchMediaInsights(tokens.accessToken, account!, [refOf(video)]);
    expect(items[0]).toMatchObject({ status: 'ok', metrics: { views: 1_200, impressions: 5_000 } });
  });

  it("lifetime figures grow with the pin's age, one analytics call per pin over an 89-day window", async () => {
    expect(h.provider.insightsBatchSize).toBe(1);
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const ref = refOf(pins()[1]!);
    const before = await h.provider.fetchMediaInsights(tokens.accessToken, account!, [ref]);
    h.clock.advance(20 * DAY);
    const fresh = await h.provider.refreshToken(tokens);
    const after = await h.provider.fetchMediaInsights(fresh.accessToken, account!, [ref]);
    const impressions = (b: typeof before) => (b.items[0]!.status === 'ok' ? b.items[0]!.metrics.impressions! : -1);
    expect(impressions(after)).toBeGreaterThan(impressions(before));
    expect(h.sandbox.world.calls.count('pinterest.pin_analytics')).toBe(2);
  });

  it('a pin whose figures Pinterest is still processing is not_ready, not zeros', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    const pin = pins()[0]!;
    await setFigures(pin.id, { metrics: {}, status: 'PROCESSING' });
    expect((await h.provider.fetchMediaInsights(tokens.accessToken, account!, [refOf(pin)])).items).toEqual([{ mediaId: pin.id, status: 'unavailable', reason: 'not_ready' }]);
  });

  it('pin analytics over the per-user limit are rate_limited (429 code 8), waiting what Retry-After says or a minute', async () => {
    const {
      tokens,
      accounts: [account],
    } = await connect();
    h.pinterest.config.analyticsPerUserPerMinute = 1;
    const ref = refOf(pins()[0]!);
    await h.provider.fetchMediaInsights(tokens.accessToken, account!, [ref]);
    expect(await providerError(h.provider.fetchMediaInsights(tokens.accessToken, account!, [ref]))).toMatchObject({
      kind: 'rate_limited',
      providerCode: '8',
      retryAfterSeconds: 60,
    });
    h.pinterest.config.retryAfterSeconds = 12;
    expect(await providerError(h.provider.fetchMediaInsights(tokens.accessToken, account!, [ref]))).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 12 });
  });

  it('the audience is not offered to an organic account (audience insights are for ad accounts), with the follower count', async () => {
    const { tokens } = await connect();
    expect(await h.provider.fetchAudience(tokens.accessToken)).toEqual({ status: 'unavailable', reason: 'not_offered', followers: 8_420 });
  });

  it('a personal account’s figures are withheld as not professional, without asking for analytics', async () => {
    const { tokens } = await connect('pete.personal');
    const until = new Date(Math.floor(h.clock.now().getTime() / 86_400_000) * 86_400_000);
    const before = h.sandbox.world.calls.count('pinterest.user_account_analytics');
    const reading = await h.provider.fetchAccountInsights(tokens.accessToken, undefined, { since: new Date(until.getTime() - 28 * 86_400_000), until });
    expect(reading).toMatchObject({ status: 'unavailable', reason: 'not_professional', followers: expect.any(Number) });
    expect(h.sandbox.world.calls.count('pinterest.user_account_analytics')).toBe(before);
  });
});
