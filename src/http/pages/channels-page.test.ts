import { describe, expect, it } from 'vitest';
import type { ChannelCard, ChannelsView } from '../../app/channels-view.ts';
import { bannerFor, channelsPage } from './channels-page.ts';

const card = (over: Partial<ChannelCard> = {}): ChannelCard => ({
  id: 'con_1',
  provider: 'instagram',
  network: 'Instagram',
  username: 'ana',
  displayName: 'Ana',
  avatarUrl: null,
  state: 'connected',
  statusText: 'Connected',
  help: null,
  lastRefreshedAt: null,
  connectedAt: new Date('2026-01-05T02:00:00Z'),
  ...over,
});
const view = (channels: ChannelCard[]): ChannelsView => ({ productName: 'Acme', creatorName: 'Ana', networks: [], channels, notifications: [], unreadCount: 0, returnUrl: null });

describe('the Channels page', () => {
  it('shows an avatar as a background picture over the initial, and cannot be broken out of', () => {
    const body = channelsPage(view([card({ avatarUrl: 'https://cdn.example/a.jpg?x=1"); background:url("https://evil.example/' })]), { csrf: 't' });
    expect(body).toContain('style="background-image:url(&quot;https://cdn.example/a.jpg?x=1\\22 ); background:url(\\22 https://evil.example/&quot;)"');
    expect(body).toMatch(/<span class="avatar" aria-hidden="true">A<span class="pic"/);
  });

  it('drops an avatar that is not an http(s) URL', () => {
    expect(channelsPage(view([card({ avatarUrl: 'javascript:alert(1)' })]), { csrf: 't' })).not.toContain('javascript:');
  });

  it('says when a channel was last refreshed, or that it was not yet', () => {
    expect(channelsPage(view([card()]), { csrf: 't' })).toContain('Last refreshed: not yet (connected <time datetime="2026-01-05T02:00:00.000Z">5 Jan 2026, 02:00 UTC</time>)');
    const refreshed = card({ lastRefreshedAt: new Date('2026-02-24T02:00:00Z') });
    expect(channelsPage(view([refreshed]), { csrf: 't' })).toContain('Last refreshed: <time datetime="2026-02-24T02:00:00.000Z">24 Feb 2026, 02:00 UTC</time>');
  });

  it('has no script at all', () => {
    expect(channelsPage(view([card({ state: 'disconnected', statusText: 'Disconnected', help: { why: 'W.', fix: 'F.' } })]), { csrf: 't' })).not.toContain('<script');
  });
});

describe('the banner after a round trip', () => {
  it('names the channel connected, or says why nothing was', () => {
    expect(bannerFor({ status: 'connected', connection: 'con_1' }, [card()])).toEqual({ kind: 'ok', text: 'Instagram @ana is connected.' });
    expect(bannerFor({ status: 'connected', connection: 'con_other' }, [card()])).toEqual({ kind: 'ok', text: 'Your channel is connected.' });
    expect(bannerFor({ status: 'error', error: 'personal_account' }, [])?.text).toBe('Nothing was connected. Only Instagram professional accounts (Business or Creator) can be connected.');
    expect(bannerFor({ status: 'error', error: 'toString' }, [])?.text).toBe('Nothing was connected. The sign-in did not complete; please try again.');
    expect(bannerFor({}, [])).toBeUndefined();
  });
});
