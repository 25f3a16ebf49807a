/**
 * PGlite is one PostgreSQL session in this process. Kysely transactions and pg-boss both talk to it,
 * so without a gate a pg-boss poll could run *inside* one of our open transactions (PGlite has no
 * connection to isolate it). Every user of the instance goes through this gate: Kysely holds it for a
 * whole connection checkout (one statement, or a whole transaction), pg-boss for each call.
 *
 * This is why we do not use kysely-pglite-dialect: it sends BEGIN over the shared session ungated.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PGliteLike } from 'pg-boss';

export class PgliteGate {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the session; resolves to the function that hands it on. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const turn = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return turn;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** The PGlite instance as pg-boss sees it: every call takes its turn at the gate. */
export function gatedPglite(pglite: PGlite, gate: PgliteGate): PGliteLike {
  return {
    query: (text, params) => gate.run(() => pglite.query(text, params)),
    exec: (text) => gate.run(() => pglite.exec(text)),
    listen: (channel, callback) => gate.run(() => pglite.listen(channel, callback)),
  };
}
