/**
 * One run of a queue's job, measured (`channelkeeper_job_duration_seconds`, by queue and outcome) and
 * traced (one span named after the queue, under which its provider calls nest).
 */
import { SpanKind } from '@opentelemetry/api';
import type { JobOutcome, Metrics } from './metrics.ts';
import { withSpan } from './tracing.ts';

export function observeJob<T>(queue: string, metrics: Metrics | undefined, run: () => Promise<T>): Promise<T> {
  // A trace of its own: whatever context pg-boss's poll loop happens to run in is not this run's cause.
  return withSpan(`job ${queue}`, { kind: SpanKind.CONSUMER, root: true, attributes: { 'channelkeeper.job.queue': queue } }, async (span) => {
    const started = performance.now();
    let outcome: JobOutcome = 'failed';
    try {
      const result = await run();
      outcome = 'ok';
      return result;
    } finally {
      span.setAttribute('channelkeeper.job.outcome', outcome);
      metrics?.job({ queue, outcome, seconds: (performance.now() - started) / 1000 });
    }
  });
}
