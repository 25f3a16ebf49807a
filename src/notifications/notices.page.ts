/**
 * In-app notifications as the portal pages list them: a creator's on the Channels page, a brand's on
 * its campaign pages. New ones are marked (with words for screen readers, not by colour alone) and
 * counted in the heading; urgent ones carry a red edge.
 */

import { type Html, html, timeTag } from '../kernel/html.ts';
import type { Notification } from './notifications.repo.ts';

export const noticeStyles = `
.badge{display:inline-block;background:var(--bad);color:#fff;border-radius:999px;padding:0 9px;font-size:.85rem;vertical-align:middle}
ul.notices{list-style:none;padding:0;margin:0}
.notice{border-left:4px solid transparent}.notice.new{border-left-color:var(--accent)}.notice.urgent{border-left-color:var(--bad)}
.notice p{margin:4px 0;overflow-wrap:anywhere}
`;

export function noticesSection(input: { notifications: readonly Notification[]; unreadCount: number; more?: Html }): Html {
  if (input.notifications.length === 0) return html``;
  const badge = input.unreadCount > 0 ? html` <span class="badge">${input.unreadCount} new</span>` : html``;
  const items = input.notifications.map(
    (
      n,
    ) => html`<li class="card notice${n.readAt === null ? ' new' : ''}${n.urgent ? ' urgent' : ''}"><strong>${n.readAt === null ? html`<span class="sr">New: </span>` : html``}${n.title}</strong>
<p>${n.body}</p><p class="muted small">${timeTag(n.createdAt)}</p></li>`,
  );
  return html`<section aria-labelledby="notices-h"><h2 id="notices-h">Notifications${badge}</h2><ul class="plain notices">${items}</ul>${input.more ?? html``}</section>`;
}
