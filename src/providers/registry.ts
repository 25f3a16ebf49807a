/** The only file that lists providers. Everything else receives adapters from here. */
import type { Clock } from '../domain/clock.ts';
import type { HttpClient } from './http.ts';
import { Instagram } from './instagram.ts';
import type { OAuthProvider, ProviderId } from './provider.ts';

export interface ProviderCredentials {
  instagram: { clientId: string; clientSecret: string };
}

/** Real provider origins, for the sandbox's demo map. */
export const providerOrigins = {
  instagram: ['https://www.instagram.com', 'https://api.instagram.com', 'https://graph.instagram.com'],
} as const satisfies Record<ProviderId, readonly string[]>;

/** Credentials the built-in sandbox accepts (demo mode). */
export const sandboxCredentials: ProviderCredentials = {
  instagram: { clientId: 'sandbox-instagram-app', clientSecret: 'sandbox-instagram-secret' },
};

export interface ProviderRegistry {
  get(id: string): OAuthProvider | undefined;
  all(): OAuthProvider[];
}

export function createProviderRegistry(deps: { credentials: ProviderCredentials; http: HttpClient; clock: Clock }): ProviderRegistry {
  const adapters = new Map<string, OAuthProvider>([
    ['instagram', new Instagram({ ...deps.credentials.instagram, http: deps.http, clock: deps.clock })],
  ]);
  return {
    get: (id) => adapters.get(id),
    all: () => [...adapters.values()],
  };
}
