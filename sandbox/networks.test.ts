/**
 * Every network's test kit tells the truth about its network: what a kit mints, creates and revokes is
 * what the network's own records and token checks then say. The benchmarks and the soak rely on nothing else.
 */
import { describe, expect, it } from 'vitest';
import type { KitGrant, NetworkKit } from './core/kit.ts';
import { setup } from './core/test-support.ts';
import { networkKits } from './networks.ts';

/** The token of a minted grant that the network files as the grant (see GrantTokenKind). */
function grantToken(kit: NetworkKit, grant: KitGrant): string | undefined {
  return kit.grantTokenKind === 'refresh' ? grant.refreshToken : grant.accessToken;
}

it('the population shares of all networks add up to one', () => {
  const total = networkKits.reduce((sum, kit) => sum + kit.populationShare, 0);
  expect(total).toBeCloseTo(1, 10);
  for (const kit of networkKits) expect(kit.populationShare).toBeGreaterThanOrEqual(0);
});

it('each network has one kit', () => {
  const providers = networkKits.map((kit) => kit.provider);
  expect(new Set(providers).size).toBe(providers.length);
});

describe.each(networkKits.map((kit) => [kit.provider, kit] as const))('the %s kit', (_provider, kit) => {
  it('mints a grant the network holds as alive and newest, issued at the clock', () => {
    const { world, clock } = setup();
    const grant = kit.mintGrant(world, 'kit', clock.now());
    const account = kit.accountOfGrant(world, grant);
    expect(grant.provider).toBe(kit.provider);
    expect(grant.issuedAt).toEqual(clock.now());
    expect(account.callKeys).toContain(grant.accountId);
    const tokens = kit.grantTokens(world).get(account.grantKey) ?? [];
    expect(tokens.map((t) => t.value)).toEqual([grantToken(kit, grant)]);
    expect(tokens[0]!.alive()).toBe(true);
    expect(tokens[0]!.rotatedOut).toBe(false);
    expect(tokens[0]!.issuedAtMs).toBe(clock.now().getTime());
  });

  it("keeps two accounts' grants apart", () => {
    const { world, clock } = setup();
    const first = kit.accountOfGrant(world, kit.mintGrant(world, 'one', clock.now()));
    const second = kit.accountOfGrant(world, kit.mintGrant(world, 'two', clock.now()));
    expect(first.grantKey).not.toBe(second.grantKey);
    expect(first.accountId).not.toBe(second.accountId);
    expect(kit.grantTokens(world).get(first.grantKey)).toHaveLength(1);
  });

  it('revoking ends the grant at the network', () => {
    const { world, clock } = setup();
    const account = kit.accountOfGrant(world, kit.mintGrant(world, 'kit', clock.now()));
    kit.revoke(world, account);
    const tokens = kit.grantTokens(world).get(account.grantKey) ?? [];
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.some((t) => t.alive())).toBe(false);
  });

  it('creates an account with nothing granted yet, named as asked', () => {
    const { world } = setup();
    const account = kit.createAccount(world, 'kit.new');
    expect(account.username).toBe('kit.new');
    expect(account.accountId).not.toBe('');
    expect(account.callKeys.length).toBeGreaterThan(0);
    expect(kit.grantTokens(world).get(account.grantKey) ?? []).toEqual([]);
  });
});
