/**
 * The node-postgres pool as Kysely sees it, with two additions at the one place every statement passes:
 *
 * - Named statements. A statement whose text starts with `/* prepared:<name> *\/` (see prepared.ts) runs
 *   as a named prepared statement: each pooled connection parses and plans it once, then only binds and
 *   executes it. The hot reads (the hand-out's miss, the API key's lookup) skip PostgreSQL's parse and
 *   plan, which cost more than executing them.
 * - Writes. A statement that is not a plain `select` may have written (a CTE can update, so `with` counts
 *   as a write); when the connection that ran it goes back to the pool (after the commit, in a
 *   transaction) `onWrite` is told, so the change feed can make sure this process's next read of a
 *   cache sees its own change (postgres-change-feed.ts).
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

const PREPARED = /^\/\* prepared:([a-z0-9_]+) \*\//;
const READ = /^\s*(?:\/\*.*?\*\/\s*)?select\b/is;

export function trackedPool(pool: pg.Pool, onWrite: () => void): PostgresPool {
  // Kysely keeps its connection object per client object: hand it the same wrapper for the same client.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let wrote = false;
    const wrapper = {
      get processID() {
        return (client as { processID?: number }).processID;
      },
      query(text: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>) {
        if (typeof text !== 'string') return client.query(text as unknown as pg.Submittable);
        if (!READ.test(text)) wrote = true;
        const name = PREPARED.exec(text)?.[1];
        const values = parameters as unknown[];
        return name ? client.query({ name, text, values }) : client.query(text, values);
      },
      release(destroy?: boolean) {
        client.release(destroy);
        if (wrote) {
          wrote = false;
          onWrite();
        }
      },
    };
    return wrapper as unknown as PostgresPoolClient;
  };
  return {
    Client: (pool as unknown as { Client: PostgresPool['Client'] }).Client,
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
