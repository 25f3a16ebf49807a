/**
 * Builds the adapters of the networks that have credentials. profiles.ts is the one list of networks;
 * this file only says which class serves each. Everything else receives adapters from here.
 */
import type { Clock } from '../kernel/clock.ts';
import type { Metrics } from '../platform/metrics.ts';
import { Facebook } from './facebook/facebook.ts';
import { FacebookPartnershipAds } from './facebook/partnership-ads.ts';
import type { HttpClient } from './http.ts';
import { Instagram } from './instagram/instagram.ts';
import { oauthEndpoints, observeCalls, partnershipAdsEndpoints } from './observed-calls.ts';
import type { PartnershipAdsProvider } from './partnership-ads.ts';
import { Pinterest } from './pinterest/pinterest.ts';
import { type ProviderId, profiles } from './profiles.ts';
import type { OAuthProvider } from './provider.ts';
import { Threads } from './threads/threads.ts';
import { TikTok } from './tiktok/tiktok.ts';
import { YouTube } from './youtube/youtube.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Credentials per provider; a provider without credentials is not offered. */
export type ProviderCredentials = Partial<Record<ProviderId, ClientCredentials>>;

/** Real provider origins by network (the demo points each at the sandbox), from the profiles. */
export const providerOrigins = Object.fromEntries(profiles.map((profile) => [profile.id, profile.origins])) as Record<ProviderId, readonly string[]>;

/** Credentials the built-in sandbox accepts (demo mode), from the profiles. */
export const sandboxCredentials = Object.fromEntries(profiles.map((profile) => [profile.id, { ...profile.sandboxClient }])) as Required<ProviderCredentials>;

interface AdapterDeps extends ClientCredentials {
  http: HttpClient;
  clock: Clock;
}

/** How to build each network's adapter. */
const factories: Record<ProviderId, (deps: AdapterDeps) => OAuthProvider> = {
  instagram: (deps) => new Instagram(deps),
  facebook: (deps) => new Facebook(deps),
  tiktok: (deps) => new TikTok(deps),
  youtube: (deps) => new YouTube(deps),
  pinterest: (deps) => new Pinterest(deps),
  threads: (deps) => new Threads(deps),
};

export interface ProviderRegistry {
  get(id: string): OAuthProvider | undefined;
  all(): OAuthProvider[];
  /** Facebook Login for Partnership Ads consent; undefined when Facebook is not configured. */
  partnershipAds?(): PartnershipAdsProvider | undefined;
}

/** `metrics`: every adapter call is measured and traced (observed-calls.ts); absent, adapters are used bare. */
export function createProviderRegistry(deps: { credentials: ProviderCredentials; http: HttpClient; clock: Clock; metrics?: Metrics }): ProviderRegistry {
  const { metrics } = deps;
  const adapters = new Map<string, OAuthProvider>();
  // In the profiles' order, which is the order networks are offered in.
  for (const { id } of profiles) {
    const credentials = deps.credentials[id];
    if (!credentials) continue;
    const adapter = factories[id]({ ...credentials, http: deps.http, clock: deps.clock });
    adapters.set(id, metrics ? observeCalls(adapter, adapter.id, oauthEndpoints, metrics) : adapter);
  }
  // The same Facebook app as the Facebook connection adapter, built once.
  const facebook = deps.credentials.facebook;
  const consent = facebook ? new FacebookPartnershipAds({ ...facebook, http: deps.http, clock: deps.clock }) : undefined;
  const partnershipAds = consent && metrics ? observeCalls(consent, consent.providerId, partnershipAdsEndpoints, metrics) : consent;
  return {
    get: (id) => adapters.get(id),
    all: () => [...adapters.values()],
    partnershipAds: () => partnershipAds,
  };
}
