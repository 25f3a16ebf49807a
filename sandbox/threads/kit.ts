/** Threads' test kit (core/kit.ts): like Instagram's, the grant is the long-lived token a refresh replaces. */

import { groupGrantTokens, type NetworkKit } from '../core/kit.ts';
import type { World } from '../core/world.ts';
import type { ThreadsWorld } from './world.ts';

const threads = (world: World) => world.network<ThreadsWorld>('threads');

export const threadsKit: NetworkKit = {
  provider: 'threads',
  // Not in the measured population yet: the figures in docs/benchmarks.md and the soak's were measured
  // without it. Give it a share when they are measured again; seeding and the soak's checks handle it.
  populationShare: 0,
  grantTokenKind: 'access',
  throttle: { endpoints: ['threads.me', 'threads.refresh_access_token', 'threads.threads'], spec: { fault: 'throttle' } },
  rotatingRefreshEndpoint: 'threads.refresh_access_token',
  mintGrant(world, prefix, issuedAt) {
    const c = threads(world).seedConnections(1, { prefix })[0]!;
    return {
      provider: 'threads',
      login: 'threads_login',
      network: 'threads',
      accountId: c.userId,
      username: c.username,
      displayName: c.username,
      // Threads has no account types.
      accountType: 'THREADS',
      scopes: ['threads_basic', 'threads_manage_insights'],
      providerUserId: null,
      issuedAt,
      accessToken: c.accessToken,
      expiresAt: c.expiresAt,
    };
  },
  accountOfGrant: (_world, grant) => ({ username: grant.username!, accountId: grant.accountId, callKeys: [grant.accountId], grantKey: grant.username! }),
  createAccount(world, username) {
    const profile = threads(world).createProfile({ username, postCount: 2 });
    return { username, accountId: profile.id, callKeys: [profile.id], grantKey: username };
  },
  grantTokens(world) {
    const t = threads(world);
    return groupGrantTokens(
      t.exportState().tokens.filter((token) => token.kind === 'long'),
      (token) => token.username,
      (token) => ({ value: token.value, issuedAtMs: token.issuedAtMs, rotatedOut: token.supersededAtMs !== undefined, alive: () => t.check(token.value).ok }),
    );
  },
  revoke: (world, account) => void threads(world).applyEvent(account.username, 'revoke'),
  graceAfterRotation: (world, seconds) => void (threads(world).config.refreshGraceSeconds = seconds),
};
