/**
 * The real Instagram adapter against the sandbox, over HTTP on a loopback port, with one manual clock
 * shared by both. The shared contract first, then what only Instagram does.
 */
import { commonFault, postConsent, startContractSandbox } from './harness-support.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccountEvent, type FaultSpec, type StartedSandbox } from '../../sandbox/index.ts';
import { DAY, HOUR } from '../../src/domain/clock.ts';
import { Instagram } from '../../src/providers/instagram.ts';
import {
  describeProviderContract,
  providerError,
  type ContractAccountEvent,
  type ContractFault,
  type ContractOperation,
  type ProviderHarness,
} from './provider-contract.ts';

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
    const { accounts: [account] } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    expect(account.accountId).toBe(userId);
  });

  it('the documented {"data":[…]} shape of the code exchange is accepted as well as the flat one', async () => {
    h.sandbox.world.config.codeExchangeShape = 'data';
    const { tokens, accounts: [account] } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    expect(account.username).toBe('ana.business');
    expect(tokens.scopes).toEqual(['instagram_business_basic', 'instagram_business_manage_insights']);
  });

  it('a Creator account is eligible, with its type as Instagram names it', async () => {
    const { accounts: [account] } = await h.provider.exchangeCode({ code: await code('ben.creator'), redirectUri: REDIRECT_URI });
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
    const { accounts: [account] } = await h.provider.exchangeCode({ code: await code('cara.personal'), redirectUri: REDIRECT_URI });
    expect(account.eligible).toBe(false);
  });

  it('media come back newest first, mapped to one shape, a page at a time through the after cursor', async () => {
    const { tokens, accounts: [account] } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    const first = await h.provider.listMedia(tokens.accessToken, account!, { limit: 4 });
    expect(first.items.map((m) => m.mediaType)).toEqual(['image', 'reel', 'image', 'carousel']);
    expect(first.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      mediaType: 'image',
      caption: 'Ana Business post #128',
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\/[\w-]{11}\/$/),
      publishedAt: new Date(h.clock.now().getTime() - 36 * HOUR),
      mediaUrl: expect.stringMatching(/\.jpg$/),
      thumbnailUrl: expect.stringMatching(/\.jpg$/),
    });
    expect(first.items[1]).toMatchObject({ mediaUrl: expect.stringMatching(/\.mp4$/), thumbnailUrl: expect.stringMatching(/-thumb\.jpg$/) });
    const second = await h.provider.listMedia(tokens.accessToken, account!, { limit: 4, cursor: first.nextCursor });
    expect(second.items[0]!.publishedAt.getTime()).toBeLessThan(first.items[3]!.publishedAt.getTime());
    // The seventh item is a copyrighted reel: Instagram sends no media_url, only its thumbnail.
    expect(second.items[2]).toMatchObject({ mediaType: 'reel', mediaUrl: null, thumbnailUrl: expect.stringMatching(/-thumb\.jpg$/) });
  });

  it('the last page of media has no next cursor, and a limit above 100 asks for 100', async () => {
    const { tokens, accounts: [account] } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    const first = await h.provider.listMedia(tokens.accessToken, account!, { limit: 500 });
    expect(first.items).toHaveLength(100);
    const last = await h.provider.listMedia(tokens.accessToken, account!, { limit: 500, cursor: first.nextCursor });
    expect(last).toMatchObject({ items: { length: 28 }, nextCursor: null });
  });

  it('a reel published later is listed first, as a reel', async () => {
    const { tokens, accounts: [account] } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    h.clock.advance(HOUR);
    const reel = h.sandbox.world.instagram.publishMedia('ana.business', { mediaType: 'VIDEO', productType: 'REELS', caption: 'new reel' });
    const { items: [newest] } = await h.provider.listMedia(tokens.accessToken, account!, { limit: 1 });
    expect(newest).toMatchObject({ id: reel.id, mediaType: 'reel', caption: 'new reel', publishedAt: h.clock.now(), permalink: expect.stringContaining('/reel/') });
  });

  it('a dead token on the media list asks for a reconnect, like every other call', async () => {
    const { tokens, accounts: [account] } = await h.provider.exchangeCode({ code: await code(), redirectUri: REDIRECT_URI });
    h.sandbox.world.instagram.applyEvent('ana.business', 'password-change');
    expect(await providerError(h.provider.listMedia(tokens.accessToken, account!, { limit: 2 }))).toMatchObject({ kind: 'reauth_required', reason: 'password_changed' });
  });
});
