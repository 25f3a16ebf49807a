/**
 * Every message book (one per feature that speaks to people), listed once like the routes: the
 * catalogue test reads each in every language, and tools (a translator's export) find them here.
 */
import { callbackMessages } from './callbacks/index.ts';
import { partnershipMessages } from './partnership-ads/index.ts';
import type { MessageBook, Messages } from './platform/i18n/messages.ts';
import { shellMessages } from './platform/web/messages/index.ts';
import { brandPageMessages } from './portal/index.ts';

const books = [shellMessages, callbackMessages, brandPageMessages, partnershipMessages];

export const messageBooks: readonly MessageBook<Messages>[] = books as unknown as MessageBook<Messages>[];
