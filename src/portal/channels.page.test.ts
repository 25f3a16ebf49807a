import { describe, expect, it } from 'vitest';
import { textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { instagramProfile } from '../providers/instagram/profile.ts';
import { tiktokProfile } from '../providers/tiktok/profile.ts';
import { channelsPage, confirmDisconnectPage } from './channels.page.ts';
import { bannerFor } from './channels-banner.ts';
import type { ChannelCard, ChannelsView } from './channels-view.ts';
import { portalMessages } from './messages/index.ts';

const settings = { productName: 'Acme', pseudoLocale: true };
const english = anonymousViewer(settings);
const viewerIn = (language: string) => anonymousViewer(settings, language);

const card = (over: Partial<ChannelCard> = {}): ChannelCard => ({
  id: 'con_1',
  provider: 'instagram',
  network: 'Instagram',
  mark: instagramProfile.mark,
  name: '@ana',
  handle: '@ana',
  accountKey: 'instagram:1784',
  loginNetwork: 'Instagram',
  throughOtherLogin: false,
  username: 'ana',
  displayName: 'Ana',
  avatarUrl: null,
  state: 'connected',
  daysLeft: null,
  lifetime: { kind: 'renewed' },
  help: null,
  checkedAt: null,
  connectedAt: new Date('2026-01-05T02:00:00Z'),
  mediaSync: null,
  ...over,
});
const view = (channels: ChannelCard[]): ChannelsView => ({
  creatorName: 'Ana',
  networks: [{ id: 'tiktok', name: 'TikTok', mark: tiktokProfile.mark }],
  channels,
  notifications: [],
  unreadCount: 0,
  partnerships: [],
  returnUrl: 'https://platform.example/me',
});
const disconnected = card({ state: 'disconnected', lifetime: null, help: { why: 'W.', fix: 'F.' } });

describe('the Channels page', () => {
  it('shows an avatar as a background picture over the initial, and cannot be broken out of', () => {
    const body = channelsPage(view([card({ avatarUrl: 'https://cdn.example/a.jpg?x=1"); background:url("https://evil.example/' })]), english, { csrf: 't' });
    expect(body).toContain('style="background-image:url(&quot;https://cdn.example/a.jpg?x=1\\22 ); background:url(\\22 https://evil.example/&quot;)"');
    expect(body).toMatch(/<span class="avatar" aria-hidden="true">A<span class="pic"/);
  });

  it('without a picture, the avatar is the initial on an accent-tinted circle', () => {
    expect(channelsPage(view([card()]), english, { csrf: 't' })).toContain('<span class="avatar" aria-hidden="true">A</span>');
  });

  it('drops an avatar that is not an http(s) URL', () => {
    expect(channelsPage(view([card({ avatarUrl: 'javascript:alert(1)' })]), english, { csrf: 't' })).not.toContain('javascript:');
  });

  it('says in plain words when a channel was last seen working, or that it was not checked yet', () => {
    expect(channelsPage(view([card()]), english, { csrf: 't' })).toContain('Not checked yet — connected <time datetime="2026-01-05T02:00:00.000Z">Jan 5, 2026, 2:00 AM</time>');
    const checked = card({ checkedAt: new Date('2026-02-24T02:00:00Z') });
    const body = channelsPage(view([checked]), english, { csrf: 't' });
    expect(body).toContain('Checked <time datetime="2026-02-24T02:00:00.000Z">Feb 24, 2026, 2:00 AM</time>');
    expect(body).not.toMatch(/Last refreshed|not yet\b/);
  });

  it('a healthy channel says until when it stays connected, or that it stays connected', () => {
    const until = card({ lifetime: { kind: 'until', at: new Date('2026-03-06T10:00:00Z') } });
    expect(channelsPage(view([until]), english, { csrf: 't' })).toContain('Connected until <time datetime="2026-03-06T10:00:00.000Z">Mar 6, 2026</time>');
    expect(channelsPage(view([card()]), english, { csrf: 't' })).toContain('Stays connected: renewed automatically');
    expect(channelsPage(view([card({ lifetime: { kind: 'stays' } })]), english, { csrf: 't' })).toMatch(/data-life="stays">Stays connected</);
    expect(channelsPage(view([disconnected]), english, { csrf: 't' })).not.toContain('Stays connected');
  });

  it('shows the status by colour, icon and word, and an expiring channel says when', () => {
    const body = channelsPage(view([card({ state: 'expiring', daysLeft: 3, lifetime: null, help: { why: 'W.', fix: 'F.' } })]), english, { csrf: 't' });
    expect(body).toContain('<span class="status expiring"><span class="icon" aria-hidden="true">!</span> Expires in 3 days</span>');
    expect(channelsPage(view([disconnected]), english, { csrf: 't' })).toContain('<span class="icon" aria-hidden="true">✕</span> Disconnected');
  });

  it('a TikTok channel shows its @handle beside its network, with the network’s mark', () => {
    const tiktok = card({ provider: 'tiktok', network: 'TikTok', mark: tiktokProfile.mark, name: '@ana.dances', handle: '@ana.dances', displayName: 'Ana Dances' });
    const body = channelsPage(view([tiktok]), english, { csrf: 't' });
    expect(body).toContain('<h3 id="ch-con_1">@ana.dances</h3>');
    expect(body).toMatch(/<p class="muted net"><svg class="mark[^"]*"[^>]*>.*<\/svg> TikTok · Ana Dances<\/p>/);
    // Named by its display name (a partial consent gave no handle), the handle still shows when known.
    const byName = channelsPage(view([card({ ...tiktok, name: 'Ana Dances' })]), english, { csrf: 't' });
    expect(byName).toMatch(/TikTok · @ana\.dances<\/p>/);
  });

  it('an account reached through another network’s login says so in words, not ids', () => {
    const body = channelsPage(view([card({ provider: 'facebook', loginNetwork: 'Facebook', throughOtherLogin: true })]), english, { csrf: 't' });
    expect(body).toContain('Instagram · through Facebook Login');
    expect(body).not.toMatch(/instagram_login|facebook_login|via /);
  });

  it('every network is offered with its mark and name on its Connect button', () => {
    const body = channelsPage(view([]), english, { csrf: 't' });
    expect(body).toMatch(/<button type="submit"><svg class="mark[^>]*>.*?<\/svg><span>Connect TikTok<\/span><\/button>/);
  });

  it('has no script at all', () => {
    expect(channelsPage(view([disconnected]), english, { csrf: 't' })).not.toContain('<script');
  });

  it('speaks Japanese and Brazilian Portuguese, with their dates and plurals', () => {
    const expiring = card({ state: 'expiring', daysLeft: 3, lifetime: null, help: { why: 'W.', fix: 'F.' } });
    const ja = channelsPage(view([expiring, card({ id: 'con_2', accountKey: 'instagram:2', lifetime: { kind: 'until', at: new Date('2026-03-06T10:00:00Z') } })]), viewerIn('ja'), {
      csrf: 't',
    });
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('<h1>あなたのチャンネル');
    expect(ja).toContain('あと3日で期限切れ');
    expect(ja).toContain('2026/03/06</time>まで連携されます');
    expect(ja).toContain('TikTokを連携する');
    const pt = channelsPage(view([card({ state: 'expiring', daysLeft: 1, lifetime: null, help: { why: 'W.', fix: 'F.' } })]), viewerIn('pt-BR'), { csrf: 't' });
    expect(pt).toContain('<html lang="pt-BR">');
    expect(pt).toContain('Seus canais');
    expect(pt).toContain('Expira amanhã');
    expect(pt).toContain('Ainda não verificado — conectado em <time datetime="2026-01-05T02:00:00.000Z">5 de jan. de 2026, 02:00</time>');
    expect(pt).toContain('Voltar para Acme');
  });

  it('has no text outside the catalogues but the page’s data', () => {
    const pseudo = viewerIn('en-XA');
    const channels = [
      card({ mediaSync: { status: 'running', itemsSeen: 3, startedAt: null, finishedAt: null, lastSyncedAt: '2026-01-04T02:00:00.000Z', error: null } }),
      card({ id: 'con_fb', provider: 'facebook', loginNetwork: 'Facebook', throughOtherLogin: true, ...{ state: 'disconnected', lifetime: null, help: { why: 'W.', fix: 'F.' } } }),
      card({
        id: 'con_tt',
        provider: 'tiktok',
        network: 'TikTok',
        name: '@ana.dances',
        handle: '@ana.dances',
        accountKey: 'tiktok:1',
        state: 'expiring',
        daysLeft: 2,
        lifetime: null,
      }),
    ];
    const page = channelsPage(view(channels), pseudo, {
      csrf: 't',
      banner: bannerFor(portalMessages.for(pseudo.locale), 'Acme', { status: 'connected', connection: 'con_tt' }, channels),
    });
    const data = ['Acme', 'Ana', '@ana', '@ana.dances', 'Instagram', 'TikTok', 'Facebook', 'W.', 'F.', 'A'];
    expect(textOutsideCatalogues(page, data)).toEqual([]);
    expect(textOutsideCatalogues(confirmDisconnectPage({ card: card(), csrf: 't', viewer: pseudo }), data)).toEqual([]);
    expect(textOutsideCatalogues(channelsPage(view([]), pseudo, { csrf: 't' }), data)).toEqual([]);
  });
});

describe('one account, two logins', () => {
  const twoLogins = [
    card({ id: 'con_ig' }),
    card({ id: 'con_page', provider: 'facebook', network: 'Facebook', name: 'Ana Shop', handle: null, accountKey: 'facebook:55', loginNetwork: 'Facebook', username: null }),
    card({ id: 'con_fb_ig', provider: 'facebook', loginNetwork: 'Facebook', throughOtherLogin: true, state: 'disconnected', lifetime: null, help: { why: 'W.', fix: 'F.' } }),
  ];

  it('shows an account reached by two logins once, each login under it with its own status and buttons', () => {
    const body = channelsPage(view(twoLogins), english, { csrf: 't' });
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
    const none = twoLogins.map((c) => ({ ...c, state: 'disconnected' as const, lifetime: null }));
    expect(channelsPage(view(none), english, { csrf: 't' })).toContain('Connected through 2 logins, none of which works: reconnect one to resume.');
  });
});

describe('the banner after every action', () => {
  const words = portalMessages.for('en');
  const syncing = card({ mediaSync: { status: 'queued', itemsSeen: 0, startedAt: null, finishedAt: null, lastSyncedAt: null, error: null } });

  it('names the channel connected, connected again, or disconnected, and says its posts are being read', () => {
    expect(bannerFor(words, 'Acme', { status: 'connected', connection: 'con_1' }, [card()])).toEqual({ kind: 'ok', text: '@ana on Instagram is connected.' });
    expect(bannerFor(words, 'Acme', { status: 'connected', connection: 'con_1', action: 'reconnect' }, [syncing])?.text).toBe(
      '@ana on Instagram is connected again. Its posts are being read now: this page shows the progress.',
    );
    expect(bannerFor(words, 'Acme', { status: 'connected', connection: 'con_other' }, [card()])).toEqual({ kind: 'ok', text: 'Your channel is connected.' });
    expect(bannerFor(words, 'Acme', { status: 'disconnected', connection: 'con_1' }, [card()])?.text).toBe('@ana on Instagram is disconnected. Acme no longer reads it.');
  });

  it('says why nothing was connected, in plain words and never a code', () => {
    expect(bannerFor(words, 'Acme', { status: 'error', error: 'access_denied' }, [])).toEqual({
      kind: 'bad',
      text: 'Nothing was connected: the sign-in was cancelled. Your channels are as they were.',
    });
    expect(bannerFor(words, 'Acme', { status: 'error', error: 'toString' }, [])?.text).toBe('Nothing was connected: the sign-in did not complete. Try again when you are ready.');
    expect(bannerFor(words, 'Acme', {}, [])).toBeUndefined();
  });

  it('sits at the top, is the page’s status and takes the focus, so keyboard and screen-reader users start there', () => {
    const body = channelsPage(view([card()]), english, { csrf: 't', banner: { kind: 'ok', text: 'Done.' } });
    expect(body).toMatch(/<h1>Your channels.*<\/h1><div class="banner ok" role="status" tabindex="-1" autofocus>Done\.<\/div>/s);
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

  it('shows progress while posts sync, and reloads itself only when the reader asks', () => {
    const body = channelsPage(view([card({ mediaSync: sync({}) })]), english, { csrf: 't' });
    expect(body).toContain('Syncing posts… 12 found');
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).toContain('Posts are syncing: reload this page to see how far it got. <a href="/portal?live=1">Update it for me every 5 seconds</a>');
  });

  it('once asked, reloads itself every 5 seconds, says so and offers to stop; never once nothing syncs', () => {
    const asked = channelsPage(view([card({ mediaSync: sync({ status: 'queued', itemsSeen: 0 }) })]), english, { csrf: 't', live: true });
    expect(asked).toContain('<meta http-equiv="refresh" content="5">');
    expect(asked).toMatch(/<p class="muted small">Posts are syncing: this page updates every 5 seconds\. <a href="\/portal">Stop updating<\/a>/);
    const done = channelsPage(view([card({ mediaSync: sync({ status: 'done', finishedAt: '2026-01-05T02:01:00.000Z', lastSyncedAt: '2026-01-05T02:01:00.000Z' }) })]), english, {
      csrf: 't',
      live: true,
    });
    expect(done).not.toContain('http-equiv="refresh"');
    expect(done).not.toContain('Posts are syncing');
    expect(done).toContain('Posts last synced <time datetime="2026-01-05T02:01:00.000Z">Jan 5, 2026, 2:01 AM</time>');
  });

  it('says a sync failed in plain words, and when posts were last synced', () => {
    const body = channelsPage(
      view([card({ mediaSync: sync({ status: 'failed', error: 'The sync did not finish in 5 attempts.', lastSyncedAt: '2026-01-04T02:00:00.000Z' }) })]),
      english,
      {
        csrf: 't',
      },
    );
    expect(body).toContain('The last sync of posts did not finish. It is tried again automatically.');
    expect(body).toContain('Posts last synced <time datetime="2026-01-04T02:00:00.000Z">');
  });

  it('a disconnected channel shows no progress (nothing can sync until it is reconnected), only when it last synced', () => {
    const body = channelsPage(view([card({ ...disconnected, mediaSync: sync({ status: 'queued', lastSyncedAt: '2026-01-04T02:00:00.000Z' }) })]), english, {
      csrf: 't',
      live: true,
    });
    expect(body).not.toContain('Syncing posts');
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).toContain('Posts last synced <time datetime="2026-01-04T02:00:00.000Z">');
  });

  it('a disconnected channel’s failed sync is not told twice: its status already says it cannot be read', () => {
    const body = channelsPage(view([card({ ...disconnected, mediaSync: sync({ status: 'failed', lastSyncedAt: '2026-01-04T02:00:00.000Z' }) })]), english, { csrf: 't' });
    expect(body).not.toContain('did not finish');
    expect(body).toContain('Posts last synced <time datetime="2026-01-04T02:00:00.000Z">');
  });

  it('says nothing of syncs for a channel that never had one', () => {
    expect(channelsPage(view([card()]), english, { csrf: 't' })).not.toMatch(/Syncing|last synced|sync of posts/);
  });
});
