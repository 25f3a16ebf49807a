/**
 * The real system, assembled by createSystem exactly as `npm start` does, configured for a benchmark:
 * production mode with the sandbox's app credentials for every network (so no demo workspace or demo routes), providers
 * pointed at a sandbox through PROVIDER_ORIGIN_MAP, and a quiet logger.
 */

import type { Clock } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { sandboxCredentials } from '../../src/providers/registry.ts';
import { createSystem, demoOriginMap, type System } from '../../src/system.ts';
import type { DatabaseLocation } from './database.ts';
import { benchEncryptionKeys } from './env.ts';

export interface BenchSystemOptions {
  database: DatabaseLocation;
  /** ENCRYPTION_KEYS; processes that share a database must share it (default: a fresh random key). */
  encryptionKeys?: string;
  clock: Clock;
  /** Base URL of a started sandbox; omitted when the benchmark never calls a provider. */
  sandboxUrl?: string;
  /** PostgreSQL pool size (createSystem's default is 10). */
  poolSize?: number;
  /** The service logger's level; 'warn' keeps errors visible without per-request lines. */
  logLevel?: 'warn' | 'silent' | 'error';
}

export async function createBenchSystem(options: BenchSystemOptions): Promise<System> {
  const originMap = options.sandboxUrl ? demoOriginMap(options.sandboxUrl) : demoOriginMap('http://127.0.0.1:9');
  const logLevel = options.logLevel ?? 'warn';
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1',
    DATA_DIR: options.database.dataDir,
    ...(options.database.url ? { DATABASE_URL: options.database.url } : {}),
    ENCRYPTION_KEYS: options.encryptionKeys ?? benchEncryptionKeys(),
    INSTAGRAM_CLIENT_ID: sandboxCredentials.instagram.clientId,
    INSTAGRAM_CLIENT_SECRET: sandboxCredentials.instagram.clientSecret,
    // Every network, so a mixed population is served; the Instagram-only benchmarks never call the others.
    FACEBOOK_APP_ID: sandboxCredentials.facebook.clientId,
    FACEBOOK_APP_SECRET: sandboxCredentials.facebook.clientSecret,
    TIKTOK_CLIENT_KEY: sandboxCredentials.tiktok.clientId,
    TIKTOK_CLIENT_SECRET: sandboxCredentials.tiktok.clientSecret,
    GOOGLE_CLIENT_ID: sandboxCredentials.youtube.clientId,
    GOOGLE_CLIENT_SECRET: sandboxCredentials.youtube.clientSecret,
    PINTEREST_APP_ID: sandboxCredentials.pinterest.clientId,
    PINTEREST_APP_SECRET: sandboxCredentials.pinterest.clientSecret,
    PROVIDER_ORIGIN_MAP: JSON.stringify(originMap),
    PROVIDER_TIMEOUT_MS: '10000',
    LOG_LEVEL: logLevel,
    WORKERS: 'off',
    // The inbound limit stays on, so its cost is in the figures, but never refuses the load's one API key.
    API_RATE_LIMIT: String(1_000_000_000),
  });
  return createSystem(config, {
    clock: options.clock,
    logger: createLogger(logLevel),
    startSandbox: false,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
}
