/**
 * The provider contract: one suite every OAuthProvider adapter must pass against its sandbox. An
 * adapter plugs in through a harness that knows how to drive its simulated network (consent screen,
 * account events, faults, clock); the cases below only speak the OAuthProvider interface, so they
 * read the same for Instagram, TikTok, YouTube, Pinterest and Facebook.
 *
 * A case that cannot apply to a provider is skipped by name in `harness.skip`, with the reason, which
 * the report shows next to the skipped case. A skip without a reason fails the case.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, type ManualClock } from '../../src/domain/clock.ts';
import { ProviderError, type OAuthProvider, type ProviderAccount, type TokenSet } from '../../src/providers/provider.ts';

export const contractCases = [
  'authorization_url',
  'exchange_code',
  'code_with_fragment',
  'partial_consent',
  'ineligible_account',
  'refresh',
  'password_changed',
  'app_removed',
  'expired',
  'throttled',
  'server_error',
  'timeout',
  'malformed_body',
  'missing_scope',
] as const;
export type ContractCase = (typeof contractCases)[number];

/** The adapter calls a fault can be aimed at. */
export type ContractOperation = 'exchangeCode' | 'fetchAccount' | 'refreshToken';

/** Failures every network has some version of; the harness translates each into its sandbox's own fault. */
export type ContractFault =
  | { kind: 'server_error' }
  | { kind: 'timeout' }
  | { kind: 'malformed_body' }
  | { kind: 'throttle'; regainMinutes: number }
  | { kind: 'missing_scope' };

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
  /** Lifetime of the longest-lived token the provider hands out (and of a refreshed one). */
  tokenLifetimeMs: number;
  /** The youngest age at which the provider refreshes a token (0 when any token can be refreshed). */
  minRefreshAgeMs: number;
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

interface Grant {
  tokens: TokenSet;
  account: ProviderAccount;
}

const STATE = 'contract-state-0123456789';

async function authorize(h: ProviderHarness, username: string, granted: readonly string[] = h.provider.scopes): Promise<URL> {
  const url = h.provider.createAuthorizationUrl({ state: STATE, redirectUri: h.redirectUri });
  const location = new URL(await h.consent(url, username, granted));
  expect(location.searchParams.get('state')).toBe(STATE);
  return location;
}

async function connect(h: ProviderHarness, username = h.accounts.eligible): Promise<Grant> {
  const location = await authorize(h, username);
  return h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: h.redirectUri });
}

/** The age at which any provider agrees to refresh a token. */
const refreshableAge = (h: ProviderHarness) => h.minRefreshAgeMs + HOUR;

/** The two calls that use a stored token: the daily refresh and the hourly account check. */
const bothCalls = (h: ProviderHarness, tokens: TokenSet) => [() => h.provider.refreshToken(tokens), () => h.provider.fetchAccount(tokens.accessToken)];

/** An error must never carry the secret it was about. */
function expectNoSecret(error: ProviderError, secret: string): void {
  expect(error.message).not.toContain(secret);
  expect(JSON.stringify({ ...error, stack: error.stack })).not.toContain(secret);
}

const cases: Record<ContractCase, { title: string; run: (h: ProviderHarness) => Promise<void> }> = {
  authorization_url: {
    title: 'the authorization URL carries the client id, redirect URI, response type, scopes and state',
    async run(h) {
      const url = h.provider.createAuthorizationUrl({ state: STATE, redirectUri: h.redirectUri });
      expect(url.searchParams.get('client_id')).toBeTruthy();
      expect(url.searchParams.get('redirect_uri')).toBe(h.redirectUri);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('state')).toBe(STATE);
      const scopes = (url.searchParams.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
      expect(scopes).toEqual([...h.provider.scopes]);
    },
  },

  exchange_code: {
    title: 'a code becomes the longest-lived token, with the account it belongs to and the scopes granted',
    async run(h) {
      const { tokens, account } = await connect(h);
      const now = h.clock.now().getTime();
      expect(tokens.accessToken).toEqual(expect.any(String));
      expect(tokens.issuedAt.getTime()).toBe(now);
      expect(tokens.expiresAt!.getTime()).toBeGreaterThan(now + h.tokenLifetimeMs - HOUR);
      expect(tokens.expiresAt!.getTime()).toBeLessThanOrEqual(now + h.tokenLifetimeMs);
      expect([...(tokens.scopes ?? [])].sort()).toEqual([...h.provider.scopes].sort());
      expect(account).toMatchObject({ accountId: h.accountIdOf(h.accounts.eligible), username: h.accounts.eligible, eligible: true });
      expect(await h.provider.fetchAccount(tokens.accessToken)).toEqual(account);
    },
  },

  code_with_fragment: {
    title: 'a code copied together with the fragment the redirect appends is still accepted',
    async run(h) {
      const location = await authorize(h, h.accounts.eligible);
      expect(location.hash, 'the redirect appends no fragment: skip this case').not.toBe('');
      const copied = `${location.searchParams.get('code')}${location.hash}`;
      const { account } = await h.provider.exchangeCode({ code: copied, redirectUri: h.redirectUri });
      expect(account.accountId).toBe(h.accountIdOf(h.accounts.eligible));
    },
  },

  partial_consent: {
    title: 'when the person grants fewer scopes than asked, the token reports only those granted',
    async run(h) {
      const [first] = h.provider.scopes;
      const location = await authorize(h, h.accounts.eligible, [first!]);
      const { tokens } = await h.provider.exchangeCode({ code: location.searchParams.get('code')!, redirectUri: h.redirectUri });
      expect(tokens.scopes).toEqual([first]);
    },
  },

  ineligible_account: {
    title: 'an account the product cannot serve comes back with eligible=false',
    async run(h) {
      const { account } = await connect(h, h.accounts.ineligible);
      expect(account).toMatchObject({ accountId: h.accountIdOf(h.accounts.ineligible), eligible: false });
    },
  },

  refresh: {
    title: 'a token old enough to refresh comes back as a working token with a full lifetime from now',
    async run(h) {
      const { tokens } = await connect(h);
      h.advance(refreshableAge(h));
      const refreshed = await h.provider.refreshToken(tokens);
      const now = h.clock.now().getTime();
      expect(refreshed.issuedAt.getTime()).toBe(now);
      expect(refreshed.expiresAt!.getTime()).toBeGreaterThan(now + h.tokenLifetimeMs - HOUR);
      expect(refreshed.expiresAt!.getTime()).toBeLessThanOrEqual(now + h.tokenLifetimeMs);
      expect((await h.provider.fetchAccount(refreshed.accessToken)).accountId).toBe(h.accountIdOf(h.accounts.eligible));
    },
  },

  password_changed: {
    title: 'after the person changes their password, the token needs a reconnect because of the password change',
    async run(h) {
      const { tokens } = await connect(h);
      h.killTokens(h.accounts.eligible, 'password_changed');
      h.advance(refreshableAge(h));
      for (const call of bothCalls(h, tokens)) {
        const error = await providerError(call());
        expect(error).toMatchObject({ kind: 'reauth_required', reason: 'password_changed' });
        expectNoSecret(error, tokens.accessToken);
      }
    },
  },

  app_removed: {
    title: 'after the person removes the app, the token needs a reconnect because the app was removed',
    async run(h) {
      const { tokens } = await connect(h);
      h.killTokens(h.accounts.eligible, 'app_removed');
      h.advance(refreshableAge(h));
      for (const call of bothCalls(h, tokens)) {
        expect(await providerError(call())).toMatchObject({ kind: 'reauth_required', reason: 'app_removed' });
      }
    },
  },

  expired: {
    title: 'a token past its lifetime needs a reconnect because it expired',
    async run(h) {
      const { tokens } = await connect(h);
      h.advance(h.tokenLifetimeMs + DAY);
      for (const call of bothCalls(h, tokens)) {
        expect(await providerError(call())).toMatchObject({ kind: 'reauth_required', reason: 'expired' });
      }
    },
  },

  throttled: {
    title: "a throttled refresh is rate_limited and says how long to wait, from the provider's estimate",
    async run(h) {
      const { tokens } = await connect(h);
      h.advance(refreshableAge(h));
      h.injectFault('refreshToken', { kind: 'throttle', regainMinutes: 45 });
      const error = await providerError(h.provider.refreshToken(tokens));
      expect(error).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 45 * 60, appWide: false });
      expectNoSecret(error, tokens.accessToken);
    },
  },

  server_error: {
    title: 'a server error is transient, and the same token refreshes on the next try',
    async run(h) {
      const { tokens } = await connect(h);
      h.advance(refreshableAge(h));
      h.injectFault('refreshToken', { kind: 'server_error' });
      const error = await providerError(h.provider.refreshToken(tokens));
      expect(error.kind).toBe('transient');
      expectNoSecret(error, tokens.accessToken);
      expect((await h.provider.refreshToken(tokens)).accessToken).toEqual(expect.any(String));
    },
  },

  timeout: {
    title: 'a provider that does not answer in time is transient',
    async run(h) {
      const { tokens } = await connect(h);
      h.advance(refreshableAge(h));
      h.injectFault('refreshToken', { kind: 'timeout' });
      const error = await providerError(h.provider.refreshToken(tokens));
      expect(error).toMatchObject({ kind: 'transient', providerCode: 'timeout' });
      expectNoSecret(error, tokens.accessToken);
    },
  },

  malformed_body: {
    title: 'a success whose body cannot be read is an unexpected response',
    async run(h) {
      const { tokens } = await connect(h);
      h.advance(refreshableAge(h));
      h.injectFault('refreshToken', { kind: 'malformed_body' });
      expect((await providerError(h.provider.refreshToken(tokens))).kind).toBe('unexpected_response');
    },
  },

  missing_scope: {
    title: 'a call refused for a missing permission is insufficient_scope',
    async run(h) {
      const { tokens } = await connect(h);
      h.injectFault('fetchAccount', { kind: 'missing_scope' });
      expect(await providerError(h.provider.fetchAccount(tokens.accessToken))).toMatchObject({
        kind: 'insufficient_scope',
        reason: 'insufficient_scope',
      });
    },
  },
};

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
