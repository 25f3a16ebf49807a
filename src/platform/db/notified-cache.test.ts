import { describe, expect, it } from 'vitest';
import type { ChangeFeed, ChangeHandler } from './change-feed.ts';
import { NotifiedCache } from './notified-cache.ts';

/** A feed the test drives: it tells changes, drops and comes back when told to. */
function fakeFeed() {
  const handlers: ChangeHandler[] = [];
  const states: ((listening: boolean) => void)[] = [];
  const feed = {
    isFresh: true,
    epoch: 0,
    fresh: () => feed.isFresh,
    subscribe: async (_channel: string, handler: ChangeHandler) => void handlers.push(handler),
    onState: (listener: (listening: boolean) => void) => {
      states.push(listener);
      return () => {};
    },
    wrote: () => {},
    setDatabaseAvailable: () => {},
    close: async () => {},
    tell: (key: string) => {
      for (const handler of handlers) handler(key);
    },
    drop: () => {
      feed.isFresh = false;
      feed.epoch++;
      for (const listener of states) listener(false);
    },
    back: () => {
      feed.isFresh = true;
      feed.epoch++;
      for (const listener of states) listener(true);
    },
  };
  return feed satisfies ChangeFeed;
}

async function cacheOf(maxEntries = 10) {
  const feed = fakeFeed();
  const cache = new NotifiedCache<string>(feed, maxEntries);
  await cache.listen('changes');
  const database = new Map<string, string>([
    ['a', 'a1'],
    ['b', 'b1'],
    ['c', 'c1'],
  ]);
  let reads = 0;
  const read = (key: string) => async () => {
    reads++;
    return database.get(key);
  };
  return { feed, cache, database, read, reads: () => reads };
}

describe('a cache kept fresh by notices', () => {
  it('a second read of a row is answered from memory, and a notice about it sends the next read to the database', async () => {
    const { feed, cache, database, read, reads } = await cacheOf();
    expect(await cache.get('a', read('a'))).toBe('a1');
    expect(await cache.get('a', read('a'))).toBe('a1');
    expect(reads()).toBe(1);
    database.set('a', 'a2');
    feed.tell('a');
    expect(await cache.get('a', read('a'))).toBe('a2');
    expect(reads()).toBe(2);
  });

  it("'*' forgets every row", async () => {
    const { feed, cache, read } = await cacheOf();
    await cache.get('a', read('a'));
    await cache.get('b', read('b'));
    feed.tell('*');
    expect(cache.size).toBe(0);
  });

  it('a row read just before a change, whose notice arrives while the read is on its way, is not kept', async () => {
    const { feed, cache, database } = await cacheOf();
    const slowRead = async () => {
      const before = database.get('a');
      // The change commits and is told after the row was read, before the read returns.
      database.set('a', 'a2');
      feed.tell('a');
      return before;
    };
    expect(await cache.get('a', slowRead)).toBe('a1');
    expect(cache.size).toBe(0);
    expect(await cache.get('a', async () => database.get('a'))).toBe('a2');
  });

  it('while the feed is not fresh every read goes to the database and nothing is kept; a drop forgets everything', async () => {
    const { feed, cache, read, reads } = await cacheOf();
    await cache.get('a', read('a'));
    feed.drop();
    expect(cache.size).toBe(0);
    await cache.get('a', read('a'));
    await cache.get('a', read('a'));
    expect(reads()).toBe(3);
    expect(cache.size).toBe(0);
    expect(cache.counts.bypassed).toBe(2);
    feed.back();
    await cache.get('a', read('a'));
    await cache.get('a', read('a'));
    expect(reads()).toBe(4);
  });

  it('a read begun before the feed dropped and came back is not kept', async () => {
    const { feed, cache, database } = await cacheOf();
    const read = async () => {
      feed.drop();
      feed.back();
      return database.get('a');
    };
    await cache.get('a', read);
    expect(cache.size).toBe(0);
  });

  it('holds at most its size, forgetting the least recently used first', async () => {
    const { cache, read, reads } = await cacheOf(2);
    await cache.get('a', read('a'));
    await cache.get('b', read('b'));
    await cache.get('a', read('a')); // a is now the most recently used
    await cache.get('c', read('c')); // so b goes
    expect(cache.size).toBe(2);
    expect(reads()).toBe(3);
    await cache.get('a', read('a'));
    expect(reads()).toBe(3);
    await cache.get('b', read('b'));
    expect(reads()).toBe(4);
  });

  it('a row that is not there is not remembered as missing', async () => {
    const { cache, database, read, reads } = await cacheOf();
    expect(await cache.get('z', read('z'))).toBeUndefined();
    database.set('z', 'z1');
    expect(await cache.get('z', read('z'))).toBe('z1');
    expect(reads()).toBe(2);
  });

  it('size 0 keeps nothing and never listens', async () => {
    const feed = fakeFeed();
    const cache = new NotifiedCache<string>(feed, 0);
    await cache.listen('changes');
    await cache.get('a', async () => 'a1');
    expect(cache.size).toBe(0);
    expect(cache.counts.bypassed).toBe(1);
  });
});
