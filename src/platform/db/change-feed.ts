/**
 * What the database tells this process about committed changes (the triggers of migration 033 send
 * `NOTIFY <channel>, '<key>'`), so a cache can answer hot reads from memory and forget a row the moment
 * its change is told. The one rule every cache keeps: answer from memory only while `fresh()`; when it
 * turns false (the listening connection dropped, or a change this process just committed has not been
 * told back yet) forget or bypass, and read the database.
 *
 * On PostgreSQL a dedicated connection LISTENs (postgres-change-feed.ts). PGlite is one session in this
 * process: the notices of a commit come back in that commit's own answer, before it returns, so its feed
 * is always fresh once it listens.
 */
/** Called with a changed row's key, or '*' when every row may have changed (a TRUNCATE). */
export type ChangeHandler = (key: string) => void;

export interface ChangeFeed {
  /**
   * Whether a cache may answer from memory now: the feed is listening, and every change this process
   * committed has been told back to it. Asking may start the round trip that makes it fresh again.
   */
  fresh(): boolean;
  /** Changes whenever listening stops or starts: a read begun under another epoch must not be remembered. */
  readonly epoch: number;
  /** Listens on `channel` (resolves once listening, or once the first attempt to connect failed: it retries). */
  subscribe(channel: string, onChange: ChangeHandler): Promise<void>;
  /** Told false when notices may have been missed (forget everything), true when they flow again. */
  onState(listener: (listening: boolean) => void): () => void;
  /** A statement that may have written finished in this process (called by the database layer). */
  wrote(): void;
  /** What the availability watch knows: while false the feed makes no attempt to connect; true makes one at once. */
  setDatabaseAvailable(available: boolean): void;
  close(): Promise<void>;
}

/** LISTEN on PGlite's one session (through its gate); PGlite calls `callback` with each notice's payload. */
export type PgliteListen = (channel: string, callback: (payload: string) => void) => Promise<unknown>;

/** PGlite: LISTEN on the shared session; a commit's notices are handled before the commit returns. */
export class PgliteChangeFeed implements ChangeFeed {
  readonly #listen: PgliteListen;
  readonly #listeners = new Set<(listening: boolean) => void>();
  #listening = false;
  #epoch = 0;

  constructor(listen: PgliteListen) {
    this.#listen = listen;
  }

  fresh(): boolean {
    return this.#listening;
  }

  get epoch(): number {
    return this.#epoch;
  }

  async subscribe(channel: string, onChange: ChangeHandler): Promise<void> {
    await this.#listen(channel, (payload) => onChange(payload));
    this.#listening = true;
    this.#epoch++;
    for (const listener of this.#listeners) listener(true);
  }

  onState(listener: (listening: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  wrote(): void {}

  setDatabaseAvailable(): void {}

  async close(): Promise<void> {
    this.#listening = false;
    this.#listeners.clear();
  }
}
