/**
 * A brand's in-app notices (Partnership Ads answers and endings) as its portal pages show them. As on
 * the creators' Channels page, showing a notice marks it read: it is shown as new this once.
 */
import { countUnread, listNotifications, markRead, type Notification } from '../notifications/index.ts';
import type { Deps } from '../platform/deps.ts';

export const BRAND_NOTICES_SHOWN = 20;

export interface BrandNotices {
  notifications: Notification[];
  /** Unread before this showing. */
  unreadCount: number;
}

/** The latest notices (`unreadOnly`: only those not seen yet), then marks the ones shown read. */
export async function showBrandNotices(
  deps: Pick<Deps, 'db' | 'clock'>,
  session: { workspaceId: string; brandId: string },
  options: { unreadOnly: boolean },
): Promise<BrandNotices> {
  const recipient = { brandId: session.brandId };
  const [notifications, unreadCount] = await Promise.all([
    listNotifications(deps.db, session.workspaceId, recipient, { unreadOnly: options.unreadOnly, limit: BRAND_NOTICES_SHOWN }),
    countUnread(deps.db, session.workspaceId, recipient),
  ]);
  const shownUnread = notifications.filter((n) => n.readAt === null).map((n) => n.id);
  await markRead(deps.db, session.workspaceId, recipient, deps.clock.now(), shownUnread);
  return { notifications, unreadCount };
}
