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
import { PgliteDialect } from './pglite-dialect.ts';
import { gatedPglite, PgliteGate } from './pglite-gate.ts';
import type { Database } from './tables.ts';

// COUNT(*) and other int8 values arrive as strings from node-postgres; every int8 we read fits a double.
pg.types.setTypeParser(20, (value) => Number(value));

export type DB = Kysely<Database>;
/** What a repository function runs on: the database, or a transaction the caller holds. */
export type Tx = Transaction<Database> | DB;

export interface Storage {
  db: DB;
  kind: 'postgres' | 'pglite';
  /** What pg-boss connects with: its own pool on PostgreSQL, the gated shared session on PGlite. */
  queueConnection: { connectionString: string } | { db: BossDb; backend: 'pglite' };
  close(): Promise<void>;
}

export interface StorageOptions {
  databaseUrl?: string;
  /** Directory for PGlite files; `memory` keeps the database in memory (tests). */
  dataDir: string | 'memory';
  poolSize?: number;
  onIdleClientError?: (error: Error) => void;
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client can die (server restart, admin termination): the pool drops it and the next query
    // gets a new one. Without a listener that error would crash the process.
    pool.on('error', (error) => options.onIdleClientError?.(error));
    // The pool takes its listener off a client it hands out; a connection that dies mid-statement (a
    // database restart) then emits 'error' on that client, which unheard is an uncaught exception that
    // ends the process. The statement rejects with the same error, so this listener has nothing to add.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      queueConnection: { connectionString: options.databaseUrl },
      close: () => db.destroy(),
    };
  }
  let pglite: PGlite;
  if (options.dataDir === 'memory') {
    pglite = new PGlite();
  } else {
    const dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir);
  }
  await pglite.waitReady;
  const gate = new PgliteGate();
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite, gate) });
  return {
    db,
    kind: 'pglite',
    queueConnection: { db: fromPglite(gatedPglite(pglite, gate)), backend: 'pglite' },
    close: async () => {
      await db.destroy();
      await pglite.close();
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
};

/**
 * Applies pending migrations; safe to run from several processes at once (Kysely takes a lock).
 * `upTo` stops after the named one: tests build a database as an older release left it.
 */
export async function migrate(db: DB, upTo?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'ck_migrations',
    migrationLockTableName: 'ck_migrations_lock',
  });
  const { error, results } = upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(upTo);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
