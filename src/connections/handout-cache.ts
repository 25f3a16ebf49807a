/**
 * The hand-out's cache: each process keeps up to HANDOUT_CACHE_SIZE connections' hand-out rows (sealed
 * as stored: the token is opened at each hand-out, never kept open) and forgets one the moment the
 * database notifies a change to it (migration 033's triggers on `connections` and `connection_tokens`),
 * all of them when the notices may have been missed. See platform/db/notified-cache.ts for the rules.
 */
import type { ChangeFeed } from '../platform/db/change-feed.ts';
import { NotifiedCache } from '../platform/db/notified-cache.ts';
import type { HandoutRow } from './connections.repo.ts';

/** The channel migration 033's triggers notify, with a connection id (or '*': all). */
export const CONNECTION_CHANGES = 'ck_connection_changes';

export async function openHandoutCache(changes: ChangeFeed, maxEntries: number): Promise<NotifiedCache<HandoutRow>> {
  const cache = new NotifiedCache<HandoutRow>(changes, maxEntries);
  await cache.listen(CONNECTION_CHANGES);
  return cache;
}
