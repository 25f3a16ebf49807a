import { describe, expect, it } from 'vitest';
import { textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import type { ErrorCode } from '../kernel/errors.ts';
import { anonymousViewer } from '../platform/web/viewer.ts';
import { portalFailurePage } from './portal-failure.page.ts';

const settings = { productName: 'Acme Creators', pseudoLocale: true };
const codes: ErrorCode[] = ['portal_session_expired', 'portal_link_invalid', 'portal_link_expired', 'portal_link_used', 'csrf_invalid', 'not_found'];

describe('the portal’s failure pages', () => {
  it('say what happened and where to get a new link, in the reader’s language, without a code', () => {
    const ja = portalFailurePage(anonymousViewer(settings, 'ja'), { code: 'portal_link_used' }, { kind: 'creator' })!;
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('<h1 class="bad">このリンクはすでに使われています</h1>');
    expect(ja).toContain('Acme Creatorsからもう一度ページを開いて');
    const pt = portalFailurePage(anonymousViewer(settings, 'pt-BR'), { code: 'csrf_invalid' }, { kind: 'creator', backUrl: '/portal' })!;
    expect(pt).toContain('Este formulário está desatualizado');
    expect(pt).toContain('<a class="button" href="/portal">Voltar</a>');
    expect(pt).not.toMatch(/>[^<]*csrf_invalid/);
  });

  it('a brand’s ended visit does not send it to a Channels page', () => {
    const brand = portalFailurePage(anonymousViewer(settings), { code: 'portal_session_expired' }, { kind: 'brand' })!;
    expect(brand).toContain('Open the campaign pages again from Acme Creators.');
    expect(brand).not.toContain('Channels');
  });

  it('leave the connect flow’s failures to its own page', () => {
    expect(portalFailurePage(anonymousViewer(settings), { code: 'access_denied' }, { kind: 'creator' })).toBeNull();
  });

  it('have no text outside the catalogues', () => {
    const pseudo = anonymousViewer(settings, 'en-XA');
    for (const code of codes) {
      for (const kind of ['creator', 'brand'] as const) {
        expect(textOutsideCatalogues(portalFailurePage(pseudo, { code }, { kind, backUrl: '/portal' })!, [settings.productName]), code).toEqual([]);
      }
    }
  });
});
