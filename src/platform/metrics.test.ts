import { register } from 'prom-client';
import { expect, it } from 'vitest';
import { createMetrics } from './metrics.ts';

it("each system counts only its own traffic, and nothing reaches prom-client's global registry", async () => {
  const first = createMetrics();
  const second = createMetrics();
  first.email('sent');
  first.email('sent');
  second.email('failed');
  const one = await first.exposition();
  const two = await second.exposition();
  expect(one).toContain('channelkeeper_email_attempts_total{outcome="sent"} 2\n');
  expect(one).not.toContain('outcome="failed"');
  expect(two).toContain('channelkeeper_email_attempts_total{outcome="failed"} 1\n');
  expect(two).not.toContain('outcome="sent"');
  // The process's own series are in both, from one set of collectors.
  for (const text of [one, two]) expect(text).toContain('# TYPE channelkeeper_process_cpu_seconds_total counter');
  expect(register.getMetricsAsArray()).toEqual([]);
});

it('gauges read at scrape time are written with their labels escaped, each scrape afresh', async () => {
  const metrics = createMetrics();
  const text = await metrics.exposition([
    { name: 'channelkeeper_things', help: 'Things by kind.', labelNames: ['kind'], samples: [{ labels: { kind: 'a "b" \\ c\nd' }, value: 2 }] },
    { name: 'channelkeeper_total_things', help: 'All things.', labelNames: [], samples: [{ value: 3 }] },
    { name: 'channelkeeper_no_things', help: 'None yet.', labelNames: ['kind'], samples: [] },
  ]);
  expect(text).toContain('# HELP channelkeeper_things Things by kind.\n# TYPE channelkeeper_things gauge\nchannelkeeper_things{kind="a \\"b\\" \\\\ c\\nd"} 2\n');
  expect(text).toContain('\nchannelkeeper_total_things 3\n');
  expect(text).toContain('# TYPE channelkeeper_no_things gauge\n');
  expect(text).not.toMatch(/^channelkeeper_no_things/m);
  // A series gone from the database is gone from the next scrape.
  expect(await metrics.exposition()).not.toContain('channelkeeper_things');
  expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
});
