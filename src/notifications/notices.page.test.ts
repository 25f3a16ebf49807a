import { describe, expect, it } from 'vitest';
import { textOutsideCatalogues } from '../../test/support/pseudo-text.ts';
import { formatsFor } from '../platform/i18n/format.ts';
import type { NoticeTexts } from './notice-message.ts';
import { noticesSection } from './notices.page.ts';
import type { Notification } from './notifications.repo.ts';

const at = new Date('2026-06-10T09:30:00Z');
const notice = (over: Partial<Notification>): Notification => ({
  id: 'ntf_1',
  kind: 'connection_reconnected',
  urgent: false,
  title: 'Instagram @ana is reconnected',
  body: 'It works again; there is nothing else to do.',
  message: null,
  connectionId: null,
  createdAt: at,
  readAt: null,
  ...over,
});
const texts: NoticeTexts = (message, locale) => (message.key === 'test.hello' ? { title: `${locale}:${String(message.values.name)}`, body: 'body' } : null);

describe('the notifications section', () => {
  it('renders notices written as a key in the viewer’s language, with their time in the viewer’s zone', () => {
    const viewer = { locale: 'ja' as const, formats: formatsFor({ locale: 'ja', timeZone: 'Asia/Tokyo' }) };
    const section = noticesSection({ viewer, texts, unreadCount: 2, notifications: [notice({ message: { key: 'test.hello', values: { name: 'ana' } } })] }).value;
    expect(section).toContain('<h2 id="notices-h">お知らせ <span class="badge">新着2件</span></h2>');
    expect(section).toContain('<span class="sr">新着：</span>ja:ana');
    expect(section).toContain('2026/06/10 18:30');
  });

  it('shows a notice written before keys, or by a feature that renders none, as its stored text', () => {
    const viewer = { locale: 'pt-BR' as const, formats: formatsFor({ locale: 'pt-BR', timeZone: null }) };
    const section = noticesSection({ viewer, texts, unreadCount: 0, notifications: [notice({ readAt: at, message: { key: 'other.kind', values: {} } })] }).value;
    expect(section).toContain('<h2 id="notices-h">Notificações</h2>');
    expect(section).toContain('Instagram @ana is reconnected');
  });

  it('without a viewer, speaks English as before', () => {
    expect(noticesSection({ unreadCount: 1, notifications: [notice({})] }).value).toContain('<h2 id="notices-h">Notifications <span class="badge">1 new</span></h2>');
  });

  it('has no text outside the catalogues but the notices’ own words', () => {
    const viewer = { locale: 'en-XA' as const, formats: formatsFor({ locale: 'en-XA', timeZone: null }) };
    const section = noticesSection({ viewer, texts, unreadCount: 1, notifications: [notice({ message: { key: 'test.hello', values: { name: 'ana' } } })] }).value;
    expect(textOutsideCatalogues(section, ['en-XA:ana', 'body'])).toEqual([]);
  });
});
