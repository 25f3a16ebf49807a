import { describe, expect, it } from 'vitest';
import { readableText, textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { formatsFor } from '../platform/i18n/format.ts';
import type { ReaderLocale } from '../platform/i18n/locales.ts';
import { anonymousViewer, type Viewer } from '../platform/web/viewer.ts';
import { alreadyConnectedPage, type ChoiceView, choosePage, connectedPage, failurePage } from './connect.page.ts';
import { connectedMessage } from './connect-popup.rules.ts';

const brand: Viewer['brand'] = {
  productName: 'Acme Creators',
  senderName: 'Acme Creators',
  accent: null,
  accentDark: null,
  supportEmail: null,
  supportUrl: null,
  logoPath: null,
  unbranded: false,
};
const viewer = (locale: ReaderLocale): Viewer => ({ locale, timeZone: null, formats: formatsFor({ locale, timeZone: null }), brand });
const pseudo = anonymousViewer({ productName: 'Acme Creators', pseudoLocale: true }, 'en-XA');

const choices: ChoiceView[] = [
  { key: 'instagram:1', network: 'instagram', username: 'dana.bakes', displayName: 'Dana', accountType: 'BUSINESS', avatarUrl: null },
  { key: 'facebook:2', network: 'facebook', username: null, displayName: 'Dana Bakes', accountType: 'PAGE', avatarUrl: null },
];
const retryUrl = 'https://ck.example/connect/again?link=abc';
const backUrl = 'https://platform.example/after?status=error&error=access_denied';

describe('the connected page', () => {
  it('says which network is connected in the reader’s language, with the network’s mark and name', () => {
    const en = connectedPage({ viewer: viewer('en'), provider: 'instagram', account: '@ana', reconnected: false });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<svg class="mark');
    expect(en).toContain('Instagram connected');
    expect(en).toContain('@ana is connected to Acme Creators. You can close this window.');
    const ja = connectedPage({ viewer: viewer('ja'), provider: 'tiktok', account: null, reconnected: true });
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('TikTokと再連携しました');
    expect(ja).toContain('お使いのTikTokアカウントをAcme Creatorsと再び連携しました');
    const pt = connectedPage({
      viewer: viewer('pt-BR'),
      provider: 'youtube',
      account: '@canal',
      reconnected: false,
      popup: { origins: ['https://a.example'], message: connectedMessage(['con_1']), next: 'https://a.example/next' },
    });
    expect(pt).toContain('YouTube conectado');
    expect(pt).toContain('Continuar para o Acme Creators');
    const several = connectedPage({ viewer: viewer('pt-BR'), provider: 'facebook', account: ['Dana Bakes', '@dana.bakes'], reconnected: false });
    expect(several).toContain('Dana Bakes e @dana.bakes estão conectadas ao Acme Creators.');
  });

  it('has no text outside the catalogues but the account and the product name', () => {
    expect(textOutsideCatalogues(connectedPage({ viewer: pseudo, provider: 'instagram', account: '@ana', reconnected: false }), ['@ana', 'Acme Creators', 'Instagram'])).toEqual(
      [],
    );
  });
});

describe('the choose-accounts page', () => {
  it('lists each account with its network’s mark and kind, in the reader’s language', () => {
    const ja = choosePage({ viewer: viewer('ja'), provider: 'facebook', choices, action: '/connect/choose/t' });
    expect(ja).toContain('Acme Creatorsと連携するアカウントを選んでください');
    expect(ja).toContain('Instagramプロアカウント');
    expect(ja).toContain('Facebookページ');
    expect(ja.match(/<svg class="mark/g)?.length).toBe(3);
    const pt = choosePage({ viewer: viewer('pt-BR'), provider: 'facebook', choices, action: '/connect/choose/t', error: true });
    expect(pt).toContain('role="alert">Escolha pelo menos uma conta.</div>');
    expect(pt).toContain('Seu login do Facebook dá acesso a estas contas.');
  });

  it('has no text outside the catalogues but the accounts’ names', () => {
    const page = choosePage({ viewer: pseudo, provider: 'facebook', choices, action: '/connect/choose/t', error: true });
    expect(textOutsideCatalogues(page, ['@dana.bakes', 'Dana Bakes', 'Dana', 'Acme Creators', 'Facebook'])).toEqual([]);
  });
});

describe('the page after a failure', () => {
  it('“Nothing was connected” offers Try again (back to the same connect link) and the way back to the platform', () => {
    const page = failurePage({ code: 'access_denied' }, { viewer: viewer('en'), retryUrl, backUrl, provider: 'instagram' });
    expect(page).toContain('<h1 class="bad">Nothing was connected</h1>');
    expect(page).toContain(`<a class="button" href="${retryUrl}">Try again</a>`);
    expect(page).toContain(`href="${backUrl.replace(/&/g, '&amp;')}">Back to Acme Creators</a>`);
  });

  it('shows no error code, id or lowercase network id where a person reads', () => {
    for (const code of ['access_denied', 'state_expired', 'oauth_failed', 'connect_session_expired', 'no_eligible_account'] as const) {
      const text = readableText(failurePage({ code, details: { reason: 'personal_account' } }, { viewer: viewer('en'), retryUrl, provider: 'pinterest' })).join(' ');
      expect(text, code).not.toContain(code);
      expect(text, code).not.toMatch(/Reference|\bpinterest\b/);
    }
    const refused = failurePage({ code: 'no_eligible_account', details: { reason: 'personal_account' } }, { viewer: viewer('en'), provider: 'pinterest' });
    expect(refused).toContain('Only Pinterest business accounts can be connected.');
  });

  it('speaks the reader’s language, the personal-account steps included', () => {
    const ja = failurePage({ code: 'personal_account' }, { viewer: viewer('ja'), retryUrl });
    expect(ja).toContain('個人用のInstagramアカウントです');
    expect(ja).toContain('「プロアカウントに切り替える」をタップし');
    expect(ja).toContain('もう一度試す');
    const pt = failurePage({ code: 'access_denied' }, { viewer: viewer('pt-BR'), retryUrl, backUrl });
    expect(pt).toContain('Nada foi conectado');
    expect(pt).toContain('Tentar de novo');
    expect(pt).toContain('Voltar para o Acme Creators');
  });

  it('has no text outside the catalogues, whatever went wrong', () => {
    for (const code of ['access_denied', 'personal_account', 'no_eligible_account', 'state_invalid', 'connect_session_used', 'reconnect_link_expired', 'internal_error'] as const) {
      const page = failurePage({ code }, { viewer: pseudo, retryUrl, backUrl, provider: 'instagram' });
      expect(textOutsideCatalogues(page, ['Acme Creators', 'Instagram']), code).toEqual([]);
    }
  });
});

describe('a reconnect link used after the channel was reconnected', () => {
  it('says it is already connected again, with nothing to do and a way to the Channels page', () => {
    const en = alreadyConnectedPage({ viewer: viewer('en'), provider: 'tiktok', account: '@tom.dances', channelsUrl: '/portal' });
    expect(en).toContain('TikTok is already connected again');
    expect(en).toContain('there is nothing to do');
    expect(en).toContain('<a class="button" href="/portal">Open your Channels page</a>');
    expect(alreadyConnectedPage({ viewer: viewer('ja'), provider: 'tiktok', account: '@tom.dances', channelsUrl: '/portal' })).toContain('TikTokはすでに再連携されています');
    expect(
      textOutsideCatalogues(alreadyConnectedPage({ viewer: pseudo, provider: 'tiktok', account: '@tom.dances', channelsUrl: '/portal' }), [
        '@tom.dances',
        'TikTok',
        'Acme Creators',
      ]),
    ).toEqual([]);
  });
});
