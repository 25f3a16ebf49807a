/**
 * The only reader of process.env. Everything else receives a validated Config.
 * Each variable is documented in docs/configuration.md.
 */
import path from 'node:path';
import { z } from 'zod';
import { type ProviderId, profiles } from '../providers/profiles.ts';
import { type MediaStoreLocation, parseMediaStoreUrl } from './media-store/store-url.ts';

const originMapSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'PROVIDER_ORIGIN_MAP must be a JSON object' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.url(), z.url()));

/** Every variable the service reads (docs/configuration.md lists each one: test/docs.test.ts checks). */
export const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  ENCRYPTION_KEYS: z.string().optional(),
  BOOTSTRAP_API_KEY: z.string().min(16, 'BOOTSTRAP_API_KEY must be at least 16 characters').optional(),
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().default('Channelkeeper <no-reply@channelkeeper.local>'),
  PRODUCT_NAME: z.string().default('Channelkeeper'),
  PSEUDO_LOCALE: z.enum(['on', 'off']).default('off'),
  REFRESH_CRON: z.string().default('0 2 * * *'),
  REFRESH_AFTER_DAYS: z.coerce.number().positive().max(59).default(50),
  VERIFY_CRON: z.string().default('17 * * * *'),
  INSIGHTS_CRON: z.string().default('30 3 * * *'),
  INSIGHTS_RATE_LIMITS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      try {
        return JSON.parse(text) as Record<string, { key: string; scope: 'app' | 'account'; limit: number; windowMs: number }[]>;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'INSIGHTS_RATE_LIMITS must be JSON' });
        return z.NEVER;
      }
    }),
  // Below the 300 s claim lease (connections/refresh-connection.ts): a call that outlived its lease could let a
  // second worker spend the same rotating refresh token.
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().max(240_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PROVIDER_ORIGIN_MAP: originMapSchema.optional(),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(9100),
  WORKERS: z.enum(['on', 'off']).default('on'),
  WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'WEBHOOK_URL must be an http(s) URL' }).optional(),
  WEBHOOK_SECRET: z.string().min(24, 'WEBHOOK_SECRET must be at least 24 characters').optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(10_000),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false'], { error: 'WEBHOOK_ALLOW_PRIVATE must be true or false' }).optional(),
  // At least two days: every rate-budget window is a day or shorter (src/ops/prune.repo.ts).
  RETENTION_DAYS: z.coerce.number().int().min(2).max(3650).default(30),
  PRUNE_CRON: z.string().default('50 4 * * *'),
  MEDIA_STORE_URL: z.string().optional(),
  // Fractions allowed (0.5 = 512 KiB): small bounds make the limit testable.
  MEDIA_MAX_FILE_MB: z.coerce.number().positive().max(102_400).default(512),
  METRICS_TOKEN: z.string().min(24, 'METRICS_TOKEN must be at least 24 characters').optional(),
  API_RATE_LIMIT: z.coerce.number().int().min(0).default(6000),
  HANDOUT_CACHE_SIZE: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  API_KEY_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(1_000),
  // OpenTelemetry's own variables: the SDK reads them itself; these decide whether it starts at all.
  OTEL_SDK_DISABLED: z.string().optional(),
  OTEL_TRACES_EXPORTER: z.string().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  production: boolean;
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  encryptionKeys: string | undefined;
  bootstrapApiKey: string | undefined;
  /** Each provider with both its id and secret set; the others are not offered (all are, in demo mode). */
  credentials: Partial<Record<ProviderId, { clientId: string; clientSecret: string }>>;
  smtpUrl: string | undefined;
  emailFrom: string;
  productName: string;
  /** Lets a browser asking for `en-XA` get the pseudo-locale (tests of text outside the catalogues). */
  pseudoLocale: boolean;
  refreshCron: string;
  refreshAfterDays: number;
  verifyCron: string;
  /** When the automatic insights plan runs (UTC), and per-network call budgets overriding src/providers/rate-limits.ts. */
  insightsCron: string;
  insightsRateLimits: Record<string, { key: string; scope: 'app' | 'account'; limit: number; windowMs: number }[]> | undefined;
  providerTimeoutMs: number;
  logLevel: Env['LOG_LEVEL'];
  providerOriginMap: Record<string, string> | undefined;
  sandboxPort: number;
  /** Demo mode: no provider credentials configured, so every provider points at the built-in sandbox. */
  demo: boolean;
  workers: boolean;
  /** The bootstrap workspace's webhook endpoint, set at every start (the API can set any workspace's). */
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  webhookTimeoutMs: number;
  /** Webhook URLs may reach loopback, private and link-local addresses (off unless set, or in demo mode outside production). */
  webhookAllowPrivate: boolean;
  /** Finished work (deliveries, emails, syncs, tasks, expired sessions…) older than this many days is deleted by the daily prune. */
  retentionDays: number;
  pruneCron: string;
  /** Where copies of bound posts' media are kept (MEDIA_STORE_URL; default DATA_DIR/media). Holds the store's secret when the URL gives one: never logged. */
  mediaStore: MediaStoreLocation;
  /** The largest media file the archive copies (MEDIA_MAX_FILE_MB); a larger one is refused, with the reason recorded. */
  mediaMaxFileBytes: number;
  /** Bearer token that opens `/metrics`; without it `/metrics` is open in demo mode only. */
  metricsToken: string | undefined;
  /** Requests a minute each API key may make to the `/v1` routes, per process; 0: no limit. */
  apiRateLimit: number;
  /** Connections whose sealed hand-out row each process keeps in memory (least recently used go first); 0: none. */
  handoutCacheSize: number;
  /** API keys each process keeps in memory, forgotten on notice; 0: every request looks its key up (a revocation then holds from its commit). */
  apiKeyCacheSize: number;
  /** OpenTelemetry tracing, started by `channelkeeper start` (see tracingEnabled). */
  tracing: { enabled: boolean; serviceName: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const pair = (clientId: string | undefined, clientSecret: string | undefined) => (clientId && clientSecret ? { clientId, clientSecret } : undefined);
  // Each network's id and secret, under the variable names its profile gives (TIKTOK_CLIENT_KEY, GOOGLE_CLIENT_ID, …).
  const credentials: Config['credentials'] = Object.fromEntries(
    profiles.flatMap((profile) => {
      const credential = pair(env[profile.env.clientId], env[profile.env.clientSecret]);
      return credential ? [[profile.id, credential]] : [];
    }),
  );
  if (production && !e.ENCRYPTION_KEYS) {
    throw new ConfigError('ENCRYPTION_KEYS is required when NODE_ENV=production (see README: Secrets).');
  }
  const mediaStore = parseMediaStoreUrl(e.MEDIA_STORE_URL || undefined, path.resolve(e.DATA_DIR));
  if (typeof mediaStore === 'string') throw new ConfigError(mediaStore);
  if (e.WEBHOOK_SECRET && !e.WEBHOOK_URL) throw new ConfigError('WEBHOOK_SECRET is set without WEBHOOK_URL.');
  if (e.WEBHOOK_URL && production && !e.WEBHOOK_URL.startsWith('https:')) throw new ConfigError('WEBHOOK_URL must use https when NODE_ENV=production.');
  if (e.WEBHOOK_URL && !e.BOOTSTRAP_API_KEY && (production || Object.keys(credentials).length > 0)) {
    throw new ConfigError("WEBHOOK_URL needs BOOTSTRAP_API_KEY: it is the webhook of that key's workspace.");
  }
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.DATA_DIR),
    encryptionKeys: e.ENCRYPTION_KEYS || undefined,
    bootstrapApiKey: e.BOOTSTRAP_API_KEY,
    credentials,
    smtpUrl: e.SMTP_URL || undefined,
    emailFrom: e.EMAIL_FROM,
    productName: e.PRODUCT_NAME,
    pseudoLocale: e.PSEUDO_LOCALE === 'on',
    refreshCron: e.REFRESH_CRON,
    refreshAfterDays: e.REFRESH_AFTER_DAYS,
    verifyCron: e.VERIFY_CRON,
    insightsCron: e.INSIGHTS_CRON,
    insightsRateLimits: e.INSIGHTS_RATE_LIMITS,
    providerTimeoutMs: e.PROVIDER_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    providerOriginMap: e.PROVIDER_ORIGIN_MAP,
    sandboxPort: e.SANDBOX_PORT,
    demo: Object.keys(credentials).length === 0,
    workers: e.WORKERS === 'on',
    webhookUrl: e.WEBHOOK_URL,
    webhookSecret: e.WEBHOOK_SECRET,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    // The demo's receivers are on this machine; a real deployment must opt in.
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE ? e.WEBHOOK_ALLOW_PRIVATE === 'true' : Object.keys(credentials).length === 0 && !production,
    metricsToken: e.METRICS_TOKEN || undefined,
    retentionDays: e.RETENTION_DAYS,
    pruneCron: e.PRUNE_CRON,
    mediaStore,
    mediaMaxFileBytes: Math.round(e.MEDIA_MAX_FILE_MB * 1024 * 1024),
    apiRateLimit: e.API_RATE_LIMIT,
    handoutCacheSize: e.HANDOUT_CACHE_SIZE,
    apiKeyCacheSize: e.API_KEY_CACHE_SIZE,
    tracing: { enabled: tracingEnabled(e), serviceName: e.OTEL_SERVICE_NAME || 'channelkeeper' },
  };
}

/**
 * Tracing is off unless asked for: on when OTEL_TRACES_EXPORTER names an exporter or an OTLP endpoint
 * is set, and off whatever else is set when OTEL_SDK_DISABLED is true or OTEL_TRACES_EXPORTER is none.
 */
function tracingEnabled(e: Env): boolean {
  const exporter = e.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (e.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' || exporter === 'none') return false;
  return Boolean(exporter || e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}
