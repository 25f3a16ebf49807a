/** Pinterest's test kit (core/kit.ts): the grant is the refresh token, spent by a continuous refresh. */

import { groupGrantTokens, type NetworkKit } from '../core/kit.ts';
import type { World } from '../core/world.ts';
import type { PinterestWorld } from './world.ts';

const pinterest = (world: World) => world.network<PinterestWorld>('pinterest');

export const pinterestKit: NetworkKit = {
  provider: 'pinterest',
  populationShare: 0.15,
  grantTokenKind: 'refresh',
  throttle: { endpoints: ['pinterest.user_account', 'pinterest.token', 'pinterest.pins'], spec: { fault: 'throttle' } },
  rotatingRefreshEndpoint: 'pinterest.token',
  mintGrant(world, prefix, issuedAt) {
    const c = pinterest(world).seedConnections(1, { prefix })[0]!;
    return {
      provider: 'pinterest',
      login: 'pinterest_oauth',
      network: 'pinterest',
      accountId: c.userId,
      username: c.username,
      displayName: c.username,
      accountType: 'BUSINESS',
      scopes: ['user_accounts:read', 'pins:read', 'boards:read'],
      providerUserId: null,
      issuedAt,
      accessToken: c.accessToken,
      expiresAt: c.expiresAt,
      refreshToken: c.refreshToken,
      refreshTokenExpiresAt: c.refreshTokenExpiresAt,
    };
  },
  accountOfGrant: (_world, grant) => ({ username: grant.username!, accountId: grant.accountId, callKeys: [grant.accountId], grantKey: grant.username! }),
  createAccount(world, username) {
    const account = pinterest(world).createAccount({ username, accountType: 'BUSINESS', pinCount: 2 });
    return { username, accountId: account.id, callKeys: [account.id], grantKey: username };
  },
  grantTokens(world) {
    const p = pinterest(world);
    return groupGrantTokens(
      p.exportState().refreshTokens,
      (t) => t.username,
      (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: t.spentAtMs !== undefined, alive: () => p.checkRefresh(t.value).ok }),
    );
  },
  revoke: (world, account) => void pinterest(world).applyEvent(account.username, 'revoke'),
  // Pinterest documents no grace: the knob keeps the old refresh token working instead of spending it.
  graceAfterRotation: (world) => void (pinterest(world).config.oldRefreshToken = 'kept'),
};
