import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { DatabaseAvailability } from './availability.ts';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function watch(probe: () => Promise<unknown>) {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const changes: boolean[] = [];
  const availability = new DatabaseAvailability({ logger: createLogger('info', sink), probe, firstRetryMs: 100, maxRetryMs: 1_000 });
  availability.onChange((available) => changes.push(available));
  return { availability, lines, changes };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the database availability watch', () => {
  it('an outage seen by many at once is one line when it starts and one when it ends', async () => {
    let down = true;
    const { availability, lines, changes } = watch(async () => {
      if (down) throw refused();
    });
    for (let i = 0; i < 50; i++) expect(availability.report(refused(), 'queue')).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    for (let i = 0; i < 50; i++) availability.report(refused(), 'queue');
    expect(availability.available).toBe(false);
    down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(availability.available).toBe(true);
    expect(changes).toEqual([false, true]);
    expect(lines.map((line) => line.level)).toEqual([50, 30]);
    expect(lines[1]!.msg).toBe('the database answers again: background work resumes');
  });

  it('a dropped connection whose probe succeeds is no outage and logs nothing', async () => {
    const { availability, lines, changes } = watch(async () => {});
    availability.report(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), 'idle connection');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(availability.available).toBe(true);
    expect(changes).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('an error that is not a lost connection is left to the caller', () => {
    const { availability } = watch(async () => {});
    expect(availability.report(Object.assign(new Error('duplicate key'), { code: '23505' }), 'queue')).toBe(false);
  });

  it('the probe is retried with a growing delay, up to the longest', async () => {
    let probes = 0;
    const { availability } = watch(async () => {
      probes++;
      throw refused();
    });
    availability.report(refused(), 'queue');
    // Probes at 0, 0.1, 0.3, 0.7, 1.5, 2.5, 3.5 … seconds.
    await vi.advanceTimersByTimeAsync(3_600);
    expect(probes).toBe(7);
    availability.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(probes).toBe(7);
  });
});
