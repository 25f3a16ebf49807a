import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../kernel/clock.ts';
import { AUDIENCE_EVERY_MS, audienceRetryDelay } from './audience-schedule.rules.ts';

describe('audience retry delay', () => {
  it('a failing channel waits 1 hour, then 6 hours, then a day', () => {
    expect([1, 2, 3].map((n) => audienceRetryDelay(n))).toEqual([HOUR, 6 * HOUR, DAY]);
  });

  it('from the fourth failure in a row on, a failing channel is read weekly', () => {
    expect(audienceRetryDelay(4)).toBe(AUDIENCE_EVERY_MS);
    expect(audienceRetryDelay(40)).toBe(AUDIENCE_EVERY_MS);
  });

  it('a network that asks for a longer wait gets it', () => {
    expect(audienceRetryDelay(1, 3 * HOUR)).toBe(3 * HOUR);
    expect(audienceRetryDelay(2, HOUR)).toBe(6 * HOUR);
  });
});
