/** Instagram's test kit (core/kit.ts): grants, accounts and tokens straight from the Instagram world. */
import { groupGrantTokens, type NetworkKit } from '../core/kit.ts';

export const instagramKit: NetworkKit = {
  provider: 'instagram',
  populationShare: 0.4,
  grantTokenKind: 'access',
  // Meta's app-wide code 4: every process pauses.
  throttle: { endpoints: ['me', 'refresh_access_token', 'media'], spec: { fault: 'throttle', code: 4 } },
  rotatingRefreshEndpoint: 'refresh_access_token',
  mintGrant(world, prefix, issuedAt) {
    const c = world.instagram.seedConnections(1, { prefix })[0]!;
    return {
      provider: 'instagram',
      login: 'instagram_login',
      network: 'instagram',
      accountId: c.userId,
      username: c.username,
      displayName: c.username,
      accountType: 'BUSINESS',
      scopes: ['instagram_business_basic', 'instagram_business_manage_insights'],
      providerUserId: null,
      issuedAt,
      accessToken: c.accessToken,
      expiresAt: c.expiresAt,
    };
  },
  accountOfGrant: (_world, grant) => ({ username: grant.username!, accountId: grant.accountId, callKeys: [grant.accountId], grantKey: grant.username! }),
  createAccount(world, username) {
    const account = world.instagram.createAccount({ username, accountType: 'BUSINESS' });
    return { username, accountId: account.userId, callKeys: [account.userId], grantKey: username };
  },
  grantTokens(world) {
    const instagram = world.instagram;
    return groupGrantTokens(
      instagram.exportState().tokens.filter((t) => t.kind === 'long'),
      (t) => t.username,
      (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: t.supersededAtMs !== undefined, alive: () => instagram.check(t.value).ok }),
    );
  },
  revoke: (world, account) => void world.instagram.applyEvent(account.username, 'revoke'),
  graceAfterRotation: (world, seconds) => void (world.config.refreshGraceSeconds = seconds),
};
