/**
 * The gauges `/metrics` reads from the database at each scrape, as plain data for `deps.metrics` to
 * write: connections by status and reason, the week's forecast, the outboxes, the last day's failures
 * and each queue's backlog. Pure: the figures come in, the families go out.
 */
import { connectionStatuses } from '../connections/index.ts';
import type { GaugeFamily } from '../platform/metrics.ts';
import type { QueueDepth } from '../platform/queue-depth.ts';
import type { ServiceMetrics } from './stats.ts';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Counts keyed by label values, with every listed key present (a series that drops to zero reads 0, not nothing). */
function tally<K extends string>(keys: K[], rows: { key: K; count: number }[]): Map<K, number> {
  const out = new Map<K, number>(keys.map((key) => [key, 0]));
  for (const row of rows) out.set(row.key, (out.get(row.key) ?? 0) + row.count);
  return out;
}

export function metricFamilies(m: ServiceMetrics, providers: string[]): GaugeFamily[] {
  const pairs = [...new Set(m.connections.map((row) => `${row.network}\u0000${row.provider}`))];
  const byStatus = tally(
    pairs.flatMap((pair) => connectionStatuses.map((status) => `${status}\u0000${pair}`)),
    m.connections.map((row) => ({ key: `${row.status}\u0000${row.network}\u0000${row.provider}`, count: row.count })),
  );
  const disconnected = tally(
    [],
    m.connections.filter((row) => row.status === 'disconnected').map((row) => ({ key: `${row.network}\u0000${row.reason ?? 'none'}`, count: row.count })),
  );
  const failures = (types: string[]) =>
    tally(
      providers,
      m.failuresLastDay.filter((row) => types.includes(row.type)).map((row) => ({ key: row.provider, count: row.count })),
    );
  const week = m.stats.forecast.slice(0, 7);
  const split = (key: string) => key.split('\u0000');
  return [
    gauge(
      'channelkeeper_connections',
      'Connections by status, network and provider (login).',
      ['status', 'network', 'provider'],
      [...byStatus].map(([key, value]) => {
        const [status = '', network = '', provider = ''] = split(key);
        return { labels: { status, network, provider }, value };
      }),
    ),
    gauge(
      'channelkeeper_connection_disconnects_by_reason',
      'Disconnected connections by network and reason.',
      ['network', 'reason'],
      [...disconnected].map(([key, value]) => {
        const [network = '', reason = ''] = split(key);
        return { labels: { network, reason }, value };
      }),
    ),
    gauge(
      'channelkeeper_expirations_next_7d',
      'Connections expected to expire today and in the next 6 UTC days (nothing scheduled extends them).',
      [],
      [{ value: sum(week.map((d) => d.expirations)) }],
    ),
    gauge(
      'channelkeeper_expirations_next_60d',
      'Connections expected to expire today and in the next 59 UTC days.',
      [],
      [{ value: sum(m.stats.forecast.map((d) => d.expirations)) }],
    ),
    gauge('channelkeeper_reminders_next_7d', 'Reconnect reminders due today and in the next 6 UTC days.', [], [{ value: sum(week.map((d) => d.reminders)) }]),
    gauge('channelkeeper_refreshes_next_7d', 'Refreshes scheduled today (overdue included) and in the next 6 UTC days.', [], [{ value: sum(week.map((d) => d.refreshes)) }]),
    gauge('channelkeeper_email_outbox', 'Emails in the outbox by status.', ['status'], statusSamples(['pending', 'sent', 'stored', 'failed'], m.emails)),
    gauge('channelkeeper_webhook_deliveries', 'Webhook deliveries by status.', ['status'], statusSamples(['pending', 'delivered', 'failed', 'cancelled'], m.webhooks)),
    gauge(
      'channelkeeper_refresh_failures_24h',
      'Failed refreshes (to be retried) in the last 24 hours, by provider.',
      ['provider'],
      [...failures(['refresh_failed', 'expiring'])].map(([provider, value]) => ({ labels: { provider }, value })),
    ),
    gauge(
      'channelkeeper_disconnects_24h',
      'Connections the network disconnected in the last 24 hours, by provider.',
      ['provider'],
      [...failures(['disconnected'])].map(([provider, value]) => ({ labels: { provider }, value })),
    ),
  ];
}

/** Each queue's backlog as pg-boss's tables hold it at this scrape. */
export function queueFamilies(queues: QueueDepth[]): GaugeFamily[] {
  const perQueue = (value: (q: QueueDepth) => number) => queues.map((q) => ({ labels: { queue: q.queue }, value: value(q) }));
  return [
    gauge(
      'channelkeeper_queue_waiting_jobs',
      'Jobs due to run and not yet taken, by queue.',
      ['queue'],
      perQueue((q) => q.waiting),
    ),
    gauge(
      'channelkeeper_queue_active_jobs',
      'Jobs a worker has taken and not finished, by queue.',
      ['queue'],
      perQueue((q) => q.active),
    ),
    gauge(
      'channelkeeper_queue_oldest_waiting_seconds',
      'How long the oldest waiting job has been due, by queue (0 when none waits).',
      ['queue'],
      perQueue((q) => q.oldestWaitingSeconds),
    ),
  ];
}

const gauge = (name: string, help: string, labelNames: string[], samples: GaugeFamily['samples']): GaugeFamily => ({ name, help, labelNames, samples });

function statusSamples(known: string[], counts: Record<string, number>): GaugeFamily['samples'] {
  return [...new Set([...known, ...Object.keys(counts)])].map((status) => ({ labels: { status }, value: counts[status] ?? 0 }));
}
