/**
 * Every message book (one per feature that speaks to people), listed once like the routes: the
 * catalogue test reads each in every language, and tools (a translator's export) find them here.
 */
import type { MessageBook, Messages } from './platform/i18n/messages.ts';
import { shellMessages } from './platform/web/messages/index.ts';

export const messageBooks: readonly MessageBook<Messages>[] = [shellMessages as unknown as MessageBook<Messages>];
