/**
 * Facebook's test kit (core/kit.ts). A Facebook Login connection is a Page: we hold the Page's token and
 * keep the person's long-lived user token once in the shared grant; the grant is the person's token (its
 * Page tokens outlive it, but the service ends the connection with it, see docs/networks.md#facebook).
 */

import { groupGrantTokens, type NetworkKit } from '../core/kit.ts';
import type { World } from '../core/world.ts';
import type { FacebookWorld } from './world.ts';

const facebook = (world: World) => world.network<FacebookWorld>('facebook');

export const facebookKit: NetworkKit = {
  provider: 'facebook',
  populationShare: 0.15,
  grantTokenKind: 'person',
  // Meta's app-wide code 4: every process pauses.
  throttle: { endpoints: ['facebook.node', 'facebook.posts', 'facebook.media'], spec: { fault: 'throttle', code: 4 } },
  mintGrant(world, prefix, issuedAt) {
    const fb = facebook(world);
    const c = fb.seedConnections(1, { prefix })[0]!;
    return {
      provider: 'facebook',
      login: 'facebook_login',
      network: 'facebook',
      accountId: c.pageId,
      username: null,
      displayName: `Page ${c.username}`,
      accountType: 'PAGE',
      scopes: ['pages_show_list', 'pages_read_engagement', 'instagram_basic', 'instagram_manage_insights', 'read_insights', 'business_management'],
      providerUserId: c.userId,
      issuedAt,
      accessToken: c.userAccessToken,
      expiresAt: c.expiresAt,
      dataAccessExpiresAt: new Date(issuedAt.getTime() + fb.config.dataAccessSeconds * 1000),
      accountAccessToken: c.pageAccessToken,
    };
  },
  accountOfGrant(world, grant) {
    const person = facebook(world).userById(grant.providerUserId!)!;
    return { username: person.username, accountId: grant.accountId, callKeys: [grant.accountId, person.id], grantKey: person.id, choose: [`facebook:${grant.accountId}`] };
  },
  createAccount(world, username) {
    const fb = facebook(world);
    const person = fb.createUser({ username, pages: [{ name: `Page ${username}` }] });
    const page = fb.pagesOf(person.id)[0]!;
    return { username, accountId: page.id, callKeys: [page.id, person.id], grantKey: person.id, choose: [`facebook:${page.id}`] };
  },
  grantTokens(world) {
    const fb = facebook(world);
    return groupGrantTokens(
      fb.exportState().tokens.filter((t) => t.kind === 'user-long'),
      (t) => t.userId,
      // A user token is extended, never rotated.
      (t) => ({ value: t.value, issuedAtMs: t.issuedAtMs, rotatedOut: false, alive: () => fb.check(t.value, { data: true }).ok }),
    );
  },
  revoke: (world, account) => void facebook(world).applyEvent(account.username, 'app-removed'),
  // Nothing rotates.
  graceAfterRotation: () => {},
};
