import { describe, expect, it } from 'vitest';
import { textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { formatsFor } from '../platform/i18n/format.ts';
import type { ReaderLocale } from '../platform/i18n/locales.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { instagramProfile } from '../providers/instagram/profile.ts';
import { disconnectedEmail, expiringEmail, reconnectedEmail } from './connection-emails.ts';

const brand: Viewer['brand'] = {
  productName: 'Acme Creators',
  senderName: 'Acme Team',
  accent: '#6b21a8',
  accentDark: '#c084fc',
  supportEmail: null,
  supportUrl: null,
  logoPath: null,
  unbranded: false,
};
const reader = (locale: ReaderLocale, timeZone: string | null = null) => ({ locale, formats: formatsFor({ locale, timeZone }), brand });

const linkExpiresAt = new Date('2026-06-17T12:00:00Z');
const disconnected = (locale: ReaderLocale, timeZone: string | null = null, more: Partial<Parameters<typeof disconnectedEmail>[0]> = {}) =>
  disconnectedEmail({
    viewer: reader(locale, timeZone),
    creatorName: 'Ana',
    network: 'Instagram',
    account: '@ana.business',
    reason: 'password_changed',
    reconnectUrl: 'https://ck.example/reconnect?token=a.b',
    linkExpiresAt,
    ...more,
  });
const expiring = (locale: ReaderLocale, daysLeft: number, timeZone: string | null = null) =>
  expiringEmail({
    viewer: reader(locale, timeZone),
    creatorName: null,
    network: 'Facebook',
    account: 'Dana Bakes',
    accounts: ['Dana Bakes', '@dana.bakes', 'Dana Travel'],
    expiresAt: new Date('2026-06-24T08:00:00Z'),
    daysLeft,
    reconnectUrl: 'https://ck.example/reconnect?token=a.b',
    linkExpiresAt,
  });

describe('the disconnected email', () => {
  it('is in the creator’s language, with the link’s end in their time zone', () => {
    const pt = disconnected('pt-BR', 'America/Sao_Paulo');
    expect(pt.subject).toBe('Ação necessária: reconecte Instagram @ana.business ao Acme Creators');
    expect(pt.text).toContain('Olá, Ana,');
    expect(pt.text).toContain('Por quê: Sua senha ou seu nome de usuário do Instagram foi alterado');
    // 12:00 UTC is 09:00 in São Paulo; nothing says UTC when the zone is known.
    expect(pt.text).toContain('o link funciona até 17 de jun. de 2026, 09:00');
    expect(pt.text).not.toContain('UTC');
    expect(pt.html).toContain('<html lang="pt-BR">');
    expect(pt.locale).toBe('pt-BR');
    const ja = disconnected('ja', 'Asia/Tokyo');
    expect(ja.subject).toBe('【要対応】Instagram @ana.businessをAcme Creatorsに再連携してください');
    expect(ja.text).toContain('2026/06/17 21:00');
  });

  it('says once that times are in UTC when the creator’s zone is unknown', () => {
    const en = disconnected('en');
    expect(en.text).toContain('Reconnect here (the link works until Jun 17, 2026, 12:00 PM):');
    expect(en.text.match(/Times are in UTC\./g)).toHaveLength(1);
    expect(en.html.match(/Times are in UTC\./g)).toHaveLength(1);
  });

  it('wears the brand: its name, and its accent on the button', () => {
    const en = disconnected('en');
    expect(en.html).toContain('background:#6b21a8;color:#fff');
    expect(en.html).toContain('<strong>Acme Creators</strong> can no longer reach Instagram <strong>@ana.business</strong>.');
    expect(en.html).not.toContain('Channelkeeper');
  });

  it('is urgent, naming the live campaigns, in the creator’s language and plurals', () => {
    expect(disconnected('en', null, { campaigns: ['Summer Glow'] }).subject).toBe('Urgent: reconnect Instagram @ana.business — your campaign "Summer Glow" is live');
    expect(disconnected('en', null, { campaigns: ['A', 'B'] }).subject).toBe('Urgent: reconnect Instagram @ana.business — your campaigns "A" and "B" are live');
    expect(disconnected('pt-BR', null, { campaigns: ['A', 'B'] }).subject).toBe('Urgente: reconecte Instagram @ana.business — suas campanhas “A” e “B” estão no ar');
    expect(disconnected('ja', null, { campaigns: ['夏'] }).text).toContain('実施中のキャンペーン「夏」に参加しています');
  });

  it('tells how to switch back to a professional account in the network’s own words, in the creator’s language', () => {
    const ja = disconnected('ja', null, { reason: 'not_professional', professionalSwitch: instagramProfile.professionalSwitch });
    expect(ja.text).toContain('対処方法：Instagramアプリでプロフィールを開き');
  });

  it('has no text outside the catalogues in its HTML part', () => {
    for (const reason of ['password_changed', 'expired', 'not_professional', 'app_removed']) {
      const email = disconnected('en-XA', null, { reason, grantDays: 60, campaigns: ['Summer Glow'], professionalSwitch: instagramProfile.professionalSwitch });
      expect(textOutsideCatalogues(email.html, ['Ana', 'Instagram', '@ana.business', 'Acme Creators', 'Summer Glow']), reason).toEqual([]);
    }
  });
});

describe('the expiring email', () => {
  it('counts the days left in the creator’s language, and names every account of the login', () => {
    expect(expiring('en', 14).subject).toBe('Reconnect Facebook (3 accounts) to Acme Creators — it ends in 14 days');
    expect(expiring('en', 1).subject).toBe('Reconnect Facebook (3 accounts) to Acme Creators — it ends tomorrow');
    expect(expiring('en', 3).text).toContain('access to Facebook Dana Bakes, @dana.bakes, and Dana Travel ends in 3 days (Jun 24, 2026, 8:00 AM).');
    expect(expiring('pt-BR', 3).subject).toBe('Reconecte Facebook (3 contas) ao Acme Creators — o acesso termina em 3 dias');
    expect(expiring('pt-BR', 1).subject).toContain('termina amanhã');
    expect(expiring('ja', 3, 'Asia/Tokyo').text).toContain('3日後（2026/06/24 17:00）に期限切れになります');
    expect(expiring('ja', 1).subject).toContain('明日期限切れ');
  });

  it('has no text outside the catalogues in its HTML part', () => {
    const data = ['Facebook', 'Dana Bakes', '@dana.bakes', 'Dana Travel', 'Acme Creators'];
    expect(textOutsideCatalogues(expiring('en-XA', 3).html, data)).toEqual([]);
  });
});

describe('the reconnected email', () => {
  it('confirms in the creator’s language, one account or several', () => {
    const one = reconnectedEmail({ viewer: reader('pt-BR'), creatorName: 'Ana', network: 'Instagram', account: '@ana', accounts: ['@ana'] });
    expect(one.subject).toBe('Instagram @ana foi reconectada ao Acme Creators');
    const several = reconnectedEmail({ viewer: reader('en'), creatorName: null, network: 'Facebook', account: 'Dana Bakes', accounts: ['Dana Bakes', '@dana.bakes'] });
    expect(several.subject).toBe('Facebook (2 accounts) are reconnected to Acme Creators');
    expect(several.text).toContain('Facebook Dana Bakes and @dana.bakes are connected again.');
    const ja = reconnectedEmail({ viewer: reader('ja'), creatorName: 'アナ', network: 'TikTok', account: '@tom', accounts: ['@tom'] });
    expect(ja.text).toContain('アナ様');
    expect(ja.html).toContain('<html lang="ja">');
    expect(
      textOutsideCatalogues(reconnectedEmail({ viewer: reader('en-XA'), creatorName: 'Ana', network: 'TikTok', account: '@tom', accounts: ['@tom'] }).html, [
        'Ana',
        'TikTok',
        '@tom',
        'Acme Creators',
      ]),
    ).toEqual([]);
  });
});
