/**
 * Every message book (one per feature that speaks to people), listed once like the routes: the
 * catalogue test reads each in every language, and tools (a translator's export) find them here.
 */
import { callbackMessages } from './callbacks/index.ts';
import { connectionMessages, connectMessages } from './connections/index.ts';
import { notificationMessages } from './notifications/index.ts';
import { opsMessages } from './ops/index.ts';
import { partnershipMessages } from './partnership-ads/index.ts';
import type { MessageBook, Messages } from './platform/i18n/messages.ts';
import { shellMessages } from './platform/web/messages/index.ts';
import { brandPageMessages, portalMessages } from './portal/index.ts';

const books = [shellMessages, callbackMessages, connectMessages, connectionMessages, notificationMessages, portalMessages, brandPageMessages, partnershipMessages, opsMessages];

export const messageBooks: readonly MessageBook<Messages>[] = books as unknown as MessageBook<Messages>[];
