import { describe, expect, it } from 'vitest';
import { ManualClock } from '../kernel/clock.ts';
import { createHttpClient } from './http.ts';
import { displayNameOf, displayNamesWith, profileOf, profiles, providerIds, providerIdsWith } from './profiles.ts';
import { defaultRateLimits } from './rate-limits.ts';
import { createProviderRegistry, providerOrigins, sandboxCredentials } from './registry.ts';
import { tokenPolicies } from './token-policy.ts';

describe('each network is described once, by its profile', () => {
  it('every network is listed once, in the order it is offered', () => {
    expect(providerIds).toEqual(['instagram', 'facebook', 'tiktok', 'youtube', 'pinterest', 'threads']);
  });

  it('every adapter takes its id and display name from its profile, and is offered in the profiles’ order', () => {
    const registry = createProviderRegistry({ credentials: sandboxCredentials, http: createHttpClient({ originMap: {}, timeoutMs: 1000 }), clock: new ManualClock(new Date(0)) });
    expect(registry.all().map((adapter) => [adapter.id, adapter.displayName])).toEqual(profiles.map((profile) => [profile.id, profile.displayName]));
  });

  it('token policies, rate budgets, origins and sandbox credentials exist for every network and no other', () => {
    for (const table of [tokenPolicies({ refreshAfterDays: 50 }), defaultRateLimits, providerOrigins, sandboxCredentials]) expect(Object.keys(table)).toEqual([...providerIds]);
  });

  it('Instagram and Facebook spend one Meta app budget between them', () => {
    const appBudgets = (id: string) => profileOf(id)!.rateLimits.filter((budget) => budget.scope === 'app');
    expect(appBudgets('instagram')).toEqual(appBudgets('facebook'));
  });

  it('no two networks share an environment variable, an origin or a post host', () => {
    for (const values of [profiles.flatMap((p) => [p.env.clientId, p.env.clientSecret]), profiles.flatMap((p) => p.origins), profiles.flatMap((p) => p.permalinks.hosts)]) {
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('capabilities name the networks each feature serves', () => {
    expect(providerIdsWith('refreshInsights')).toEqual(['instagram', 'facebook', 'pinterest', 'threads']);
    expect(providerIdsWith('audience')).toEqual(['instagram', 'facebook', 'youtube', 'threads']);
    expect(providerIdsWith('partnershipAds')).toEqual(['instagram']);
    expect(providerIdsWith('media')).toEqual([...providerIds]);
  });

  it('a display name is the profile’s, and an unknown id shows as itself', () => {
    expect(displayNameOf('youtube')).toBe('YouTube');
    expect(displayNameOf('myspace')).toBe('myspace');
  });

  it('the networks with a capability read as words, for pages and API docs', () => {
    expect(displayNamesWith('refreshInsights')).toBe('Instagram, Facebook, Pinterest and Threads');
    expect(displayNamesWith('partnershipAds')).toBe('Instagram');
  });
});
