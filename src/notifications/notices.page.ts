/**
 * In-app notifications as the portal pages list them: a creator's on the Channels page, a brand's on
 * its campaign pages, in the viewer's language. New ones are marked (with words for screen readers,
 * not by colour alone) and counted in the heading; urgent ones carry a red edge. A notice written as
 * a key and values is rendered by its feature's NoticeTexts; one written as text only shows that text.
 */

import { type Html, html } from '../kernel/html.ts';
import { formatsFor } from '../platform/i18n/format.ts';
import type { Viewer } from '../platform/web/viewer.ts';
import { notificationMessages } from './messages/index.ts';
import type { NoticeTexts } from './notice-message.ts';
import type { Notification } from './notifications.repo.ts';

export const noticeStyles = `
.badge{display:inline-block;background:var(--bad);color:#fff;border-radius:999px;padding:0 9px;font-size:.85rem;vertical-align:middle}
ul.notices{list-style:none;padding:0;margin:0}
.notice{border-left:4px solid transparent}.notice.new{border-left-color:var(--accent)}.notice.urgent{border-left-color:var(--bad)}
.notice p{margin:4px 0;overflow-wrap:anywhere}
`;

export interface NoticesInput {
  notifications: readonly Notification[];
  unreadCount: number;
  more?: Html;
  /** Who reads the page: the language and time zone notices are shown in. Absent: English, times in UTC. */
  viewer?: Pick<Viewer, 'locale' | 'formats'>;
  /** How the features that write notices as keys render them (connections' for a creator's page). */
  texts?: NoticeTexts;
}

const english = { locale: 'en', formats: formatsFor({ locale: 'en', timeZone: null }) } as const;

/** The notice's words in the reader's language, or its stored (English) text when no renderer knows its key. */
function wordsOf(n: Notification, input: NoticesInput, locale: Viewer['locale']): { title: string; body: string } {
  return (n.message && input.texts?.(n.message, locale)) || { title: n.title, body: n.body };
}

export function noticesSection(input: NoticesInput): Html {
  if (input.notifications.length === 0) return html``;
  const viewer = input.viewer ?? english;
  const words = notificationMessages.for(viewer.locale);
  const badge = input.unreadCount > 0 ? html` <span class="badge">${words.t('unread', { count: input.unreadCount })}</span>` : html``;
  const items = input.notifications.map((n) => {
    const { title, body } = wordsOf(n, input, viewer.locale);
    const isNew = n.readAt === null ? html`<span class="sr">${words.t('newLabel')}</span>` : html``;
    return html`<li class="card notice${n.readAt === null ? ' new' : ''}${n.urgent ? ' urgent' : ''}"><strong>${isNew}${title}</strong>
<p>${body}</p><p class="muted small">${viewer.formats.timeTag(n.createdAt)}</p></li>`;
  });
  return html`<section aria-labelledby="notices-h"><h2 id="notices-h">${words.t('heading')}${badge}</h2><ul class="plain notices">${items}</ul>${input.more ?? html``}</section>`;
}
