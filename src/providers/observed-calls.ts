/**
 * Every call to a network measured (`channelkeeper_provider_call_duration_seconds`) and traced (one
 * client span), at the one seam that knows how a call ended: the registry wraps each adapter, so every
 * network is covered without a line in any adapter. http.ts sees only statuses; the kind of a failure
 * (reauth_required, rate_limited, transient, …) is the adapter's classification, known once the
 * adapter's method returns or throws. One call is one adapter operation, which may take several HTTP
 * requests (a code exchange is a token request, a long-lived token request and an account read).
 * Labels and attributes are the network, a fixed endpoint name and the outcome: never a token, an id or
 * a URL.
 */
import { SpanKind } from '@opentelemetry/api';
import type { Metrics } from '../platform/metrics.ts';
import { withSpan } from '../platform/tracing.ts';
import type { PartnershipAdsProvider } from './partnership-ads.ts';
import { type OAuthProvider, ProviderError } from './provider.ts';

/** Each measured method of an object, with its endpoint name. */
type Endpoints<T> = { readonly [K in keyof T]?: string };

export const oauthEndpoints = {
  exchangeCode: 'code_exchange',
  fetchAccount: 'account_fetch',
  refreshToken: 'token_refresh',
  listMedia: 'media_list',
  listStories: 'stories_list',
  mediaFiles: 'media_files',
  fetchMediaInsights: 'media_insights',
  fetchAudience: 'audience',
  fetchAccountInsights: 'account_insights',
  revokeToken: 'token_revoke',
} as const satisfies Endpoints<OAuthProvider>;

export const partnershipAdsEndpoints = {
  exchangeCode: 'partnership_code_exchange',
  linkedInstagramAccounts: 'partnership_accounts',
  setPartnerPromotion: 'partnership_promotion',
  checkToken: 'partnership_token_check',
} as const satisfies Endpoints<PartnershipAdsProvider>;

/** `ok`, or the ProviderError's kind; `error` for a failure no adapter classified (a bug). */
export const outcomeOf = (error: unknown): string => (error instanceof ProviderError ? error.kind : 'error');

/**
 * `target` with each method named in `endpoints` measured and traced. Everything else is the target's
 * own, bound to it (adapters keep private `#` members, which only the real instance can reach).
 */
export function observeCalls<T extends object>(target: T, network: string, endpoints: Endpoints<T>, metrics: Metrics): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const endpoint = endpoints[property as keyof T];
      if (!endpoint) return value.bind(object);
      return (...args: unknown[]) => observed(metrics, network, endpoint, () => value.apply(object, args) as Promise<unknown>);
    },
  });
}

function observed<R>(metrics: Metrics, network: string, endpoint: string, call: () => Promise<R>): Promise<R> {
  const attributes = { 'channelkeeper.provider.network': network, 'channelkeeper.provider.endpoint': endpoint };
  return withSpan(`provider ${endpoint}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await call();
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      span.setAttribute('channelkeeper.provider.outcome', outcome);
      metrics.providerCall({ network, endpoint, outcome, seconds: (performance.now() - started) / 1000 });
    }
  });
}
