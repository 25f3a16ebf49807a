/**
 * The change feed on PostgreSQL: one dedicated connection (not from the pool: LISTEN is a session's,
 * and it must not wait behind queries) that LISTENs on every subscribed channel.
 *
 * Freshness has two halves:
 * - Listening. Until the connection is up and has LISTENed, and from the moment it drops (an error, an
 *   end, or a heartbeat unanswered for `heartbeatTimeoutMs`: a silent network cut) until it is back, the
 *   feed is not fresh and every state listener is told, so caches forget everything and read the database.
 * - This process's own writes. Another process's change is told when it is told; but a change this
 *   process committed must be seen by this process's next read, as it always was. So each statement
 *   that may have written (`wrote()`, from the pool) makes the feed stale until one round trip on the
 *   listening connection completes after it: PostgreSQL signals the listeners when a transaction
 *   commits, before the commit is acknowledged, and a listening session sends the notices it was
 *   signalled before it answers its next query, so once that `select 1` is answered, the notices of
 *   every commit this process had seen acknowledged have been handled.
 */
import pg from 'pg';
import type { ChangeFeed, ChangeHandler } from './change-feed.ts';

export interface PostgresChangeFeedOptions {
  connectionString: string;
  connectTimeoutMs: number;
  /** A lost or refused listening connection (it is retried); for the availability watch and the log. */
  onError?: (error: unknown) => void;
  /** How often the connection is asked a `select 1`, and how long an answer may take before it counts as dropped. */
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** The first reconnection delay, doubled after each failure up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class PostgresChangeFeed implements ChangeFeed {
  readonly #options: Required<Omit<PostgresChangeFeedOptions, 'onError'>> & Pick<PostgresChangeFeedOptions, 'onError'>;
  readonly #handlers = new Map<string, Set<ChangeHandler>>();
  readonly #stateListeners = new Set<(listening: boolean) => void>();
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #listening = false;
  #epoch = 0;
  #closed = false;
  /** False while the availability watch knows the database is unreachable: no attempts until it answers again. */
  #databaseAvailable = true;
  #retryMs: number;
  #retryTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  /** Statements that may have written, counted; and how many of them a completed round trip has covered. */
  #written = 0;
  #synced = 0;
  /** The round trip in flight on the listening connection (sync or heartbeat), and when it was sent. */
  #pingSentAt: number | undefined;

  constructor(options: PostgresChangeFeedOptions) {
    this.#options = { heartbeatMs: 2_000, heartbeatTimeoutMs: 5_000, firstRetryMs: 250, maxRetryMs: 15_000, ...options };
    this.#retryMs = this.#options.firstRetryMs;
  }

  get epoch(): number {
    return this.#epoch;
  }

  fresh(): boolean {
    if (!this.#listening) return false;
    if (this.#synced === this.#written) return true;
    this.#ping();
    return false;
  }

  wrote(): void {
    this.#written++;
  }

  async subscribe(channel: string, onChange: ChangeHandler): Promise<void> {
    const handlers = this.#handlers.get(channel);
    if (handlers) {
      handlers.add(onChange);
      return;
    }
    this.#handlers.set(channel, new Set([onChange]));
    if (this.#connecting) await this.#connecting;
    const client = this.#client;
    if (!client) return this.#connect();
    // A new channel on a live connection: the channels already heard are not disturbed, and the new one's
    // cache trusts nothing until this resolves. A reconnection LISTENs on every channel again.
    await client.query(`listen ${quoteIdent(channel)}`).catch((error: unknown) => this.#lost(client, error));
  }

  onState(listener: (listening: boolean) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  setDatabaseAvailable(available: boolean): void {
    this.#databaseAvailable = available;
    if (!available) {
      clearTimeout(this.#retryTimer);
      return;
    }
    // Back: listen again at once (the caches bypass until then), with the backoff from the start.
    this.#retryMs = this.#options.firstRetryMs;
    if (!this.#client && !this.#closed && this.#handlers.size > 0) void this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#heartbeatTimer);
    this.#setListening(false);
    this.#stateListeners.clear();
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  #connect(): Promise<void> {
    if (this.#client || this.#closed) return this.#connecting ?? Promise.resolve();
    this.#connecting ??= this.#open().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  async #open(): Promise<void> {
    const { connectionString, connectTimeoutMs } = this.#options;
    // Named, so an operator can tell it in pg_stat_activity (and a test can end it).
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true, application_name: 'channelkeeper-change-feed' });
    // A socket that dies emits 'error' and 'end'; unheard, 'error' would crash the process.
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('Connection terminated: the change listener')));
    client.on('notification', (message) => this.#deliver(message.channel, message.payload ?? ''));
    this.#client = client;
    try {
      await client.connect();
      for (const channel of this.#handlers.keys()) await client.query(`listen ${quoteIdent(channel)}`);
    } catch (error) {
      this.#lost(client, error);
      return;
    }
    if (this.#client !== client || this.#closed) return;
    // Every write finished before now is visible to any read that starts now, and the caches are empty.
    this.#synced = this.#written;
    this.#pingSentAt = undefined;
    this.#retryMs = this.#options.firstRetryMs;
    this.#heartbeatTimer = setInterval(() => this.#heartbeat(client), this.#options.heartbeatMs);
    this.#heartbeatTimer.unref();
    this.#setListening(true);
  }

  #heartbeat(client: pg.Client): void {
    if (this.#client !== client) return;
    if (this.#pingSentAt !== undefined && performance.now() - this.#pingSentAt > this.#options.heartbeatTimeoutMs) {
      this.#lost(client, new Error(`Connection terminated: the change listener did not answer for ${this.#options.heartbeatTimeoutMs} ms`));
      return;
    }
    this.#ping();
  }

  /** One round trip on the listening connection; when it answers, every write counted before it was sent is synced. */
  #ping(): void {
    const client = this.#client;
    if (!client || this.#pingSentAt !== undefined) return;
    const covers = this.#written;
    this.#pingSentAt = performance.now();
    client.query('select 1').then(
      () => {
        if (this.#client !== client) return;
        this.#pingSentAt = undefined;
        if (covers > this.#synced) this.#synced = covers;
        // Writes counted meanwhile: go again at once, so a burst of writes costs one round trip each way.
        if (this.#synced !== this.#written) this.#ping();
      },
      (error: unknown) => this.#lost(client, error),
    );
  }

  #deliver(channel: string, payload: string): void {
    for (const handler of this.#handlers.get(channel) ?? []) handler(payload);
  }

  #lost(client: pg.Client, error: unknown, retryMs = this.#retryMs): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#pingSentAt = undefined;
    clearInterval(this.#heartbeatTimer);
    client.removeAllListeners('notification');
    client.removeAllListeners('end');
    client.end().catch(() => {});
    this.#setListening(false);
    if (error !== undefined) this.#options.onError?.(error);
    if (this.#closed) return;
    this.#retryMs = Math.min(this.#retryMs * 2, this.#options.maxRetryMs);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      // During an outage the availability watch's probe is the only thing sent; it tells us when to come back.
      if (this.#databaseAvailable) void this.#connect();
    }, retryMs);
    this.#retryTimer.unref();
  }

  #setListening(listening: boolean): void {
    if (this.#listening === listening && !listening) return;
    this.#listening = listening;
    this.#epoch++;
    for (const listener of this.#stateListeners) listener(listening);
  }
}
