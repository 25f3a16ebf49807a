import { describe, expect, it } from 'vitest';
import { accountName, networksKnownByName } from './account-name.ts';

describe('naming an account', () => {
  it('an account with a handle is named by it, with one @', () => {
    expect(accountName({ network: 'instagram', username: 'ana.business', displayName: 'Ana Business', accountId: '17841400000000001' })).toBe('@ana.business');
    expect(accountName({ network: 'tiktok', username: '@tia.dances', displayName: 'Tia', accountId: '-000OPENID' })).toBe('@tia.dances');
  });

  it('an account without a handle (a TikTok account connected before usernames were asked for) is named by its display name', () => {
    expect(accountName({ network: 'tiktok', username: null, displayName: 'Tia Dances', accountId: '-000OPENID' })).toBe('Tia Dances');
    expect(accountName({ network: 'youtube', username: '  ', displayName: ' Yara Cooks ', accountId: 'UC123' })).toBe('Yara Cooks');
  });

  it('a Facebook Page is named by its page name, its username only when it has no name', () => {
    expect(accountName({ network: 'facebook', username: 'danabakes', displayName: 'Dana Bakes', accountId: '1029384756' })).toBe('Dana Bakes');
    expect(accountName({ network: 'facebook', username: 'danabakes', displayName: null, accountId: '1029384756' })).toBe('@danabakes');
    expect(networksKnownByName).toEqual(['facebook']);
  });

  it('an account with neither is named by the network’s id of it, never by a generic phrase', () => {
    expect(accountName({ network: 'tiktok', username: null, displayName: null, accountId: '-000OPENID' })).toBe('-000OPENID');
    expect(accountName({ network: 'facebook', username: '', displayName: '', accountId: '7' })).toBe('7');
  });
});
