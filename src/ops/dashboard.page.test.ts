import { describe, expect, it } from 'vitest';
import { textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { type DashboardOptions, dashboardPage, dashboardRefusedPage } from './dashboard.page.ts';
import type { Stats } from './stats.ts';

const counts = { active: 2, expiring: 1, disconnected: 1 };
const stats: Stats = {
  generatedAt: '2026-03-05T10:00:00.000Z',
  totals: { ...counts, total: 4 },
  byNetwork: [{ network: 'instagram', ...counts }],
  byProvider: [{ provider: 'facebook', login: 'facebook_login', ...counts }],
  byReason: [
    { status: 'disconnected', reason: 'password_changed', network: 'instagram', count: 1 },
    { status: 'expiring', reason: 'expires_soon', network: 'facebook', count: 1 },
  ],
  forecast: [
    { date: '2026-03-05', expirations: 0, reminders: 1, refreshes: 2 },
    { date: '2026-03-06', expirations: 1, reminders: 0, refreshes: 0 },
  ],
  recentFailures: [
    {
      occurredAt: '2026-03-04T08:00:00.000Z',
      type: 'disconnected',
      reason: 'password_changed',
      kind: 'reauth_required',
      providerCode: '190/460',
      connectionId: 'con_1',
      creatorId: 'cr-ben',
      provider: 'instagram',
      network: 'instagram',
      username: 'ben.creator',
    },
    {
      occurredAt: '2026-03-04T07:00:00.000Z',
      type: 'refresh_failed',
      reason: null,
      kind: 'transient',
      providerCode: 'timeout',
      connectionId: 'con_2',
      creatorId: 'cr-tess',
      provider: 'tiktok',
      network: 'tiktok',
      username: 'tess.tiktok',
    },
  ],
};
const settings = { productName: 'Channelkeeper', pseudoLocale: true };

function render(acceptLanguage: string, extra: Partial<DashboardOptions> = {}): string {
  return dashboardPage(stats, {
    viewer: anonymousViewer(settings, acceptLanguage),
    workspaceName: 'Acme Creators',
    selfUrl: '/dashboard?token=t0k',
    back: { href: 'https://platform.example/admin', to: 'platform' },
    check: { action: '/dashboard/check', fields: { token: 't0k' } },
    banner: null,
    ...extra,
  });
}

describe('the dashboard page', () => {
  it('tells reasons and failures in words, never their codes, and names networks and logins with their marks', () => {
    const page = render('en');
    expect(page).toContain('<td class="why">the creator changed their password, which signs out connected apps</td>');
    // A status by colour, icon and word.
    expect(page).toMatch(/<td><span class="status disconnected"><svg[^>]*aria-hidden="true"[\s\S]*?<\/svg>Disconnected<\/span><\/td><td class="why">/);
    expect(page).toContain('Disconnected — the creator changed their password, which signs out connected apps');
    expect(page).toContain('A renewal failed and will be tried again — the network did not answer in time');
    expect(page).not.toMatch(/password_changed|expires_soon|reauth_required|facebook_login|>transient</);
    // The network's own code stays, labelled, for a support ticket.
    expect(page).toContain('Network’s code: 190/460');
    expect(page).toMatch(/<svg class="mark[^"]*"[^>]*>.*<\/svg> Instagram/);
    expect(page).toContain('</svg> Facebook login');
  });

  it('leads back to the platform, and offers the check with the link’s token', () => {
    const page = render('en');
    expect(page).toContain('<a href="https://platform.example/admin">← Back to platform.example</a>');
    expect(page).toContain(
      '<form class="check" method="post" action="/dashboard/check"><input type="hidden" name="token" value="t0k"><button type="submit" class="secondary">Check every channel now</button>',
    );
    expect(render('en', { back: { href: '/demo', to: 'demo' } })).toContain('<a href="/demo">← Back to the demo platform</a>');
    expect(render('en', { back: null })).not.toContain('← Back');
  });

  it('says at the top what the check found, focusable, in the reader’s plurals', () => {
    const banner = (checked: number, disconnected: number, more = false) =>
      /<div id="banner"[^>]*>(.*?)<\/div>/.exec(render('en', { banner: { checked, disconnected, more } }))![1];
    expect(banner(5, 0)).toBe('Checked 5 channels with their networks.<br>Every one is still connected.');
    expect(banner(1, 1)).toBe('Checked 1 channel with its network.<br>1 was found disconnected.');
    expect(banner(0, 0)).toBe('There was no channel to check.');
    expect(banner(200, 3, true)).toContain('3 were found disconnected.<br>More channels are due');
    const page = render('en', { banner: { checked: 2, disconnected: 1, more: false } });
    expect(page.indexOf('id="banner"')).toBeLessThan(page.indexOf('<h1>'));
    expect(page).toContain('class="card banner warn" role="status" tabindex="-1"');
  });

  it('speaks Japanese to a Japanese browser, with its dates and numbers', () => {
    const page = render('ja,en;q=0.5', { banner: { checked: 3, disconnected: 0, more: false } });
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain('<h1>チャンネル</h1>');
    expect(page).toContain('切断 — クリエイターがパスワードを変更したため、連携アプリがログアウトされました');
    expect(page).toContain('3件のチャンネルをSNSに確認しました。<br>すべて連携されたままです。');
    expect(page).toContain('すべてのチャンネルを今すぐ確認');
    expect(page).toContain('3月6日');
  });

  it('has no text outside the catalogues but the page’s data', () => {
    const page = render('en-XA', { banner: { checked: 3, disconnected: 1, more: true } });
    const data = [
      'Acme Creators',
      'Channelkeeper',
      '@ben.creator',
      '@tess.tiktok',
      'cr-ben',
      'cr-tess',
      'platform.example',
      'Instagram',
      'Facebook',
      'TikTok',
      '←',
      '·',
      '5 Mar',
      '6 Mar',
    ];
    expect(textOutsideCatalogues(page, data)).toEqual([]);
    expect(textOutsideCatalogues(dashboardRefusedPage(anonymousViewer(settings, 'en-XA'), 'expired'), ['Channelkeeper'])).toEqual([]);
  });

  it('escapes what it is given', () => {
    const page = dashboardPage(
      { ...stats, byReason: [{ status: 'disconnected', reason: '<b>odd</b>', network: '<i>net</i>', count: 1 }] },
      {
        viewer: anonymousViewer(settings, 'en'),
        workspaceName: '<script>x</script>',
        selfUrl: '/d',
        back: null,
        check: { action: '/c', fields: { token: '"><b>' } },
        banner: null,
      },
    );
    expect(page).not.toMatch(/<script>x|<b>|<i>net/);
    expect(page).toContain('&lt;i&gt;net&lt;/i&gt;');
  });
});
