/**
 * Hot reads compiled once and run as named prepared statements. Building and compiling a Kysely query
 * costs tens of microseconds a call, and PostgreSQL's parse and plan of a join cost more than running it;
 * a prepared query is built once at start-up (with placeholder values standing for its parameters), and
 * on PostgreSQL each pooled connection prepares it once by name (tracked-pool.ts). PGlite's API has no
 * named statements: there the text is parsed per call, and the caches in front keep those calls rare.
 */
import { type Compilable, CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Tx } from './db.ts';
import type { Database } from './tables.ts';

/** A builder that only compiles (it has no connection): for queries prepared at start-up. */
export const compileOnly = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export interface PreparedQuery<R> {
  readonly name: string;
  readonly sql: string;
  run(db: Tx, values: readonly unknown[]): Promise<R[]>;
}

/**
 * `query` is built with the strings of `placeholders` where its parameters go; they must come out of the
 * compiler in that order, which is checked here once (and `run` then takes the values in that order).
 * `name` must be unique to this text: a connection keeps one statement per name.
 */
export function prepareQuery<R>(name: string, query: Compilable<R>, placeholders: readonly string[]): PreparedQuery<R> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`prepared statement name "${name}": lowercase letters, digits and _ only`);
  const compiled = query.compile();
  if (compiled.parameters.length !== placeholders.length || compiled.parameters.some((value, i) => value !== placeholders[i])) {
    throw new Error(`prepared statement ${name}: its parameters compile as ${JSON.stringify(compiled.parameters)}, not ${JSON.stringify(placeholders)}`);
  }
  const sql = `/* prepared:${name} */ ${compiled.sql}`;
  return {
    name,
    sql,
    async run(db, values) {
      const result = await db.executeQuery(CompiledQuery.raw(sql, [...values]) as CompiledQuery<R>);
      return result.rows;
    },
  };
}
