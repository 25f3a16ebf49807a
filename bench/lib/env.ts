/** Benchmark settings from the environment (the only reader of process.env under bench/). */
import crypto from 'node:crypto';

export const DEFAULT_PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export type DbKind = 'pglite' | 'postgres';

export interface BenchSettings {
  /** BENCH_SCALE: 1 = full size; smaller values shrink row counts and durations proportionally. */
  scale: number;
  /** Which databases to run on, in order. */
  databases: DbKind[];
  /** Admin URL used to create (and drop) a throwaway database per run; undefined = no PostgreSQL. */
  pgAdminUrl: string | undefined;
  /**
   * BENCH_ONLY=http|sweep|notify|tune|mixed|account|insights: run one part only (notify: the sweep with and without
   * change notices; tune: the sweep's knob grid; mixed: the five-provider sweep and load simulation; account: the
   * account insights plan; insights: the post insights plan at scale, PostgreSQL only).
   */
  only: 'http' | 'sweep' | 'notify' | 'tune' | 'mixed' | 'account' | 'insights' | undefined;
  /** BENCH_REPS: repetitions of each sweep and plan case, reported as min / median / max (default 3). */
  reps: number;
  /** BENCH_DB=pglite|postgres: run on one database only. */
  onlyDb: DbKind | undefined;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const scale = env.BENCH_SCALE === undefined || env.BENCH_SCALE === '' ? 1 : Number(env.BENCH_SCALE);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) throw new Error(`BENCH_SCALE must be a number in (0, 10], got "${env.BENCH_SCALE}"`);
  const pgAdminUrl = env.DATABASE_URL || (env.BENCH_PG === '1' ? DEFAULT_PG_ADMIN_URL : undefined);
  const parts = ['http', 'sweep', 'notify', 'tune', 'mixed', 'account', 'insights'] as const;
  const only = parts.find((part) => part === env.BENCH_ONLY);
  if (env.BENCH_ONLY && !only) throw new Error('BENCH_ONLY must be "http", "sweep", "notify", "tune", "mixed", "account" or "insights"');
  const reps = env.BENCH_REPS ? Number(env.BENCH_REPS) : 3;
  if (!Number.isInteger(reps) || reps < 1 || reps > 20) throw new Error(`BENCH_REPS must be a whole number from 1 to 20, got "${env.BENCH_REPS}"`);
  const onlyDb = env.BENCH_DB === 'pglite' || env.BENCH_DB === 'postgres' ? env.BENCH_DB : undefined;
  if (env.BENCH_DB && !onlyDb) throw new Error('BENCH_DB must be "pglite" or "postgres"');
  if (onlyDb === 'postgres' && !pgAdminUrl) throw new Error('BENCH_DB=postgres needs DATABASE_URL or BENCH_PG=1');
  const databases: DbKind[] = pgAdminUrl ? ['pglite', 'postgres'] : ['pglite'];
  return { scale, databases: onlyDb ? [onlyDb] : databases, pgAdminUrl, only, onlyDb, reps };
}

/** A fixed 32-byte key for the bench's key ring: the bench measures sealing cost, not key secrecy. */
export function benchEncryptionKeys(): string {
  return `bench:${crypto.randomBytes(32).toString('base64')}`;
}

export const scaled = (value: number, scale: number, min = 1): number => Math.max(min, Math.round(value * scale));
