/**
 * Everything the soak runs against, set up and torn down in one place: a database of its own (on the
 * PostgreSQL server it is given, or PGlite in memory), a TCP proxy (in a process of its own) the workers
 * reach PostgreSQL through (so a "database restart" drops their connections without touching the shared server), the sandbox on
 * the driver's manual clock, a webhook receiver, and the driver's own system: the API process the
 * platform and the creators talk to. Logs of every process go to files under `outDir`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { kits } from '../bench/lib/kits.ts';
import { type StartedSandbox, startSandbox } from '../sandbox/index.ts';
import { HOUR, ManualClock } from '../src/kernel/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { findWorkspaceByApiKey } from '../src/platform/workspaces.repo.ts';
import { profiles } from '../src/providers/profiles.ts';
import { sandboxCredentials } from '../src/providers/registry.ts';
import { createSystem, demoOriginMap, type System } from '../src/system.ts';
import { webhookTypes } from '../src/webhooks/webhook.rules.ts';
import { createDatabaseOn } from '../test/support/database.ts';
import { type ProxyProcess, startProxyProcess } from './proxy-process.ts';
import { startWebhookSink, type WebhookSink } from './webhook-sink.ts';

export const SOAK_API_KEY = 'ck_soak_key_0123456789abcdef';
const ENCRYPTION_KEYS = `k1:${crypto.randomBytes(32).toString('base64')}`;

/**
 * How long each network honours a refresh token (or, where the grant is the access token, a token) after rotating it away.
 * Without such a grace a lost answer after a rotation cannot be recovered by any client (the service
 * then disconnects with `refresh_lost`, see docs/token-lifecycle.md); the soak gives each rotating
 * network one through its kit, so that what it proves is that our retries use it. They are undocumented
 * knobs of the sandbox (docs/sandbox.md#each-networks-knobs).
 */
export const ROTATION_GRACE_SECONDS = (6 * HOUR) / 1000;

export interface EnvironmentOptions {
  startMs: number;
  postgresAdminUrl: string | undefined;
  /** Whether workers run in processes of their own (PostgreSQL only). */
  processes: boolean;
  outDir: string;
  logLevel: string;
  /** Our side's provider timeout (PROVIDER_TIMEOUT_MS). */
  providerTimeoutMs: number;
}

export interface Environment {
  clock: ManualClock;
  sandbox: StartedSandbox;
  system: System;
  workspaceId: string;
  sink: WebhookSink;
  proxy: ProxyProcess | undefined;
  /** What a worker process needs in its environment. */
  workerEnv: Record<string, string>;
  /** The driver's own log file. */
  logFile: string;
  databaseKind: 'postgresql' | 'pglite';
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export async function openEnvironment(options: EnvironmentOptions): Promise<Environment> {
  fs.mkdirSync(options.outDir, { recursive: true });
  const clock = new ManualClock(new Date(options.startMs));
  const sandbox = await startSandbox({ clock, port: 0 });
  for (const kit of kits) kit.graceAfterRotation(sandbox.world, ROTATION_GRACE_SECONDS);

  const database = options.postgresAdminUrl ? await createDatabaseOn(options.postgresAdminUrl, 'ck_soak') : undefined;
  const target = database ? new URL(database.url) : undefined;
  const proxy = target && options.processes ? await startProxyProcess({ host: target.hostname, port: Number(target.port || 5432) }) : undefined;
  const sink = await startWebhookSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-soak-'));

  const credentials = Object.fromEntries(
    profiles.flatMap((profile) => [
      [profile.env.clientId, sandboxCredentials[profile.id].clientId],
      [profile.env.clientSecret, sandboxCredentials[profile.id].clientSecret],
    ]),
  );
  const common: Record<string, string> = {
    PUBLIC_URL: 'http://channelkeeper.soak',
    ENCRYPTION_KEYS,
    PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(sandbox.url)),
    PROVIDER_TIMEOUT_MS: String(options.providerTimeoutMs),
    LOG_LEVEL: options.logLevel,
    // The platform's receiver listens on loopback.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_TIMEOUT_MS: '5000',
    DATA_DIR: dataDir,
    ...credentials,
  };
  const logFile = path.join(options.outDir, 'driver.log');
  const config = loadConfig({
    ...common,
    ...(database ? { DATABASE_URL: database.url } : {}),
    BOOTSTRAP_API_KEY: SOAK_API_KEY,
    WORKERS: 'off',
  });
  const system = await createSystem(config, {
    clock,
    startSandbox: false,
    inMemory: database === undefined,
    logger: createLogger(options.logLevel, pino.destination({ dest: logFile, sync: true })),
    poolSize: 8,
  });
  await recordStoredTokens(system);
  const workspace = (await findWorkspaceByApiKey(system.deps.db, SOAK_API_KEY))!;
  sink.secret = await subscribe(system, sink.url);

  return {
    clock,
    sandbox,
    system,
    workspaceId: workspace.id,
    sink,
    proxy,
    workerEnv: { PATH: process.env.PATH ?? '', ...common, ...(database && proxy ? { DATABASE_URL: proxy.url(database.url) } : {}) },
    logFile,
    databaseKind: database ? 'postgresql' : 'pglite',
    async close({ keepDatabase = false } = {}) {
      await system.close();
      await sink.close();
      await proxy?.close();
      await sandbox.close();
      if (!keepDatabase) await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The soak's own instrument, in its own database only: every token a transaction stores for a connection is
 * also copied, sealed, into `soak_token_history`, so the end of the run can tell whether each token a
 * network rotated away was one we had stored. An AFTER trigger: it sees only what commits.
 */
async function recordStoredTokens(system: System): Promise<void> {
  const { db } = system.deps;
  await sql`create table if not exists soak_token_history (
    connection_id text not null,
    access_token_sealed text,
    refresh_token_sealed text,
    recorded_at timestamptz not null default clock_timestamp())`.execute(db);
  await sql`create or replace function soak_record_token() returns trigger language plpgsql as $$
    begin
      insert into soak_token_history (connection_id, access_token_sealed, refresh_token_sealed)
      values (new.connection_id, new.access_token_sealed, new.refresh_token_sealed);
      return new;
    end $$`.execute(db);
  await sql`drop trigger if exists soak_record_token on connection_tokens`.execute(db);
  await sql`create trigger soak_record_token after insert or update of access_token_sealed, refresh_token_sealed on connection_tokens
    for each row execute function soak_record_token()`.execute(db);
}

/**
 * The platform's webhook endpoint, made through the API as a platform makes it: every event type but
 * `connection.refreshed` (a platform following its channels' state has no use for each token renewal,
 * which would be most of the traffic). Returns its signing secret, shown once.
 */
async function subscribe(system: System, url: string): Promise<string> {
  const created = await system.app.inject({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    headers: { authorization: `Bearer ${SOAK_API_KEY}` },
    payload: { url, eventTypes: webhookTypes.filter((type) => type !== 'connection.refreshed'), description: 'soak' },
  });
  if (created.statusCode !== 201) throw new Error(`could not create the webhook endpoint: ${created.body}`);
  return created.json().secret;
}
