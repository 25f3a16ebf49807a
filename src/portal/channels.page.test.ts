import { describe, expect, it } from 'vitest';
import { bannerFor, channelsPage } from './channels.page.ts';
import type { ChannelCard, ChannelsView } from './channels-view.ts';

const card = (over: Partial<ChannelCard> = {}): ChannelCard => ({
  id: 'con_1',
  provider: 'instagram',
  network: 'Instagram',
  name: '@ana',
  accountKey: 'instagram:1784',
  login: 'Instagram Login',
  accountNetwork: 'Instagram',
  username: 'ana',
  displayName: 'Ana',
  avatarUrl: null,
  state: 'connected',
  statusText: 'Connected',
  help: null,
  lastRefreshedAt: null,
  connectedAt: new Date('2026-01-05T02:00:00Z'),
  mediaSync: null,
  ...over,
});
const view = (channels: ChannelCard[]): ChannelsView => ({
  productName: 'Acme',
  creatorName: 'Ana',
  networks: [],
  channels,
  notifications: [],
  unreadCount: 0,
  partnerships: [],
  returnUrl: null,
});

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

describe('one account, two logins', () => {
  const twoLogins = [
    card({ id: 'con_ig', login: 'Instagram Login' }),
    card({ id: 'con_page', provider: 'facebook', network: 'Facebook', name: 'Ana Shop', accountKey: 'facebook:55', login: 'Facebook Login', username: null }),
    card({
      id: 'con_fb_ig',
      provider: 'facebook',
      network: 'Instagram (via Facebook)',
      login: 'Facebook Login',
      state: 'disconnected',
      statusText: 'Disconnected',
      help: { why: 'W.', fix: 'F.' },
    }),
  ];

  it('shows an account reached by two logins once, each login under it with its own status and buttons', () => {
    const body = channelsPage(view(twoLogins), { csrf: 't' });
    expect(body.match(/<h3 id="[^"]+">@ana<\/h3>/g)).toHaveLength(1);
    expect(body).toContain('data-logins="2"');
    expect(body).toMatch(/<li class="login" data-state="connected" data-login="instagram">.*Instagram Login/s);
    expect(body).toMatch(/<li class="login" data-state="disconnected" data-login="facebook">.*Facebook Login/s);
    expect(body).toContain('Connected through 2 logins: its posts are read through whichever works.');
    expect(body).toContain('Reconnect<span class="sr"> @ana (Facebook Login)</span>');
    // The Page is an account of its own.
    expect(body).toContain('<h3 id="ch-con_page">Ana Shop</h3>');
  });

  it('says so when no login of the account works', () => {
    const none = twoLogins.map((c) => ({ ...c, state: 'disconnected' as const, statusText: 'Disconnected' }));
    expect(channelsPage(view(none), { csrf: 't' })).toContain('Connected through 2 logins, none of which works: reconnect one to resume.');
  });
});

describe('the banner after a round trip', () => {
  it('names the channel connected, or says why nothing was', () => {
    expect(bannerFor({ status: 'connected', connection: 'con_1' }, [card()])).toEqual({ kind: 'ok', text: 'Instagram @ana is connected.' });
    expect(bannerFor({ status: 'connected', connection: 'con_other' }, [card()])).toEqual({ kind: 'ok', text: 'Your channel is connected.' });
    expect(bannerFor({ status: 'error', error: 'personal_account' }, [])?.text).toBe(
      'Nothing was connected. Only Instagram professional accounts (Business or Creator) can be connected.',
    );
    expect(bannerFor({ status: 'error', error: 'toString' }, [])?.text).toBe('Nothing was connected. The sign-in did not complete; please try again.');
    expect(bannerFor({}, [])).toBeUndefined();
  });
});

describe('the media sync on the Channels page', () => {
  const sync = (over: Partial<NonNullable<ChannelCard['mediaSync']>>): ChannelCard['mediaSync'] => ({
    status: 'running',
    itemsSeen: 12,
    startedAt: '2026-01-05T02:00:00.000Z',
    finishedAt: null,
    lastSyncedAt: null,
    error: null,
    ...over,
  });

  it('shows progress while posts sync, reloads itself to update, says so and offers to stop', () => {
    const body = channelsPage(view([card({ mediaSync: sync({}) })]), { csrf: 't' });
    expect(body).toContain('Syncing posts… 12 found');
    expect(body).toContain('<meta http-equiv="refresh" content="5">');
    expect(body).toMatch(/<p class="muted small">Posts are syncing: this page updates every 5 seconds\. <a href="\/portal\?live=0">Stop updating<\/a>/);
  });

  it('stops reloading when asked, and once nothing syncs', () => {
    expect(channelsPage(view([card({ mediaSync: sync({ status: 'queued', itemsSeen: 0 }) })]), { csrf: 't', live: false })).not.toContain('http-equiv="refresh"');
    const done = channelsPage(view([card({ mediaSync: sync({ status: 'done', finishedAt: '2026-01-05T02:01:00.000Z', lastSyncedAt: '2026-01-05T02:01:00.000Z' }) })]), {
      csrf: 't',
    });
    expect(done).not.toContain('http-equiv="refresh"');
    expect(done).toContain('Last synced <time datetime="2026-01-05T02:01:00.000Z">5 Jan 2026, 02:01 UTC</time>');
  });

  it('says a sync failed, and when posts were last synced', () => {
    const body = channelsPage(
      view([
        card({ mediaSync: sync({ status: 'failed', error: 'The network refused the channel’s access; it has to be reconnected.', lastSyncedAt: '2026-01-04T02:00:00.000Z' }) }),
      ]),
      { csrf: 't' },
    );
    expect(body).toContain('The last sync of posts failed: The network refused the channel’s access; it has to be reconnected.');
    expect(body).toContain('Last synced <time datetime="2026-01-04T02:00:00.000Z">');
  });

  it('a disconnected channel shows no progress (nothing can sync until it is reconnected), only when it last synced', () => {
    const body = channelsPage(
      view([card({ state: 'disconnected', statusText: 'Disconnected', mediaSync: sync({ status: 'queued', lastSyncedAt: '2026-01-04T02:00:00.000Z' }) })]),
      { csrf: 't' },
    );
    expect(body).not.toContain('Syncing posts');
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).toContain('Last synced <time datetime="2026-01-04T02:00:00.000Z">');
  });

  it('says nothing of syncs for a channel that never had one', () => {
    expect(channelsPage(view([card()]), { csrf: 't' })).not.toMatch(/Syncing|Last synced|sync of posts/);
  });
});
