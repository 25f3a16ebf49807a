/**
 * Notifications: the in-app notices a creator or a brand reads (table notifications), the API that
 * lists and marks them read, and the section the portal pages show them in.
 */
export { notificationMessages } from './messages/index.ts';
export type { NoticeMessage, NoticeTexts, NoticeValues } from './notice-message.ts';
export { type NoticesInput, noticeStyles, noticesSection } from './notices.page.ts';
export { countUnread, insertNotification, listNotifications, markRead, type NoticeContent, type Notification } from './notifications.repo.ts';
