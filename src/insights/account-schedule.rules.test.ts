import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../kernel/clock.ts';
import { nextReadingAt, readingDay, readingRange, retryAt, slotOf } from './account-schedule.rules.ts';

const now = new Date('2026-03-10T15:20:00Z');
const midnight = Date.parse('2026-03-10T00:00:00Z');

describe('when a channel’s own figures and audience are read', () => {
  it('each channel has its own slot in the first 20 hours of the day, the same in every process', () => {
    const slots = Array.from({ length: 2_000 }, (_, i) => slotOf(`con_${i}`));
    expect(slots.every((s) => s >= 0 && s < 20 * HOUR && s % 60_000 === 0)).toBe(true);
    expect(slotOf('con_42')).toBe(slotOf('con_42'));
    // Spread over the day: no hour of the twenty holds more than twice its share.
    const perHour = new Map<number, number>();
    for (const s of slots) perHour.set(Math.floor(s / HOUR), (perHour.get(Math.floor(s / HOUR)) ?? 0) + 1);
    expect(Math.max(...perHour.values())).toBeLessThan((2 * slots.length) / 20);
  });

  it('figures are read next at the channel’s slot tomorrow, the audience at its slot a week on', () => {
    expect(nextReadingAt('con_1', 'figures', now).getTime()).toBe(midnight + DAY + slotOf('con_1'));
    expect(nextReadingAt('con_1', 'audience', now).getTime()).toBe(midnight + 7 * DAY + slotOf('con_1'));
  });

  it('a failed read is tried again after 1 hour, then 6 hours, then at the regular time', () => {
    expect(retryAt('con_1', 'figures', now, 1).getTime()).toBe(now.getTime() + HOUR);
    expect(retryAt('con_1', 'audience', now, 2).getTime()).toBe(now.getTime() + 6 * HOUR);
    expect(retryAt('con_1', 'audience', now, 3)).toEqual(nextReadingAt('con_1', 'audience', now));
  });

  it('a retry waits at least what the network asked, but never past the regular time', () => {
    expect(retryAt('con_1', 'audience', now, 1, 3 * HOUR).getTime()).toBe(now.getTime() + 3 * HOUR);
    expect(retryAt('con_1', 'figures', now, 1, 5 * DAY)).toEqual(nextReadingAt('con_1', 'figures', now));
  });

  it('a reading covers the 28 whole days before its day, and is kept under that day', () => {
    expect(readingRange(now)).toEqual({ since: new Date(midnight - 28 * DAY), until: new Date(midnight) });
    expect(readingDay(now)).toBe('2026-03-10');
  });
});
