/**
 * Composition root: builds every part from a Config. `npm start`, the CLI, tests and benchmarks all
 * assemble the system here, so what runs in a test is what runs in production.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
// Type-only: the sandbox itself is loaded on demand (demo mode), never by production code.
import type { StartedSandbox } from '../sandbox/index.ts';
import { campaignDirectory } from './campaigns/index.ts';
import { HandoutAudit, openHandoutCache } from './connections/index.ts';
import { type Clock, systemClock } from './kernel/clock.ts';
import { ensureKeyCanaries, serviceReadiness } from './ops/index.ts';
import { type Config, ConfigError } from './platform/config.ts';
import { loadOrCreateDemoKeySpec } from './platform/crypto/demo-keys.ts';
import { randomToken } from './platform/crypto/hash.ts';
import { parseKeyRing } from './platform/crypto/key-ring.ts';
import { DatabaseAvailability } from './platform/db/availability.ts';
import { migrate, openStorage, type Storage } from './platform/db/db.ts';
import { NotifiedCache } from './platform/db/notified-cache.ts';
import type { Deps } from './platform/deps.ts';
import { interfaceAddresses, resolveWithDns } from './platform/dns.ts';
import { buildApp } from './platform/http/app.ts';
import type { RegisterRoutes } from './platform/http/route-context.ts';
import { createLogger } from './platform/logger.ts';
import { createMediaStore } from './platform/media-store/create-media-store.ts';
import { createMetrics } from './platform/metrics.ts';
import type { Readiness } from './platform/readiness.ts';
import { displayImageUrls } from './platform/web/display-image.ts';
import { API_KEY_CHANGES, type ApiKeyRecord, ensureWorkspaceForApiKey } from './platform/workspaces.repo.ts';
import { createHttpClient, type OriginMap } from './providers/http.ts';
import { createProviderRegistry, type ProviderCredentials, providerOrigins, sandboxCredentials } from './providers/registry.ts';
import { tokenPolicies } from './providers/token-policy.ts';
import { apiRoutes, idempotentRoutes } from './routes.ts';
import { setWebhookEndpoint } from './webhooks/index.ts';
import { ensureBootstrapKey } from './workspaces/index.ts';

export interface SystemOptions {
  clock?: Clock;
  logger?: Logger;
  fetch?: typeof fetch;
  /** Start the built-in sandbox in demo mode (default true; tests bring their own). */
  startSandbox?: boolean;
  /** Open PGlite in memory instead of DATA_DIR (tests). */
  inMemory?: boolean;
  poolSize?: number;
  /** Tests: check every API answer against the schema its operation declares. */
  checkResponses?: boolean;
  /** What this process is, written in a PGlite data directory's lock (`channelkeeper start` and the URL it serves). */
  owner?: { command: string; url?: string };
}

export interface System {
  config: Config;
  deps: Deps;
  storage: Storage;
  app: FastifyInstance;
  sandbox: StartedSandbox | undefined;
  transport: Transporter | null;
  /** The demo workspace's API key, when this system made or found one. */
  demoApiKey: string | undefined;
  /** Whether the database answers, told once per change (the workers pause on it). */
  availability: DatabaseAvailability;
  /** What `/readyz` checks; starting the workers adds the queue. */
  readiness: Readiness;
  close(): Promise<void>;
}

export async function createSystem(config: Config, options: SystemOptions = {}): Promise<System> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const keyRing = parseKeyRing(config.encryptionKeys ?? demoKeys(config, logger));
  const availability = new DatabaseAvailability({ logger, probe: () => sql`select 1`.execute(storage.db) });
  const storage: Storage = await openStorage({
    databaseUrl: config.databaseUrl,
    dataDir: options.inMemory ? 'memory' : config.dataDir,
    poolSize: options.poolSize,
    owner: options.owner,
    onStaleLock: (holder) => logger.warn({ pid: holder.pid, command: holder.command, since: holder.startedAt }, 'DATA_DIR was locked by a process that is gone; taking it over'),
    onIdleClientError: (error) => {
      if (!availability.report(error, 'idle connection')) logger.warn({ err: error.message }, 'an idle database connection failed; the pool replaces it');
    },
    onChangeFeedError: (error) => {
      // Until it listens again, every hand-out reads the database: slower, never stale.
      if (!availability.report(error, 'change listener'))
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'the change listener failed; hand-outs read the database until it listens again');
    },
  });
  // The change feed's listening connection makes no attempts while the database is known to be away.
  availability.onChange((available) => storage.changes.setDatabaseAvailable(available));
  await migrate(storage.db);
  // Before anything is sealed: a ring that cannot open the data stops start-up, naming the key it lacks.
  await ensureKeyCanaries({ db: storage.db, keyRing, clock }).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  const readiness = serviceReadiness({ db: storage.db, keyRing, logger });

  let sandbox: StartedSandbox | undefined;
  let originMap: OriginMap = config.providerOriginMap ?? {};
  const credentials: ProviderCredentials = config.demo ? sandboxCredentials : config.credentials;
  if (config.demo && options.startSandbox !== false) {
    const stateFile = options.inMemory ? undefined : path.join(config.dataDir, 'sandbox.json');
    const startSandbox = await loadSandbox();
    sandbox = await startSandbox({ clock, port: config.sandboxPort, host: '127.0.0.1', stateFile }).catch((error: unknown) => {
      logger.warn({ err: String(error) }, `could not start the provider sandbox on port ${config.sandboxPort}`);
      return undefined;
    });
    if (sandbox && !config.providerOriginMap) originMap = demoOriginMap(sandbox.url);
  } else if (config.demo && !config.providerOriginMap) {
    // A CLI run beside `npm start`: talk to the sandbox that process serves.
    originMap = demoOriginMap(`http://127.0.0.1:${config.sandboxPort}`);
  }
  const http = createHttpClient({ originMap, timeoutMs: config.providerTimeoutMs, fetch: options.fetch, logger });
  const transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  // This system's own registry: tests build many systems in one process, each counting its own traffic.
  const metrics = createMetrics();
  // An in-memory system (tests) keeps its media copies in a folder of its own, removed on close.
  const scratchMedia = options.inMemory && config.mediaStore.kind === 'folder' ? fs.mkdtempSync(path.join(os.tmpdir(), 'channelkeeper-media-')) : undefined;
  const deps: Deps = {
    db: storage.db,
    clock,
    keyRing,
    providers: createProviderRegistry({ credentials, http, clock, metrics }),
    policies: tokenPolicies({ refreshAfterDays: config.refreshAfterDays }),
    settings: {
      publicUrl: config.publicUrl,
      productName: config.productName,
      pseudoLocale: config.pseudoLocale,
      emailFrom: config.emailFrom,
      callbackSecrets: Object.fromEntries(Object.entries(credentials).map(([id, pair]) => [id, pair.clientSecret])),
    },
    logger,
    metrics,
    handoutAudit: new HandoutAudit(storage.db, logger),
    handoutRows: await openHandoutCache(storage.changes, config.handoutCacheSize),
    apiKeys: new NotifiedCache<ApiKeyRecord>(storage.changes, config.apiKeyCacheSize),
    instanceId: `${process.pid}-${crypto.randomBytes(4).toString('hex')}`,
    webhooks: {
      resolve: resolveWithDns,
      timeoutMs: config.webhookTimeoutMs,
      requireHttps: config.production,
      allowPrivate: config.webhookAllowPrivate,
      hostAddresses: interfaceAddresses,
    },
    campaigns: campaignDirectory,
    displayImageUrl: displayImageUrls(http),
    mediaArchive: {
      store: await createMediaStore(scratchMedia ? { kind: 'folder', dir: scratchMedia } : config.mediaStore),
      maxFileBytes: config.mediaMaxFileBytes,
      http,
      timeoutMs: config.providerTimeoutMs,
    },
  };

  await deps.apiKeys.listen(API_KEY_CHANGES);
  const bootstrap = config.bootstrapApiKey ? await ensureBootstrapKey(deps, config.bootstrapApiKey) : undefined;
  let demoApiKey: string | undefined;
  let demoWorkspaceId: string | undefined;
  if (config.demo && !config.production) {
    demoApiKey = config.bootstrapApiKey ?? demoKeyFromDataDir(config, options.inMemory === true);
    demoWorkspaceId = (await ensureWorkspaceForApiKey(storage.db, clock, demoApiKey, 'Demo workspace', 'demo')).id;
  }
  const webhookWorkspaceId = bootstrap?.id ?? demoWorkspaceId;
  if (config.webhookUrl && webhookWorkspaceId) await applyConfiguredWebhook(deps, webhookWorkspaceId, config.webhookUrl, config.webhookSecret);
  const routes: RegisterRoutes[] = apiRoutes({ metricsToken: config.metricsToken, metricsOpen: config.demo && !config.production, readiness });
  if (demoWorkspaceId) {
    const { demoRoutes } = await import('./demo/demo.routes.ts');
    // The sandbox this process serves, or the one `npm start` serves beside a CLI run.
    const sandboxUrl = sandbox?.url ?? `http://127.0.0.1:${config.sandboxPort}`;
    routes.push((app, ctx) => demoRoutes(app, ctx, demoWorkspaceId, sandboxUrl));
  }
  const app = await buildApp(deps, { databaseKind: storage.kind, routes, idempotentRoutes, rateLimitPerMinute: config.apiRateLimit, checkResponses: options.checkResponses });
  deps.handoutAudit.start();
  return {
    config,
    deps,
    storage,
    app,
    sandbox,
    transport,
    demoApiKey,
    availability,
    readiness,
    async close() {
      availability.close();
      await app.close();
      await deps.handoutAudit.stop();
      await sandbox?.close();
      transport?.close();
      await storage.close();
      deps.mediaArchive?.store.close();
      if (scratchMedia) fs.rmSync(scratchMedia, { recursive: true, force: true });
    },
  };
}

/**
 * The sandbox ships with a checkout, not in the package `npm pack` builds (production never needs it), so an
 * installed package with no network configured cannot run demo mode: say so instead of a module error.
 */
async function loadSandbox() {
  try {
    return (await import('../sandbox/index.ts')).startSandbox;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      "No network is configured and this installation has no provider sandbox for demo mode: set a network's client id and secret (see docs/configuration.md).",
    );
  }
}

/** WEBHOOK_URL (and WEBHOOK_SECRET) win at every start; a bad one stops start-up with the reason. */
async function applyConfiguredWebhook(deps: Deps, workspaceId: string, url: string, secret: string | undefined): Promise<void> {
  const result = await setWebhookEndpoint(deps, workspaceId, url, secret);
  if (!result.ok) throw new ConfigError(`WEBHOOK_URL: ${result.error.message ?? result.error.code}`);
  if (result.value.secret)
    deps.logger.warn({ origin: new URL(url).origin }, 'WEBHOOK_URL set without WEBHOOK_SECRET: a signing secret was generated; get a new one with POST /v1/webhook/rotate-secret');
}

/** Every real provider origin pointed at the sandbox, each under its own host prefix. */
export function demoOriginMap(sandboxUrl: string): OriginMap {
  return Object.fromEntries(
    Object.values(providerOrigins)
      .flat()
      .map((origin) => [origin, `${sandboxUrl}/${new URL(origin).host}`]),
  );
}

function demoKeys(config: Config, logger: Logger): string {
  const { spec, created, file } = loadOrCreateDemoKeySpec(config.dataDir);
  logger.warn(
    { file },
    created
      ? 'ENCRYPTION_KEYS is not set: generated a demo key into DATA_DIR. Set ENCRYPTION_KEYS for any real use.'
      : 'ENCRYPTION_KEYS is not set: using the demo key in DATA_DIR. Set ENCRYPTION_KEYS for any real use.',
  );
  return spec;
}

function demoKeyFromDataDir(config: Config, inMemory: boolean): string {
  if (inMemory) return `ck_demo_${randomToken(18)}`;
  const file = path.join(config.dataDir, 'demo-api-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const key = `ck_demo_${randomToken(18)}`;
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
