import { describe, expect, it } from 'vitest';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { creatorProfilePage, type ProfilePageView } from './creator-profile.page.ts';

const viewerIn = (language: string) => anonymousViewer({ productName: 'Acme Creators', pseudoLocale: true }, language);

const view: ProfilePageView = {
  name: 'Ana Lima',
  creatorId: 'ana',
  channels: [
    {
      connectionId: 'con_1',
      network: 'instagram',
      networkName: 'Instagram',
      username: 'ana.studio',
      displayName: 'Ana Studio',
      status: 'connected',
      latest: { status: 'available', reason: null, followers: 12_400, posts: 210, views: 90_000, reach: 41_000, engagements: 5_200, engagementRate: 0.057, rangeDays: 28 },
      verifiedAt: '2026-06-10T02:00:00.000Z',
      trend: [],
      audience: { status: 'available', unit: 'count', age: [{ key: '25-34', value: 300 }], gender: [], country: [{ key: 'BR', value: 400 }] },
    },
  ],
};

describe('the creator profile page a brand opens', () => {
  it('speaks the reader’s language: Japanese and Brazilian Portuguese, with their numbers', () => {
    const ja = creatorProfilePage(view, viewerIn('ja'));
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('1チャンネルで合計 <strong>12,400</strong> フォロワー');
    expect(ja).toContain('上位の国');
    const pt = creatorProfilePage(view, viewerIn('pt-BR'));
    expect(pt).toContain('<strong>12.400</strong> seguidores em um canal');
    expect(pt).toContain('Principais países');
  });

  it('names the network with its mark and display name', () => {
    expect(creatorProfilePage(view, viewerIn('en'))).toMatch(/<p class="muted"><svg class="mark[^>]*>.*?<\/svg> Instagram · Ana Studio<\/p>/);
  });

  it('says plainly when no channel is connected', () => {
    expect(creatorProfilePage({ ...view, channels: [] }, viewerIn('de'))).toContain('Gerade ist kein Kanal verbunden, daher gibt es keine verifizierten Zahlen.');
  });
});
