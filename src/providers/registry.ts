/** The only file that lists providers. Everything else receives adapters from here. */
import type { Clock } from '../kernel/clock.ts';
import type { HttpClient } from './http.ts';
import { Facebook } from './facebook/facebook.ts';
import { FacebookPartnershipAds } from './facebook/partnership-ads.ts';
import { Instagram } from './instagram/instagram.ts';
import { Pinterest } from './pinterest/pinterest.ts';
import type { PartnershipAdsProvider } from './partnership-ads.ts';
import type { OAuthProvider, ProviderId } from './provider.ts';
import { TikTok } from './tiktok/tiktok.ts';
import { YouTube } from './youtube/youtube.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Credentials per provider; a provider without credentials is not offered. */
export type ProviderCredentials = Partial<Record<ProviderId, ClientCredentials>>;

/** Real provider origins, for the sandbox's demo map. */
export const providerOrigins = {
  instagram: ['https://www.instagram.com', 'https://api.instagram.com', 'https://graph.instagram.com'],
  facebook: ['https://www.facebook.com', 'https://graph.facebook.com'],
  tiktok: ['https://www.tiktok.com', 'https://open.tiktokapis.com'],
  youtube: ['https://accounts.google.com', 'https://oauth2.googleapis.com', 'https://www.googleapis.com', 'https://youtubeanalytics.googleapis.com'],
  pinterest: ['https://www.pinterest.com', 'https://api.pinterest.com'],
} as const satisfies Record<ProviderId, readonly string[]>;

/** Credentials the built-in sandbox accepts (demo mode). */
export const sandboxCredentials: Required<ProviderCredentials> = {
  instagram: { clientId: 'sandbox-instagram-app', clientSecret: 'sandbox-instagram-secret' },
  facebook: { clientId: 'sandbox-facebook-app', clientSecret: 'sandbox-facebook-secret' },
  tiktok: { clientId: 'sandbox-tiktok-client-key', clientSecret: 'sandbox-tiktok-secret' },
  youtube: { clientId: 'sandbox-google-client.apps.googleusercontent.com', clientSecret: 'sandbox-google-secret' },
  pinterest: { clientId: 'sandbox-pinterest-app', clientSecret: 'sandbox-pinterest-secret' },
};

interface AdapterDeps extends ClientCredentials {
  http: HttpClient;
  clock: Clock;
}

/** How to build each adapter; the order is the order networks are offered in. */
const factories: Record<ProviderId, ((deps: AdapterDeps) => OAuthProvider) | undefined> = {
  instagram: (deps) => new Instagram(deps),
  facebook: (deps) => new Facebook(deps),
  tiktok: (deps) => new TikTok(deps),
  youtube: (deps) => new YouTube(deps),
  pinterest: (deps) => new Pinterest(deps),
};

export interface ProviderRegistry {
  get(id: string): OAuthProvider | undefined;
  all(): OAuthProvider[];
  /** Facebook Login for Partnership Ads consent (issue 6); undefined when Facebook is not configured. */
  partnershipAds?(): PartnershipAdsProvider | undefined;
}

export function createProviderRegistry(deps: { credentials: ProviderCredentials; http: HttpClient; clock: Clock }): ProviderRegistry {
  const adapters = new Map<string, OAuthProvider>();
  for (const [id, make] of Object.entries(factories) as [ProviderId, ((d: AdapterDeps) => OAuthProvider) | undefined][]) {
    const credentials = deps.credentials[id];
    if (make && credentials) adapters.set(id, make({ ...credentials, http: deps.http, clock: deps.clock }));
  }
  // The same Facebook app as the Facebook connection adapter, built once.
  const facebook = deps.credentials.facebook;
  const partnershipAds = facebook ? new FacebookPartnershipAds({ ...facebook, http: deps.http, clock: deps.clock }) : undefined;
  return {
    get: (id) => adapters.get(id),
    all: () => [...adapters.values()],
    partnershipAds: () => partnershipAds,
  };
}
