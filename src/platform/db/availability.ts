/**
 * Whether the database answers, as this process last found out, told once per change. During an
 * outage every poll of every queue, every pooled connection and every sweep fails at once; each
 * reports its failure here instead of logging it, and this logs one line when the database is lost
 * and one when it answers again. Listeners (the queue) pause their work meanwhile.
 *
 * A reported failure is first checked with a probe: a single dropped connection (an idle client
 * the server closed) whose probe succeeds is no outage and logs nothing. While lost, the probe is
 * retried with a growing delay; that probe is then the only thing this process sends the database.
 */
import type { Logger } from 'pino';
import { isConnectionFailure } from './connection-failure.ts';

export interface AvailabilityOptions {
  logger: Logger;
  /** One round trip to the database (`select 1`); rejects when it is unreachable. */
  probe: () => Promise<unknown>;
  /** The first retry of the probe after a failure, doubled each time up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

export type AvailabilityListener = (available: boolean) => void;

export class DatabaseAvailability {
  readonly #options: Required<AvailabilityOptions>;
  readonly #listeners = new Set<AvailabilityListener>();
  #available = true;
  #probing = false;
  #lostAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: AvailabilityOptions) {
    this.#options = { firstRetryMs: 500, maxRetryMs: 15_000, ...options };
  }

  get available(): boolean {
    return this.#available;
  }

  /**
   * Hands over an error seen anywhere (`where` names the place, for the log line). Returns true when
   * it was a lost connection, which the caller then need not log; false for any other error.
   */
  report(error: unknown, where: string): boolean {
    if (!isConnectionFailure(error)) return false;
    if (!this.#probing && this.#available && !this.#closed) void this.#check(error, where, this.#options.firstRetryMs);
    return true;
  }

  /** Called with false when the database is lost and true when it answers again; returns the unsubscribe. */
  onChange(listener: AvailabilityListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  async #check(first: unknown, where: string, retryMs: number): Promise<void> {
    this.#probing = true;
    try {
      await this.#options.probe();
      this.#probing = false;
      if (!this.#available) this.#change(true);
    } catch (error) {
      if (this.#closed) return;
      if (this.#available) {
        this.#lostAt = performance.now();
        this.#options.logger.error(
          { err: describe(first), where },
          `the database is unreachable: background work is paused and the API answers 503 until it answers again (checking every ${this.#options.maxRetryMs / 1000} s at most)`,
        );
        this.#change(false);
      }
      const next = Math.min(retryMs * 2, this.#options.maxRetryMs);
      this.#timer = setTimeout(() => void this.#check(error, where, next), retryMs);
      this.#timer.unref();
    }
  }

  #change(available: boolean): void {
    this.#available = available;
    if (available) this.#options.logger.info({ downSeconds: Math.round((performance.now() - this.#lostAt) / 1000) }, 'the database answers again: background work resumes');
    for (const listener of this.#listeners) listener(available);
  }
}

/** The error as one short string, without a stack: its code and message. */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, message } = error as { code?: unknown; message?: unknown };
  return [code, message].filter((part) => typeof part === 'string' && part !== '').join(': ');
}
