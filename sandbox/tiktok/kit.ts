/** TikTok's test kit (core/kit.ts): the grant is the refresh token, which every refresh rotates. */

import { groupGrantTokens, type NetworkKit } from '../core/kit.ts';
import type { World } from '../core/world.ts';
import type { TikTokWorld } from './world.ts';

const tiktok = (world: World) => world.network<TikTokWorld>('tiktok');

export const tiktokKit: NetworkKit = {
  provider: 'tiktok',
  populationShare: 0.2,
  grantTokenKind: 'refresh',
  throttle: { endpoints: ['tiktok.user_info', 'tiktok.token', 'tiktok.video_list'], spec: { fault: 'throttle' } },
  rotatingRefreshEndpoint: 'tiktok.token',
  mintGrant(world, prefix, issuedAt) {
    const c = tiktok(world).seedConnections(1, { prefix })[0]!;
    return {
      provider: 'tiktok',
      login: 'tiktok_login_kit',
      network: 'tiktok',
      accountId: c.openId,
      username: c.username,
      displayName: c.username,
      accountType: 'BUSINESS',
      scopes: ['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list'],
      providerUserId: c.openId,
      issuedAt,
      accessToken: c.accessToken,
      expiresAt: c.expiresAt,
      refreshToken: c.refreshToken,
      refreshTokenExpiresAt: c.refreshExpiresAt,
    };
  },
  accountOfGrant: (_world, grant) => ({ username: grant.username!, accountId: grant.accountId, callKeys: [grant.accountId], grantKey: grant.username! }),
  createAccount(world, username) {
    const account = tiktok(world).createAccount({ username, videoCount: 2 });
    return { username, accountId: account.openId, callKeys: [account.openId], grantKey: username };
  },
  grantTokens(world) {
    const tt = tiktok(world);
    const state = tt.exportState();
    const owner = new Map(state.grants.map((g) => [g.id, g.username]));
    return groupGrantTokens(
      state.refreshTokens,
      (t) => owner.get(t.grantId) ?? '',
      (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: t.supersededAtMs !== undefined, alive: () => tt.checkRefresh(t.value).ok }),
    );
  },
  revoke: (world, account) => void tiktok(world).applyEvent(account.username, 'revoke'),
  graceAfterRotation: (world, seconds) => void (tiktok(world).config.rotationGraceSeconds = seconds),
};
