/**
 * The service's Prometheus series, through prom-client. One registry per System, never prom-client's
 * global one: tests build many systems in one process, and each must count only its own traffic.
 * Features record through this small typed object and never import prom-client. Every label value is
 * a name from our own code (a route pattern, a network, an endpoint name, an outcome), never an id,
 * a URL or a secret, so the number of series stays bounded. docs/operations.md lists the series.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const METRIC_PREFIX = 'channelkeeper_';

export type JobOutcome = 'ok' | 'failed';
/** `stored`: kept in the demo outbox (no SMTP_URL); `retrying`: the attempt failed and another is scheduled. */
export type EmailOutcome = 'sent' | 'stored' | 'retrying' | 'failed';
/** `retrying`: the attempt failed and another is scheduled; `cancelled`: its endpoint was removed. */
export type WebhookOutcome = 'delivered' | 'retrying' | 'failed' | 'cancelled';

/** A gauge read at scrape time (from the database), as plain data: its series are rebuilt on every scrape. */
export interface GaugeFamily {
  name: string;
  help: string;
  labelNames: readonly string[];
  samples: readonly { labels?: Record<string, string>; value: number }[];
}

export interface Metrics {
  /** One answered HTTP request, by its route pattern (`/v1/connections/:id`, never the URL). */
  httpRequest(sample: { method: string; route: string; status: number; seconds: number }): void;
  /** One adapter call to a network; `outcome` is `ok` or the ProviderError kind (`error` for anything else). */
  providerCall(sample: { network: string; endpoint: string; outcome: string; seconds: number }): void;
  /** One refresh of a claimed connection and how it ended (refreshed, retry_scheduled, disconnected, …). */
  refresh(provider: string, outcome: string): void;
  /** One verification of a connection and how it ended (verified, disconnected, inconclusive, …). */
  verification(provider: string, outcome: string): void;
  email(outcome: EmailOutcome): void;
  webhook(outcome: WebhookOutcome): void;
  /** One file of a bound post copied into the media store (`stored`, with its size) or refused (too large, not media). */
  mediaArchiveFile(outcome: 'stored' | 'refused', bytes: number): void;
  /** One run of a queue's job (a sweep, a dispatch), however it was started. */
  job(sample: { queue: string; outcome: JobOutcome; seconds: number }): void;
  /** The text exposition: the process's series, this system's, and the gauges read for this scrape. */
  exposition(scraped?: readonly GaugeFamily[]): Promise<string>;
  readonly contentType: string;
}

// Requests answer in milliseconds; provider calls may run to PROVIDER_TIMEOUT_MS (at most 240 s); a
// sweep of thousands of connections takes minutes.
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const PROVIDER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 240];
const JOB_BUCKETS = [0.01, 0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600];

export function createMetrics(): Metrics {
  const processSeries = processRegistry();
  const registry = new Registry();
  const registers = [registry];
  const requests = new Histogram({
    name: 'channelkeeper_http_request_duration_seconds',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const providerCalls = new Histogram({
    name: 'channelkeeper_provider_call_duration_seconds',
    help: 'Calls to the networks, by network, endpoint and outcome (ok or the error kind).',
    labelNames: ['network', 'endpoint', 'outcome'],
    buckets: PROVIDER_BUCKETS,
    registers,
  });
  const refreshes = new Counter({
    name: 'channelkeeper_refreshes_total',
    help: 'Refreshes of claimed connections, by provider and outcome.',
    labelNames: ['provider', 'outcome'],
    registers,
  });
  const verifications = new Counter({
    name: 'channelkeeper_verifications_total',
    help: 'Verifications of connections, by provider and outcome.',
    labelNames: ['provider', 'outcome'],
    registers,
  });
  const emails = new Counter({ name: 'channelkeeper_email_attempts_total', help: 'Email delivery attempts, by outcome.', labelNames: ['outcome'], registers });
  const webhooks = new Counter({
    name: 'channelkeeper_webhook_attempts_total',
    help: 'Webhook delivery attempts (and deliveries cancelled), by outcome.',
    labelNames: ['outcome'],
    registers,
  });
  const archivedFiles = new Counter({
    name: 'channelkeeper_media_archive_files_total',
    help: 'Files of bound posts copied into the media store (stored) or refused (over MEDIA_MAX_FILE_MB, not an image or video).',
    labelNames: ['outcome'],
    registers,
  });
  const archivedBytes = new Counter({ name: 'channelkeeper_media_archive_bytes_total', help: 'Bytes copied into the media store.', registers });
  const jobs = new Histogram({
    name: 'channelkeeper_job_duration_seconds',
    help: 'Runs of background jobs (sweeps, dispatches), by queue and outcome.',
    labelNames: ['queue', 'outcome'],
    buckets: JOB_BUCKETS,
    registers,
  });
  return {
    httpRequest: ({ method, route, status, seconds }) => requests.observe({ method, route, status_code: String(status) }, seconds),
    providerCall: ({ network, endpoint, outcome, seconds }) => providerCalls.observe({ network, endpoint, outcome }, seconds),
    refresh: (provider, outcome) => refreshes.inc({ provider, outcome }),
    verification: (provider, outcome) => verifications.inc({ provider, outcome }),
    email: (outcome) => emails.inc({ outcome }),
    webhook: (outcome) => webhooks.inc({ outcome }),
    mediaArchiveFile: (outcome, bytes) => {
      archivedFiles.inc({ outcome });
      if (bytes > 0) archivedBytes.inc(bytes);
    },
    job: ({ queue, outcome, seconds }) => jobs.observe({ queue, outcome }, seconds),
    async exposition(scraped = []) {
      return Registry.merge([processSeries, registry, gaugesRegistry(scraped)]).metrics();
    },
    contentType: registry.contentType,
  };
}

/** A registry of this scrape's gauges only, so a series that disappeared from the database disappears here too. */
function gaugesRegistry(families: readonly GaugeFamily[]): Registry {
  const registry = new Registry();
  for (const family of families) {
    const gauge = new Gauge({ name: family.name, help: family.help, labelNames: [...family.labelNames], registers: [registry] });
    for (const sample of family.samples) {
      if (sample.labels) gauge.set(sample.labels, sample.value);
      else gauge.set(sample.value);
    }
  }
  return registry;
}

// The process's own series (CPU, memory, event loop, GC) describe the process, not a system, and the
// observers prom-client starts for them cannot be stopped: so one registry per process, made with the
// first system and shared by every system the process builds.
let processSeries: Registry | undefined;

function processRegistry(): Registry {
  if (!processSeries) {
    processSeries = new Registry();
    collectDefaultMetrics({ register: processSeries, prefix: METRIC_PREFIX });
  }
  return processSeries;
}
