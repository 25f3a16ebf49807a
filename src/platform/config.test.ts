import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const production = { NODE_ENV: 'production', ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=' };

it('webhooks may reach private networks only when the operator says so, or in the demo outside production', () => {
  expect(loadConfig({ ...production }).webhookAllowPrivate).toBe(false);
  expect(loadConfig({ ...production, WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
  expect(loadConfig({ TIKTOK_CLIENT_KEY: 'k', TIKTOK_CLIENT_SECRET: 's' }).webhookAllowPrivate).toBe(false);
  expect(loadConfig({}).webhookAllowPrivate).toBe(true);
  expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'false' }).webhookAllowPrivate).toBe(false);
  expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(ConfigError);
});

it('each API key may make 6000 requests a minute to /v1 unless API_RATE_LIMIT says otherwise; 0 turns the limit off', () => {
  expect(loadConfig({}).apiRateLimit).toBe(6000);
  expect(loadConfig({ API_RATE_LIMIT: '600' }).apiRateLimit).toBe(600);
  expect(loadConfig({ API_RATE_LIMIT: '0' }).apiRateLimit).toBe(0);
  expect(() => loadConfig({ API_RATE_LIMIT: '-1' })).toThrow(ConfigError);
  expect(() => loadConfig({ API_RATE_LIMIT: 'lots' })).toThrow(ConfigError);
});

it('finished work is kept 30 days unless RETENTION_DAYS says otherwise, and never less than two days', () => {
  expect(loadConfig({}).retentionDays).toBe(30);
  expect(loadConfig({ RETENTION_DAYS: '90' }).retentionDays).toBe(90);
  expect(() => loadConfig({ RETENTION_DAYS: '1' })).toThrow(ConfigError);
});

it('tracing is off unless an OTEL_* variable names a trace exporter or an OTLP endpoint, and OTEL_SDK_DISABLED or an exporter of none keeps it off', () => {
  expect(loadConfig({}).tracing).toEqual({ enabled: false, serviceName: 'channelkeeper' });
  expect(loadConfig({ OTEL_SERVICE_NAME: 'ck-eu', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod' }).tracing).toEqual({ enabled: false, serviceName: 'ck-eu' });
  expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).tracing.enabled).toBe(true);
  expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console' }).tracing.enabled).toBe(true);
  expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing.enabled).toBe(true);
  expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).tracing.enabled).toBe(true);
  expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' }).tracing.enabled).toBe(false);
  expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing.enabled).toBe(false);
  expect(loadConfig({ OTEL_SDK_DISABLED: 'false' }).tracing.enabled).toBe(false);
});

it('the media archive: a folder in DATA_DIR by default, MEDIA_STORE_URL checked at start, MEDIA_MAX_FILE_MB in bytes', () => {
  const defaults = loadConfig({ DATA_DIR: '/srv/ck' });
  expect(defaults.mediaStore).toEqual({ kind: 'folder', dir: '/srv/ck/media' });
  expect(defaults.mediaMaxFileBytes).toBe(512 * 1024 * 1024);
  expect(loadConfig({ MEDIA_MAX_FILE_MB: '0.5' }).mediaMaxFileBytes).toBe(512 * 1024);
  expect(loadConfig({ MEDIA_STORE_URL: 's3://media/ck' }).mediaStore).toMatchObject({ kind: 's3', bucket: 'media', prefix: 'ck/' });
  expect(() => loadConfig({ MEDIA_STORE_URL: 'https://key:topsecret@host/' })).toThrow(/MEDIA_STORE_URL must name a bucket/);
  expect(() => loadConfig({ MEDIA_MAX_FILE_MB: '0' })).toThrow(ConfigError);
});
