import { describe, expect, it } from 'vitest';
import { readableText, textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { partnershipFailurePage } from './partnership-failure.page.ts';

const viewerIn = (language: string) => anonymousViewer({ productName: 'Channelkeeper', pseudoLocale: true }, language);

describe('a Partnership Ads link that opens nothing', () => {
  it('says what happened and the way back in, in the browser’s language, with no code in the sentences', () => {
    const page = partnershipFailurePage('partnership_link_expired', viewerIn('pt-BR'));
    expect(page).toContain('<h1 class="bad">Este link expirou</h1>');
    expect(page).toContain('Abra o pedido de novo pela sua página de canais');
    expect(page).toContain('data-code="partnership_link_expired"');
    expect(readableText(page).join(' ')).not.toContain('partnership_link_expired');
    expect(partnershipFailurePage('partnership_request_closed', viewerIn('ja'))).toContain('このリクエストは回答済みです');
  });

  it('has no text outside the catalogues, whatever the code', () => {
    for (const code of ['partnership_link_invalid', 'partnership_request_closed', 'state_invalid', 'internal_error']) {
      expect(textOutsideCatalogues(partnershipFailurePage(code, viewerIn('en-XA')), ['Channelkeeper'])).toEqual([]);
    }
  });
});
