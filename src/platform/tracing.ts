/**
 * OpenTelemetry tracing. The code speaks only `@opentelemetry/api`, which does nothing until an SDK is
 * registered: `channelkeeper start` registers `@opentelemetry/sdk-node` once per process when the
 * standard OTEL_* variables ask for traces (config.ts decides, docs/operations.md#tracing says how).
 * Spans carry names from our own code (a route pattern, a queue, a network and endpoint name, an
 * outcome) and the request id: never a token, a URL, a query string or an error message.
 */
import { type Span, type SpanOptions, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

export const TRACER_NAME = 'channelkeeper';

export const tracer = () => trace.getTracer(TRACER_NAME);

/**
 * Runs `work` in a new active span (so spans started inside nest under it) and ends it; a failure
 * marks the span as an error without recording the error's message, which may name what it failed on.
 */
export function withSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, options, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

export interface TracingSettings {
  enabled: boolean;
  /** `service.name` on every span: OTEL_SERVICE_NAME, or `channelkeeper`. */
  serviceName: string;
}

export interface Tracing {
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts the SDK for this process: exporter, endpoint, protocol, sampler and batch settings are read by
 * the SDK from the standard OTEL_* variables. Only traces: no OpenTelemetry metrics (Prometheus has
 * ours) and no logs (pino writes them). `spanProcessors` replaces the exporters the variables name
 * (tests: an in-memory exporter). Loaded on demand, so a process without tracing never loads the SDK.
 */
export async function startTracing(settings: TracingSettings, spanProcessors?: NodeSDKConfiguration['spanProcessors']): Promise<Tracing | undefined> {
  if (!settings.enabled) return undefined;
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({ serviceName: settings.serviceName, metricReaders: [], logRecordProcessors: [], ...(spanProcessors ? { spanProcessors } : {}) });
  sdk.start();
  return sdk;
}
