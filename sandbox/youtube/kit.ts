/** YouTube's test kit (core/kit.ts), on the Google world: the grant is a refresh token Google never rotates. */

import { groupGrantTokens, type NetworkKit } from '../core/kit.ts';
import type { World } from '../core/world.ts';
import { GoogleWorld } from './world.ts';

const google = (world: World) => world.network<GoogleWorld>('google');

export const youtubeKit: NetworkKit = {
  provider: 'youtube',
  populationShare: 0.1,
  grantTokenKind: 'refresh',
  throttle: { endpoints: ['google.channels', 'google.playlistItems', 'google.videos'], spec: { fault: 'throttle', code: 429 } },
  mintGrant(world, prefix, issuedAt) {
    const c = google(world).seedConnections(1, { prefix })[0]!;
    return {
      provider: 'youtube',
      login: 'google_oauth',
      network: 'youtube',
      accountId: c.channelId,
      username: c.username,
      displayName: c.username,
      accountType: 'BUSINESS',
      scopes: ['https://www.googleapis.com/auth/youtube.readonly', 'https://www.googleapis.com/auth/yt-analytics.readonly'],
      providerUserId: null,
      issuedAt,
      accessToken: c.accessToken,
      expiresAt: c.expiresAt,
      refreshToken: c.refreshToken,
      // No time-based access: Google sends no refresh_token_expires_in, so the grant has no fixed end.
      refreshTokenExpiresAt: null,
    };
  },
  accountOfGrant: (_world, grant) => ({ username: grant.username!, accountId: grant.accountId, callKeys: [grant.accountId], grantKey: grant.username! }),
  createAccount(world, username) {
    const account = google(world).createAccount({ username, channel: { videoCount: 2 } });
    return { username, accountId: account.channel!.id, callKeys: [GoogleWorld.accountKey(account)!], grantKey: username };
  },
  grantTokens(world) {
    const g = google(world);
    return groupGrantTokens(
      g.exportState().refreshTokens,
      (t) => t.username,
      // Google's refresh tokens are not rotated: a refresh keeps presenting the same one.
      (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: false, alive: () => g.refreshDeath(t.value) === undefined }),
    );
  },
  revoke: (world, account) => void google(world).applyEvent(account.username, 'revoke'),
  // Nothing rotates.
  graceAfterRotation: () => {},
};
