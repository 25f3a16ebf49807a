/**
 * Rows kept in memory, at most `maxEntries` (least recently used go first), each forgotten the moment the
 * change feed tells its key changed, all forgotten when the feed stops listening, and none trusted while
 * the feed is not fresh (the read goes to the database, and its row is not kept).
 *
 * A read that misses reserves its key before it goes to the database, and keeps its row only if nothing
 * about that key was told meanwhile (and the feed is still fresh, in the same epoch): a row read just
 * before a change committed, whose notice arrived while the read was on its way, is never kept.
 *
 * It holds what the database holds (sealed secrets stay sealed) and hands out the same objects to every
 * caller: values must be treated as read-only.
 */
import type { ChangeFeed } from './change-feed.ts';

export interface CacheCounts {
  hits: number;
  misses: number;
  /** Reads that went to the database because the feed was not fresh. */
  bypassed: number;
  invalidations: number;
}

export class NotifiedCache<V> {
  readonly #feed: ChangeFeed;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, V>();
  /** Keys being read from the database, with the ticket of the latest read: a notice takes the ticket away. */
  readonly #pending = new Map<string, symbol>();
  #ready = false;
  readonly counts: CacheCounts = { hits: 0, misses: 0, bypassed: 0, invalidations: 0 };

  constructor(feed: ChangeFeed, maxEntries: number) {
    this.#feed = feed;
    this.#maxEntries = maxEntries;
    feed.onState(() => this.clear());
  }

  /** Listens on `channel` (whose payloads are this cache's keys; '*' forgets all). Until then every read bypasses. */
  async listen(channel: string): Promise<void> {
    if (this.#maxEntries <= 0) return;
    await this.#feed.subscribe(channel, (key) => (key === '*' ? this.clear() : this.forget(key)));
    this.#ready = true;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The row for `key`: from memory when it may be, otherwise from `read` (kept for next time when it may be). */
  async get(key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.#ready || !this.#feed.fresh()) {
      this.counts.bypassed++;
      return read();
    }
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.counts.hits++;
      // Map keeps insertion order: moving a hit to the end makes the first key the least recently used.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    this.counts.misses++;
    const ticket = Symbol(key);
    const epoch = this.#feed.epoch;
    this.#pending.set(key, ticket);
    try {
      const value = await read();
      if (value !== undefined && this.#pending.get(key) === ticket && this.#feed.epoch === epoch && this.#feed.fresh()) this.#keep(key, value);
      return value;
    } finally {
      if (this.#pending.get(key) === ticket) this.#pending.delete(key);
    }
  }

  forget(key: string): void {
    this.counts.invalidations++;
    this.#entries.delete(key);
    this.#pending.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#pending.clear();
  }

  #keep(key: string, value: V): void {
    this.#entries.set(key, value);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
