/**
 * One system of record: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite in DATA_DIR.
 * The same Kysely queries, migrations and pg-boss queue run on both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import pg from 'pg';
import { type Db as BossDb, fromPglite } from 'pg-boss';
import * as initial from '../migrations/001-initial.ts';
import * as claimOrderIndex from '../migrations/002-claim-order-index.ts';
import * as fiveNetworks from '../migrations/003-five-networks.ts';
import * as webhooks from '../migrations/004-webhooks.ts';
import * as dataDeletion from '../migrations/005-data-deletion.ts';
import * as portalNotifications from '../migrations/006-portal-notifications.ts';
import * as failureIndex from '../migrations/007-failure-index.ts';
import * as media from '../migrations/008-media.ts';
import * as campaigns from '../migrations/009-campaigns.ts';
import * as campaignSyncs from '../migrations/010-campaign-syncs.ts';
import * as insights from '../migrations/011-insights.ts';
import * as brandPortal from '../migrations/012-brand-portal.ts';
import * as retention from '../migrations/013-retention.ts';
import * as campaignLookups from '../migrations/014-campaign-lookups.ts';
import * as audienceState from '../migrations/015-audience-state.ts';
import * as campaignWebhooks from '../migrations/016-campaign-webhooks.ts';
import * as partnershipAds from '../migrations/017-partnership-ads.ts';
import * as webhookEndpoints from '../migrations/018-webhook-endpoints.ts';
import * as webhookSecretOverlap from '../migrations/019-webhook-secret-overlap.ts';
import * as connectAllowedOrigins from '../migrations/020-connect-allowed-origins.ts';
import * as listPages from '../migrations/021-list-pages.ts';
import * as idempotencyKeys from '../migrations/022-idempotency-keys.ts';
import * as apiKeys from '../migrations/023-api-keys.ts';
import * as keyCanaries from '../migrations/024-key-canaries.ts';
import * as accounts from '../migrations/027-accounts.ts';
import * as mediaArchive from '../migrations/028-media-archive.ts';
import * as accountInsights from '../migrations/029-account-insights.ts';
import * as localesAndBranding from '../migrations/030-locales-and-branding.ts';
import * as noticeMessages from '../migrations/031-notice-messages.ts';
import * as portalSessionLocale from '../migrations/032-portal-session-locale.ts';
import * as changeNotices from '../migrations/033-change-notices.ts';
import * as insightsSchedule from '../migrations/034-insights-schedule.ts';
import { type ChangeFeed, PgliteChangeFeed } from './change-feed.ts';
import { type LockHolder, lockDataDir } from './data-dir-lock.ts';
import { PgliteDialect } from './pglite-dialect.ts';
import { gatedPglite, PgliteGate } from './pglite-gate.ts';
import { PostgresChangeFeed } from './postgres-change-feed.ts';
import type { Database } from './tables.ts';
import { trackedPool } from './tracked-pool.ts';

// COUNT(*) and other int8 values arrive as strings from node-postgres; every int8 we read fits a double.
pg.types.setTypeParser(20, (value) => Number(value));

export type DB = Kysely<Database>;
/** What a repository function runs on: the database, or a transaction the caller holds. */
export type Tx = Transaction<Database> | DB;

export interface Storage {
  db: DB;
  kind: 'postgres' | 'pglite';
  /** What pg-boss connects with: its own pool on PostgreSQL, the gated shared session on PGlite. */
  queueConnection: { connectionString: string; connectionTimeoutMillis: number } | { db: BossDb; backend: 'pglite' };
  /** Committed changes as the database tells them (the caches' invalidation; change-feed.ts). */
  changes: ChangeFeed;
  close(): Promise<void>;
}

/** How long a query waits for a connection (a new one, or a free one from the pool) before failing. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface StorageOptions {
  databaseUrl?: string;
  /** Directory for PGlite files; `memory` keeps the database in memory (tests). */
  dataDir: string | 'memory';
  poolSize?: number;
  onIdleClientError?: (error: Error) => void;
  /** PGlite on disk: what this process is, written in the data directory's lock (default: a plain open). */
  owner?: { command: string; url?: string };
  /** PGlite on disk: a lock left by a process that is gone was taken over. */
  onStaleLock?: (holder: LockHolder) => void;
  /** PostgreSQL: the change feed's listening connection failed or was refused (it retries by itself). */
  onChangeFeedError?: (error: unknown) => void;
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.databaseUrl) {
    // A bounded wait for a connection: while the database is unreachable a request answers 503 instead of hanging.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle client can die (server restart, admin termination): the pool drops it and the next query
    // gets a new one. Without a listener that error would crash the process.
    pool.on('error', (error) => options.onIdleClientError?.(error));
    // The pool takes that listener off a client it hands out, and a socket that dies while the client is
    // out emits 'error' on the client, which unheard crashes the process. The statement in flight (or
    // the next one) fails with the same cause, so the listener has nothing more to do.
    pool.on('connect', (client) => client.on('error', () => {}));
    const changes = new PostgresChangeFeed({ connectionString: options.databaseUrl, connectTimeoutMs: CONNECT_TIMEOUT_MS, onError: options.onChangeFeedError });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: trackedPool(pool, () => changes.wrote()) }) });
    return {
      db,
      kind: 'postgres',
      queueConnection: { connectionString: options.databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
      changes,
      async close() {
        await changes.close();
        await db.destroy();
      },
    };
  }
  let pglite: PGlite;
  let lock: { release(): void } | undefined;
  if (options.dataDir === 'memory') {
    pglite = new PGlite();
  } else {
    lock = lockDataDir(options.dataDir, options.owner ?? { command: 'a script' }, options.onStaleLock);
    const dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir);
  }
  try {
    await pglite.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const gate = new PgliteGate();
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite, gate) });
  const changes = new PgliteChangeFeed((channel, callback) => gate.run(() => pglite.listen(channel, callback)));
  return {
    db,
    kind: 'pglite',
    queueConnection: { db: fromPglite(gatedPglite(pglite, gate)), backend: 'pglite' },
    changes,
    close: async () => {
      try {
        await changes.close();
        await db.destroy();
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-claim-order-index': claimOrderIndex,
  '003-five-networks': fiveNetworks,
  '004-webhooks': webhooks,
  '005-data-deletion': dataDeletion,
  '006-portal-notifications': portalNotifications,
  '007-failure-index': failureIndex,
  '008-media': media,
  '009-campaigns': campaigns,
  '010-campaign-syncs': campaignSyncs,
  '011-insights': insights,
  '012-brand-portal': brandPortal,
  '013-retention': retention,
  '014-campaign-lookups': campaignLookups,
  '015-audience-state': audienceState,
  '016-campaign-webhooks': campaignWebhooks,
  '017-partnership-ads': partnershipAds,
  '018-webhook-endpoints': webhookEndpoints,
  '019-webhook-secret-overlap': webhookSecretOverlap,
  '020-connect-allowed-origins': connectAllowedOrigins,
  '021-list-pages': listPages,
  '022-idempotency-keys': idempotencyKeys,
  '023-api-keys': apiKeys,
  '024-key-canaries': keyCanaries,
  '027-accounts': accounts,
  '028-media-archive': mediaArchive,
  '029-account-insights': accountInsights,
  '030-locales-and-branding': localesAndBranding,
  '031-notice-messages': noticeMessages,
  '032-portal-session-locale': portalSessionLocale,
  '033-change-notices': changeNotices,
  '034-insights-schedule': insightsSchedule,
};

/**
 * Applies pending migrations; safe to run from several processes at once (Kysely takes a lock).
 * `upTo` stops after the named one: tests build a database as an older release left it.
 */
export async function migrate(db: DB, upTo?: string): Promise<string[]> {
  const migrator = migratorOf(db);
  const { error, results } = upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(upTo);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this version has that the database has not applied (readiness). */
export async function pendingMigrations(db: DB): Promise<string[]> {
  const known = await migratorOf(db).getMigrations();
  return known.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

function migratorOf(db: DB): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'ck_migrations',
    migrationLockTableName: 'ck_migrations_lock',
  });
}
