/**
 * A stand-in for the adapters' insights methods until they land: wraps each real (sandbox-backed)
 * adapter, delegating everything else to it, and answers fetchMediaInsights / fetchAudience from a
 * small in-memory world that counts calls per account and per instant. Installed by replacing the
 * registry in the test's deps (no module mocking). To test against the real adapters instead, drop
 * the `installFakeInsights(ctx)` line in a test file.
 */
import type { Clock } from '../../src/domain/clock.ts';
import { ProviderError, type AudienceInsights, type InsightsBatch, type MediaRef, type OAuthProvider } from '../../src/providers/provider.ts';
import type { ProviderRegistry } from '../../src/providers/registry.ts';
import type { TestContext } from './context.ts';

export interface FakeCall {
  at: number;
  provider: string;
  accountId: string;
  mediaIds: string[];
}

export class FakeInsights {
  readonly calls: FakeCall[] = [];
  readonly audienceCalls: string[] = [];
  /** Accounts whose grant the network refuses (reauth_required with this reason). */
  readonly revoked = new Map<string, string>();
  /** Throttles to answer, in order, before any normal answer. */
  readonly throttles: ProviderError[] = [];
  /** Failures to answer, in order, to a call that asks about this post (by the network's id). */
  readonly failures = new Map<string, ProviderError[]>();
  /** What the next answers report as Meta's usage header. */
  usagePercent: number | undefined;
  /** Posts the network has no figures for. */
  readonly unavailable = new Set<string>();
  readonly audiences = new Map<string, AudienceInsights>();
  readonly clock: Clock;
  #captures = new Map<string, number>();
  constructor(clock: Clock) {
    this.clock = clock;
  }

  fetchMediaInsights(provider: string, accountId: string, refs: readonly MediaRef[]): InsightsBatch {
    const revokedReason = this.revoked.get(accountId);
    if (revokedReason) throw new ProviderError('reauth_required', 'the grant was refused', { reason: revokedReason, providerCode: '190/460' });
    const throttle = this.throttles.shift();
    if (throttle) throw throttle;
    const failure = refs.map((ref) => this.failures.get(ref.id)?.shift()).find((f) => f !== undefined);
    if (failure) throw failure;
    this.calls.push({ at: this.clock.now().getTime(), provider, accountId, mediaIds: refs.map((r) => r.id) });
    const items = refs.map((ref) => {
      if (this.unavailable.has(ref.id)) return { mediaId: ref.id, status: 'unavailable' as const, reason: 'not_found' as const };
      // Lifetime figures grow with every capture, so each snapshot differs from the last.
      const n = (this.#captures.get(ref.id) ?? 0) + 1;
      this.#captures.set(ref.id, n);
      return { mediaId: ref.id, status: 'ok' as const, metrics: { views: 1000 * n, reach: 800 * n, likes: 40 * n, comments: 5 * n, saves: 3 * n, shares: 2 * n, totalInteractions: null, impressions: null } };
    });
    return { items, ...(this.usagePercent === undefined ? {} : { usagePercent: this.usagePercent }) };
  }

  fetchAudience(accountId: string): AudienceInsights {
    this.audienceCalls.push(accountId);
    return this.audiences.get(accountId) ?? { status: 'unavailable', reason: 'below_threshold', followers: 42 };
  }

  /** Calls per fixed window of `windowMs` (the budget windows), for asserting no window exceeds a limit. */
  callsPerWindow(windowMs: number, filter: (call: FakeCall) => boolean = () => true): Map<number, number> {
    const out = new Map<number, number>();
    for (const call of this.calls.filter(filter)) {
      const start = Math.floor(call.at / windowMs) * windowMs;
      out.set(start, (out.get(start) ?? 0) + 1);
    }
    return out;
  }
}

function wrap(adapter: OAuthProvider, fake: FakeInsights, batchSize: number): OAuthProvider {
  const overrides: Partial<OAuthProvider> = {
    insightsBatchSize: batchSize,
    fetchMediaInsights: async (_token, account, refs) => fake.fetchMediaInsights(adapter.id, account.accountId, refs),
    fetchAudience: async (_token, account) => fake.fetchAudience(account.accountId),
  };
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof OAuthProvider];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Puts the fake behind every adapter of the test's system; returns it for the test to steer. */
export function installFakeInsights(ctx: TestContext, options: { batchSize?: Record<string, number> } = {}): FakeInsights {
  const fake = new FakeInsights(ctx.clock);
  const real: ProviderRegistry = ctx.system.deps.providers;
  const wrapped = new Map(real.all().map((adapter) => [adapter.id as string, wrap(adapter, fake, options.batchSize?.[adapter.id] ?? 1)]));
  ctx.system.deps.providers = { get: (id) => wrapped.get(id), all: () => [...wrapped.values()] };
  return fake;
}
