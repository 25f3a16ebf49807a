import { expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { CallTimeline } from './call-timeline.ts';

const all = () => true;

it('counts calls per fixed and per rolling window, per account, and remembers throttles', () => {
  const clock = new ManualClock('2026-05-01T09:50:00Z');
  const timeline = new CallTimeline(clock);
  for (let i = 0; i < 5; i++) timeline.record('media_insights', 'a');
  clock.advance(15 * 60_000); // 10:05, the next fixed hour
  for (let i = 0; i < 4; i++) timeline.record('media_insights', 'b');
  timeline.record('me');
  expect(timeline.peak((e) => e === 'media_insights', 3_600_000)).toBe(5);
  expect(timeline.peak((e) => e === 'media_insights', 3_600_000, { rolling: true })).toBe(9);
  expect(timeline.peak(all, 3_600_000, { rolling: true })).toBe(10);
  expect(timeline.peak(all, 3_600_000, { account: 'b' })).toBe(4);
  clock.advance(60 * 60_000);
  timeline.record('media_insights', 'a');
  expect(timeline.peak((e) => e === 'media_insights', 3_600_000, { rolling: true, account: 'a' })).toBe(5);
  timeline.throttled('media_insights', 'a', 4);
  expect(timeline.throttles).toEqual([{ endpoint: 'media_insights', account: 'a', code: '4', atMs: clock.now().getTime() }]);
});
