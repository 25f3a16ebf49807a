import { describe, expect, it } from 'vitest';
import { textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { type DataDeletionStatus, dataDeletionNotFoundPage, dataDeletionPage } from './data-deletion.page.ts';

const status: DataDeletionStatus = {
  confirmationCode: 'dd_7Qx2',
  status: 'completed',
  requestedAt: '2026-06-10T09:30:00.000Z',
  completedAt: '2026-06-10T09:31:00.000Z',
  deleted: { connections: 2, tokens: 3, emails: 1 },
};
const settings = { productName: 'Channelkeeper', pseudoLocale: true };

describe('the data-deletion status page', () => {
  it('speaks the browser’s language, with its plurals and dates', () => {
    const page = dataDeletionPage(status, anonymousViewer(settings, 'ja-JP,ja;q=0.9'));
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain('連携アカウントを2件削除しました');
    expect(page).toContain('時刻はすべてUTCで表示しています。');
    const german = dataDeletionPage(status, anonymousViewer(settings, 'de'));
    expect(german).toContain('1 Zugriffstoken gelöscht'.replace('1', '3').replace('Zugriffstoken ', 'Zugriffstokens '));
    expect(german).toContain('10.06.2026, 09:30');
  });

  it('has no text outside the catalogues but the confirmation code and the product name', () => {
    const viewer = anonymousViewer(settings, 'en-XA');
    expect(textOutsideCatalogues(dataDeletionPage(status, viewer), [status.confirmationCode, settings.productName])).toEqual([]);
    expect(textOutsideCatalogues(dataDeletionNotFoundPage(viewer), [settings.productName])).toEqual([]);
  });
});
