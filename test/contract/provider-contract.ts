/**
 * The provider contract: one suite every OAuthProvider adapter must pass against its sandbox. An
 * adapter plugs in through a harness that knows how to drive its simulated network (consent screen,
 * account events, faults, clock); the cases below only speak the OAuthProvider interface, so they
 * read the same for Instagram, Facebook, TikTok, YouTube and Pinterest.
 *
 * Times in the cases come from the harness (access-token lifetime, grant lifetime, refresh age), never
 * from constants here: each provider's lifetimes are configurable in its sandbox.
 *
 * A case that cannot apply to a provider is skipped by name in `harness.skip`, with the reason, which
 * the report shows next to the skipped case. A skip without a reason fails the case.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, type ManualClock } from '../../src/kernel/clock.ts';
import { type Grant, type MediaItem, type MediaMetrics, type OAuthProvider, type ProviderAccount, ProviderError, type TokenSet } from '../../src/providers/provider.ts';

export const contractCases = [
  'authorization_url',
  'exchange_code',
  'code_with_fragment',
  'partial_consent',
  'ineligible_account',
  'refresh',
  'refresh_rotation',
  'password_changed',
  'app_removed',
  'expired',
  'revoke',
  'throttled',
  'server_error',
  'timeout',
  'malformed_body',
  'missing_scope',
  'list_media',
  'media_insights',
  'audience',
] as const;
export type ContractCase = (typeof contractCases)[number];

/** The adapter calls a fault can be aimed at. */
export type ContractOperation = 'exchangeCode' | 'fetchAccount' | 'refreshToken' | 'listMedia' | 'fetchMediaInsights' | 'fetchAudience';

/** Failures every network has some version of; the harness translates each into its sandbox's own fault. */
export type ContractFault = { kind: 'server_error' } | { kind: 'timeout' } | { kind: 'malformed_body' } | { kind: 'throttle'; regainMinutes: number } | { kind: 'missing_scope' };

/** Things a person does on the network that kill every token the app holds for their account. */
export type ContractAccountEvent = 'password_changed' | 'app_removed';

/** What the contract needs to know about, and do to, one provider's sandbox. */
export interface ProviderHarness {
  provider: OAuthProvider;
  clock: ManualClock;
  /** The redirect URI the adapter is registered with. */
  redirectUri: string;
  /** Usernames of two sandbox accounts: one the product serves, one it must refuse (eligible=false). */
  accounts: { eligible: string; ineligible: string };
  /** The provider's id for an account, exactly as the adapter must report it. */
  accountIdOf(username: string): string;
  /** Name of the client-id parameter on the authorize URL (TikTok says `client_key`); default `client_id`. */
  clientIdParam?: string;
  /** Lifetime of the access token a code exchange or a refresh hands out; null when it has none. */
  tokenLifetimeMs: number | null;
  /**
   * How long the grant lives without the person (the refresh token's lifetime, or the access token's
   * where there is no refresh token); null when it has no fixed end (Google). Default: tokenLifetimeMs.
   */
  grantLifetimeMs?: number | null;
  /** The youngest age at which the provider refreshes a token (0 when any token can be refreshed). */
  minRefreshAgeMs: number;
  /**
   * False for a provider a server cannot refresh (Facebook): the cases that watch a grant die then ask
   * the person's token and the account's own token instead of refreshing, and faults aim at fetchAccount.
   */
  refreshable?: boolean;
  /** Each refresh hands out a new refresh token and the old one stops working (after `rotationGraceMs`). */
  rotatesRefreshToken?: boolean;
  rotationGraceMs?: number;
  /**
   * False for a provider whose token answers never name the granted scopes (Threads): the token then
   * carries none, and the connection assumes what it asked for until a call is refused. Default true.
   */
  reportsGrantedScopes?: boolean;
  /** The provider offers an API to revoke a grant (else revokeToken must answer false without calling it). */
  revokeSupported: boolean;
  /**
   * The `reason` the provider lets an adapter tell for each account event. Networks that only say
   * "invalid grant" cannot tell a password change from a removed app: they report 'revoked'.
   */
  eventReasons?: Partial<Record<ContractAccountEvent, string>>;
  /** The retry-after a throttle with this regain time must report; undefined: the provider gives none. */
  throttleRetryAfterSeconds?: (regainMinutes: number) => number | undefined;
  /** The account of a grant the cases look at (Facebook Login reaches several); default the first. */
  pickAccount?(grant: Grant, username: string): ProviderAccount | undefined;
  /**
   * Plays the person on the provider's consent screen: opens `authorizationUrl`, signs in as `username`,
   * grants exactly `granted`, and returns the redirect `location` the provider answers with.
   */
  consent(authorizationUrl: URL, username: string, granted: readonly string[]): Promise<string>;
  /** Makes every token the account holds now die, as the event does on the real network. */
  killTokens(username: string, event: ContractAccountEvent): void;
  /** Arms a fault for the next call of `operation` only. */
  injectFault(operation: ContractOperation, fault: ContractFault): void;
  advance(ms: number): void;
  /**
   * What fetchAudience answers for the eligible account: its demographics, or that the network's API
   * offers none for such an account (TikTok's Display API).
   */
  audience: 'available' | 'not_offered';
  /** Cases that do not apply to this provider, each with the reason. */
  skip?: Partial<Record<ContractCase, string>>;
  close(): Promise<void>;
}

/** The recorded reason to skip `name`, or undefined to run it; a blank reason is refused. */
export function skipReason(skip: ProviderHarness['skip'], name: ContractCase): string | undefined {
  const reason = skip?.[name];
  if (reason === undefined) return undefined;
  if (reason.trim() === '') throw new Error(`the contract case "${name}" is skipped without a reason; say why it does not apply`);
  return reason;
}

/** Awaits a call that must fail with a ProviderError, and returns the error. */
export async function providerError(call: Promise<unknown>): Promise<ProviderError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw new Error(`expected a ProviderError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a ProviderError, but the call succeeded');
}

interface Connected {
  tokens: TokenSet;
  account: ProviderAccount;
  grant: Grant;
}

const STATE = 'contract-state-0123456789';
const VERIFIER = 'contract-verifier-0123456789-0123456789-0123456789';

function authorizationUrl(h: ProviderHarness): URL {
  return h.provider.createAuthorizationUrl({ state: STATE, redirectUri: h.redirectUri, codeVerifier: h.provider.pkce ? VERIFIER : undefined });
}

async function authorize(h: ProviderHarness, username: string, granted: readonly string[] = h.provider.scopes): Promise<URL> {
  const location = new URL(await h.consent(authorizationUrl(h), username, granted));
  expect(location.searchParams.get('state')).toBe(STATE);
  return location;
}

function exchange(h: ProviderHarness, code: string): Promise<Grant> {
  return h.provider.exchangeCode({ code, redirectUri: h.redirectUri, codeVerifier: h.provider.pkce ? VERIFIER : undefined });
}

function accountOf(h: ProviderHarness, grant: Grant, username: string): ProviderAccount {
  const account = h.pickAccount ? h.pickAccount(grant, username) : grant.accounts[0];
  if (!account) throw new Error(`the grant for ${username} reached no account`);
  return account;
}

async function connect(h: ProviderHarness, username = h.accounts.eligible, granted?: readonly string[]): Promise<Connected> {
  const location = await authorize(h, username, granted);
  const grant = await exchange(h, location.searchParams.get('code')!);
  return { grant, tokens: grant.tokens, account: accountOf(h, grant, username) };
}

/** The age at which any provider agrees to refresh a token. */
const refreshableAge = (h: ProviderHarness) => h.minRefreshAgeMs + HOUR;
const grantLifetime = (h: ProviderHarness) => (h.grantLifetimeMs === undefined ? h.tokenLifetimeMs : h.grantLifetimeMs);

/** A token's expiry must be the provider's lifetime counted from our clock (or none, when it has none). */
function expectLifetime(h: ProviderHarness, tokens: TokenSet): void {
  const now = h.clock.now().getTime();
  expect(tokens.issuedAt.getTime()).toBe(now);
  if (h.tokenLifetimeMs === null) {
    expect(tokens.expiresAt).toBeNull();
    return;
  }
  expect(tokens.expiresAt!.getTime()).toBeGreaterThan(now + h.tokenLifetimeMs - HOUR);
  expect(tokens.expiresAt!.getTime()).toBeLessThanOrEqual(now + h.tokenLifetimeMs);
}

/**
 * The two calls that use a stored grant: the refresh and the account check; without a server-side
 * refresh, the person's own token (`/me`) takes the refresh's place.
 */
const bothCalls = (h: ProviderHarness, c: Connected) => [
  h.refreshable === false ? () => h.provider.fetchAccount(c.tokens.accessToken) : () => h.provider.refreshToken(c.tokens),
  () => h.provider.fetchAccount(c.account.accountAccessToken ?? c.tokens.accessToken, c.account),
];

/** The call a fault case aims at: the refresh, or the account check where there is no refresh. */
function faultedCall(h: ProviderHarness, c: Connected): { operation: ContractOperation; call: () => Promise<unknown> } {
  if (h.refreshable !== false) return { operation: 'refreshToken', call: () => h.provider.refreshToken(c.tokens) };
  return { operation: 'fetchAccount', call: () => h.provider.fetchAccount(c.account.accountAccessToken ?? c.tokens.accessToken, c.account) };
}

/** Each item names itself, its kind, its page on the network and when it was published; the page runs newest first. */
function expectMediaPage(items: MediaItem[]): void {
  for (const item of items) {
    expect(item.id).toMatch(/\S/);
    expect(item.mediaType).toMatch(/^[a-z]+$/);
    expect(item.permalink).toMatch(/^https:\/\//);
    expect(Number.isNaN(item.publishedAt.getTime())).toBe(false);
  }
  const times = items.map((item) => item.publishedAt.getTime());
  expect(times).toEqual([...times].sort((a, b) => b - a));
}

const eventReason = (h: ProviderHarness, event: ContractAccountEvent) => h.eventReasons?.[event] ?? event;

/** An error must never carry the secret it was about. */
function expectNoSecret(error: ProviderError, ...secrets: (string | undefined)[]): void {
  for (const secret of secrets) {
    if (!secret) continue;
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify({ ...error, stack: error.stack })).not.toContain(secret);
  }
}

/**
 * A refused call that means "this grant is over": reauth_required, or (for an access token only) the
 * provider's "refresh and retry" signal, which a refresh that also fails turns into a reconnect.
 */
function expectGrantOver(error: ProviderError, reason: string, call: number): void {
  if (call === 1 && error.refreshMayHelp) return;
  expect(error).toMatchObject({ kind: 'reauth_required', reason });
}

const cases: Record<ContractCase, { title: string; run: (h: ProviderHarness) => Promise<void> }> = {
  authorization_url: {
    title: 'the authorization URL carries the client id, redirect URI, response type, scopes, state (and a PKCE challenge where used)',
    async run(h) {
      const url = authorizationUrl(h);
      expect(url.searchParams.get(h.clientIdParam ?? 'client_id')).toBeTruthy();
      expect(url.searchParams.get('redirect_uri')).toBe(h.redirectUri);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('state')).toBe(STATE);
      const scopes = (url.searchParams.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
      expect(scopes).toEqual([...h.provider.scopes]);
      if (h.provider.pkce) {
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$|^[0-9a-f]{64}$/);
      } else {
        expect(url.searchParams.get('code_challenge')).toBeNull();
      }
    },
  },

  exchange_code: {
    title: 'a code becomes the longest-lived token, with its expiry from our clock, the account it belongs to and the scopes granted',
    async run(h) {
      const { tokens, account } = await connect(h);
      expect(tokens.accessToken).toEqual(expect.any(String));
      expectLifetime(h, tokens);
      if (h.reportsGrantedScopes === false) expect(tokens.scopes, 'scopes the provider never reported are not made up').toBeUndefined();
      else expect([...(tokens.scopes ?? [])].sort()).toEqual([...h.provider.scopes].sort());
      expect(account).toMatchObject({ accountId: h.accountIdOf(h.accounts.eligible), eligible: true });
      const { accountAccessToken: _, ...fetched } = await h.provider.fetchAccount(account.accountAccessToken ?? tokens.accessToken, account);
      const { accountAccessToken: __, ...expected } = account;
      expect(fetched).toEqual(expected);
    },
  },

  code_with_fragment: {
    title: 'a code copied together with the fragment the redirect appends is still accepted',
    async run(h) {
      const location = await authorize(h, h.accounts.eligible);
      expect(location.hash, 'the redirect appends no fragment: skip this case').not.toBe('');
      const grant = await exchange(h, `${location.searchParams.get('code')}${location.hash}`);
      expect(accountOf(h, grant, h.accounts.eligible).accountId).toBe(h.accountIdOf(h.accounts.eligible));
    },
  },

  partial_consent: {
    title: 'when the person grants fewer scopes than asked, the token reports only those granted',
    async run(h) {
      const [first] = h.provider.scopes;
      const { tokens } = await connect(h, h.accounts.eligible, [first!]);
      expect(tokens.scopes).toEqual([first]);
    },
  },

  ineligible_account: {
    title: 'an account the product cannot serve comes back with eligible=false and why',
    async run(h) {
      const { account } = await connect(h, h.accounts.ineligible);
      expect(account).toMatchObject({ accountId: h.accountIdOf(h.accounts.ineligible), eligible: false });
    },
  },

  refresh: {
    title: 'a token old enough to refresh comes back as a working token with a full lifetime from now',
    async run(h) {
      const connected = await connect(h);
      h.advance(refreshableAge(h));
      const refreshed = await h.provider.refreshToken(connected.tokens);
      expectLifetime(h, refreshed);
      if (h.rotatesRefreshToken) expect(refreshed.refreshToken).toEqual(expect.any(String));
      const token = connected.account.accountAccessToken ?? refreshed.accessToken;
      expect((await h.provider.fetchAccount(token, connected.account)).accountId).toBe(h.accountIdOf(h.accounts.eligible));
    },
  },

  refresh_rotation: {
    title: 'refreshing again with the newest refresh token works; where tokens rotate, a spent one is refused as a lost grant',
    async run(h) {
      const { tokens } = await connect(h);
      expect(tokens.refreshToken, 'this provider hands out no refresh token: skip this case').toEqual(expect.any(String));
      h.advance(refreshableAge(h));
      const first = await h.provider.refreshToken(tokens);
      const latest = { ...first, refreshToken: first.refreshToken ?? tokens.refreshToken };
      h.advance(refreshableAge(h));
      const second = await h.provider.refreshToken(latest);
      expect(second.accessToken).toEqual(expect.any(String));
      if (!h.rotatesRefreshToken) {
        // Not rotated (Google): the same refresh token keeps working.
        expect((await h.provider.refreshToken(tokens)).accessToken).toEqual(expect.any(String));
        return;
      }
      expect(first.refreshToken).toEqual(expect.any(String));
      expect(first.refreshToken).not.toBe(tokens.refreshToken);
      h.advance((h.rotationGraceMs ?? 0) + HOUR);
      const error = await providerError(h.provider.refreshToken(tokens));
      expect(error.kind).toBe('reauth_required');
      expectNoSecret(error, tokens.refreshToken, tokens.accessToken);
    },
  },

  password_changed: {
    title: 'after the person changes their password, the grant needs a reconnect, with the reason the provider lets us tell',
    async run(h) {
      const connected = await connect(h);
      h.killTokens(h.accounts.eligible, 'password_changed');
      h.advance(refreshableAge(h));
      let call = 0;
      for (const run of bothCalls(h, connected)) {
        const error = await providerError(run());
        expectGrantOver(error, eventReason(h, 'password_changed'), call++);
        expectNoSecret(error, connected.tokens.accessToken, connected.tokens.refreshToken);
      }
    },
  },

  app_removed: {
    title: 'after the person removes the app, the grant needs a reconnect, with the reason the provider lets us tell',
    async run(h) {
      const connected = await connect(h);
      h.killTokens(h.accounts.eligible, 'app_removed');
      h.advance(refreshableAge(h));
      let call = 0;
      for (const run of bothCalls(h, connected)) expectGrantOver(await providerError(run()), eventReason(h, 'app_removed'), call++);
    },
  },

  expired: {
    title: 'a grant past its lifetime needs a reconnect because it expired',
    async run(h) {
      const lifetime = grantLifetime(h);
      expect(lifetime, 'this grant has no fixed end: skip this case').not.toBeNull();
      const connected = await connect(h);
      h.advance(lifetime! + DAY);
      let call = 0;
      for (const run of bothCalls(h, connected)) expectGrantOver(await providerError(run()), 'expired', call++);
    },
  },

  revoke: {
    title: 'revoking at the provider ends the grant (or says the provider cannot, without calling it)',
    async run(h) {
      const connected = await connect(h);
      const revoked = await h.provider.revokeToken({ ...connected.tokens });
      expect(revoked).toBe(h.revokeSupported);
      if (!revoked) return;
      expect(await h.provider.revokeToken({ ...connected.tokens }), 'revoking twice is not an error').toBe(true);
      h.advance(refreshableAge(h));
      let call = 0;
      for (const run of bothCalls(h, connected)) {
        const error = await providerError(run());
        if (!(call++ === 1 && error.refreshMayHelp)) expect(error.kind).toBe('reauth_required');
      }
    },
  },

  throttled: {
    title: "a throttled call is rate_limited and says how long to wait, from the provider's estimate where it gives one",
    async run(h) {
      const connected = await connect(h);
      h.advance(refreshableAge(h));
      const { operation, call } = faultedCall(h, connected);
      h.injectFault(operation, { kind: 'throttle', regainMinutes: 45 });
      const error = await providerError(call());
      expect(error).toMatchObject({ kind: 'rate_limited', appWide: false });
      const expected = h.throttleRetryAfterSeconds ? h.throttleRetryAfterSeconds(45) : 45 * 60;
      expect(error.retryAfterSeconds).toBe(expected);
      expectNoSecret(error, connected.tokens.accessToken, connected.tokens.refreshToken);
    },
  },

  server_error: {
    title: 'a server error is transient, and the same call works on the next try',
    async run(h) {
      const connected = await connect(h);
      h.advance(refreshableAge(h));
      const { operation, call } = faultedCall(h, connected);
      h.injectFault(operation, { kind: 'server_error' });
      const error = await providerError(call());
      expect(error.kind).toBe('transient');
      expectNoSecret(error, connected.tokens.accessToken, connected.tokens.refreshToken);
      await expect(call()).resolves.toBeTruthy();
    },
  },

  timeout: {
    title: 'a provider that does not answer in time is transient',
    async run(h) {
      const connected = await connect(h);
      h.advance(refreshableAge(h));
      const { operation, call } = faultedCall(h, connected);
      h.injectFault(operation, { kind: 'timeout' });
      const error = await providerError(call());
      expect(error).toMatchObject({ kind: 'transient', providerCode: 'timeout' });
      expectNoSecret(error, connected.tokens.accessToken, connected.tokens.refreshToken);
    },
  },

  malformed_body: {
    title: 'a success whose body cannot be read is an unexpected response',
    async run(h) {
      const connected = await connect(h);
      h.advance(refreshableAge(h));
      const { operation, call } = faultedCall(h, connected);
      h.injectFault(operation, { kind: 'malformed_body' });
      expect((await providerError(call())).kind).toBe('unexpected_response');
    },
  },

  missing_scope: {
    title: 'a call refused for a missing permission is insufficient_scope',
    async run(h) {
      const { tokens, account } = await connect(h);
      h.injectFault('fetchAccount', { kind: 'missing_scope' });
      expect(await providerError(h.provider.fetchAccount(account.accountAccessToken ?? tokens.accessToken, account))).toMatchObject({
        kind: 'insufficient_scope',
        reason: 'insufficient_scope',
      });
    },
  },

  list_media: {
    title: "the account's latest media come back newest first with their permalinks, one page at a time",
    async run(h) {
      const { tokens, account } = await connect(h);
      const token = account.accountAccessToken ?? tokens.accessToken;
      const first = await h.provider.listMedia(token, account, { limit: 2 });
      expect(first.items.length).toBeGreaterThan(0);
      expect(first.items.length).toBeLessThanOrEqual(2);
      expectMediaPage(first.items);
      expect(first.nextCursor, 'the eligible sandbox account needs more than two media').toEqual(expect.any(String));
      const second = await h.provider.listMedia(token, account, { limit: 2, cursor: first.nextCursor });
      expect(second.items.length).toBeGreaterThan(0);
      expectMediaPage(second.items);
      const seen = new Set(first.items.map((item) => item.id));
      expect(second.items.filter((item) => seen.has(item.id))).toEqual([]);
      expect(second.items[0]!.publishedAt.getTime()).toBeLessThanOrEqual(first.items.at(-1)!.publishedAt.getTime());
      h.injectFault('listMedia', { kind: 'missing_scope' });
      const error = await providerError(h.provider.listMedia(token, account, { limit: 2 }));
      expect(error).toMatchObject({ kind: 'insufficient_scope', reason: 'insufficient_scope' });
      expectNoSecret(error, token);
    },
  },

  media_insights: {
    title: 'insights of the latest posts come back in the one metrics schema, one entry per post asked, in order',
    async run(h) {
      const { tokens, account } = await connect(h);
      const token = account.accountAccessToken ?? tokens.accessToken;
      const batch = Math.min(h.provider.insightsBatchSize, 3);
      const { items } = await h.provider.listMedia(token, account, { limit: Math.max(batch, 2) });
      const refs = items.slice(0, batch).map(({ id, mediaType, publishedAt }) => ({ id, mediaType, publishedAt }));
      const { items: insights } = await h.provider.fetchMediaInsights(token, account, refs);
      expect(insights.map((i) => i.mediaId)).toEqual(refs.map((r) => r.id));
      const figures = insights.flatMap((i) => (i.status === 'ok' ? [i.metrics] : []));
      expect(figures.length, 'the latest posts have figures').toBeGreaterThan(0);
      for (const metrics of figures) expectMetrics(metrics);
      expect(
        figures.some((m) => m.views !== null || m.impressions !== null),
        'views (or impressions) are reported',
      ).toBe(true);
      const gone = await h.provider.fetchMediaInsights(token, account, [{ id: '9990000000000001', mediaType: refs[0]!.mediaType, publishedAt: refs[0]!.publishedAt }]);
      expect(gone.items).toEqual([{ mediaId: '9990000000000001', status: 'unavailable', reason: 'not_found' }]);
      h.injectFault('fetchMediaInsights', { kind: 'missing_scope' });
      const refused = await providerError(h.provider.fetchMediaInsights(token, account, refs));
      expect(refused).toMatchObject({ kind: 'insufficient_scope' });
      expectNoSecret(refused, token);
      h.injectFault('fetchMediaInsights', { kind: 'throttle', regainMinutes: 7 });
      const throttled = await providerError(h.provider.fetchMediaInsights(token, account, refs));
      expect(throttled.kind).toBe('rate_limited');
      expect(throttled.retryAfterSeconds).toBe(h.throttleRetryAfterSeconds ? h.throttleRetryAfterSeconds(7) : 7 * 60);
    },
  },

  audience: {
    title: "the account's audience comes back by age, gender and country, or the network says it offers none",
    async run(h) {
      const { tokens, account } = await connect(h);
      const token = account.accountAccessToken ?? tokens.accessToken;
      const audience = await h.provider.fetchAudience(token, account);
      if (h.audience === 'not_offered') {
        expect(audience).toMatchObject({ status: 'unavailable', reason: 'not_offered' });
        return;
      }
      expect(audience.status).toBe('available');
      if (audience.status !== 'available') return;
      // Some networks give only part of it (Facebook Pages: country and city since age/gender were retired).
      const slices = [...audience.age, ...audience.gender, ...audience.country, ...audience.city];
      expect(slices.length).toBeGreaterThan(0);
      for (const slice of slices) expect(slice).toEqual({ key: expect.any(String), value: expect.any(Number) });
      h.injectFault('fetchAudience', { kind: 'missing_scope' });
      expect(await providerError(h.provider.fetchAudience(token, account))).toMatchObject({ kind: 'insufficient_scope' });
    },
  },
};

function expectMetrics(metrics: MediaMetrics): void {
  for (const name of ['views', 'reach', 'likes', 'comments', 'saves', 'shares', 'totalInteractions', 'impressions'] as const) {
    const value = metrics[name];
    if (value !== null) expect(Number.isInteger(value) && value >= 0, `${name} is a count`).toBe(true);
  }
}

/** Runs every contract case against a fresh harness (fresh sandbox, fresh clock) per case. */
export function describeProviderContract(name: string, makeHarness: () => Promise<ProviderHarness>): void {
  describe(`${name} meets the provider contract`, () => {
    let harness: ProviderHarness | undefined;
    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    for (const name of contractCases) {
      const { title, run } = cases[name];
      it(title, async (context) => {
        const h = harness!;
        const reason = skipReason(h.skip, name);
        if (reason !== undefined) context.skip(`${name} does not apply: ${reason}`);
        await run(h);
      });
    }
  });
}
