import { describe, expect, it } from 'vitest';
import { connectionNoticeTexts, disconnectedNotice, expiringNotice, reconnectedNotice } from './connection-notices.ts';

const ana = { network: 'Instagram', account: { name: '@ana.business', on: null } };
const danaOnFacebook = { network: 'Facebook', account: { name: '@dana.bakes', on: 'Instagram' } };

describe('in-app notices about a connection', () => {
  it('keep English words for the API and a key with values for the pages', () => {
    const notice = disconnectedNotice({ ...ana, reason: 'password_changed', campaigns: ['Summer Glow'] });
    expect(notice).toMatchObject({ urgent: true, title: 'Urgent: Instagram @ana.business is disconnected' });
    expect(notice.body).toBe(
      'Your Instagram password or username was changed, which signs out connected apps. Reconnect Instagram @ana.business to resume. Your live campaign "Summer Glow" needs it: reconnect today.',
    );
    expect(notice.message).toEqual({
      key: 'connections.disconnected',
      values: { network: 'Instagram', account: '@ana.business', on: null, reason: 'password_changed', grantDays: null, accountNetwork: null, campaigns: ['Summer Glow'] },
    });
  });

  it('render later in any language from what was stored', () => {
    const stored = JSON.parse(JSON.stringify(disconnectedNotice({ ...danaOnFacebook, reason: 'not_professional', accountNetwork: 'instagram' }).message));
    const ja = connectionNoticeTexts(stored, 'ja')!;
    expect(ja.title).toBe('Facebook Instagramの@dana.bakesの連携が解除されました');
    expect(ja.body).toContain('Instagramアプリでプロフィールを開き');
    const pt = connectionNoticeTexts(expiringNotice({ ...ana, daysLeft: 3, grantDays: 60 }).message!, 'pt-BR')!;
    expect(pt.title).toBe('Instagram @ana.business será desconectada em 3 dias');
    expect(pt.body).toBe('O Instagram só deixa os apps manterem o acesso por 60 dias, e esse prazo termina em breve. Reconecte Instagram @ana.business para renovar.');
    expect(connectionNoticeTexts(expiringNotice({ ...ana, daysLeft: 1 }).message!, 'de')!.title).toBe('Instagram @ana.business wird morgen getrennt');
    expect(connectionNoticeTexts(reconnectedNotice(ana).message!, 'es')).toEqual({
      title: 'Instagram @ana.business se volvió a conectar',
      body: 'Vuelve a funcionar; no tienes que hacer nada más.',
    });
  });

  it('leave any other feature’s notices to their stored text', () => {
    expect(connectionNoticeTexts({ key: 'partnership_ads.requested', values: {} }, 'ja')).toBeNull();
  });
});
