/**
 * What `GET /readyz` reports: named checks, each saying whether this process can do its work now.
 * The composition root adds the database, the migrations and the key ring; starting the workers
 * adds the queue. Alive (`/healthz`) is less: the process answers and so does the database.
 */
import { isConnectionFailure } from './db/connection-failure.ts';

export interface CheckResult {
  ok: boolean;
  /** One sentence for the operator; never a secret, a host name or a raw error. */
  message: string;
}

export type ReadinessCheck = () => Promise<CheckResult>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck>();
  readonly #onError: (name: string, error: unknown) => void;

  /** `onError` hears a check that threw for another reason than a lost database (to log it). */
  constructor(onError: (name: string, error: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  add(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  /** Runs every check at once; a check that throws fails with a sentence, not its error. */
  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]): Promise<[string, CheckResult]> => {
        try {
          return [name, await check()];
        } catch (error) {
          if (isConnectionFailure(error)) return [name, { ok: false, message: 'The database is not answering.' }];
          this.#onError(name, error);
          return [name, { ok: false, message: 'The check failed; the log says why.' }];
        }
      }),
    );
    return { ready: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
  }
}
