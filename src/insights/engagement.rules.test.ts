import { describe, expect, it } from 'vitest';
import type { MediaMetrics } from '../providers/provider.ts';
import { engagementRate, interactionsOf } from './engagement.rules.ts';

const none: MediaMetrics = { views: null, reach: null, likes: null, comments: null, saves: null, shares: null, totalInteractions: null, impressions: null };

describe('engagement rate', () => {
  it('uses the network’s own total of interactions where it gives one', () => {
    expect(engagementRate({ ...none, views: 1000, likes: 10, totalInteractions: 50 })).toBe(0.05);
  });

  it('otherwise sums the likes, comments, saves and shares that are reported', () => {
    expect(interactionsOf({ ...none, likes: 10, comments: 5, shares: 5 })).toBe(20);
    expect(engagementRate({ ...none, views: 400, likes: 10, comments: 5, shares: 5 })).toBe(0.05);
  });

  it('divides by reach where the network reports no views', () => {
    expect(engagementRate({ ...none, reach: 200, likes: 10 })).toBe(0.05);
  });

  it('prefers views over reach when both are reported', () => {
    expect(engagementRate({ ...none, views: 1000, reach: 200, likes: 10 })).toBe(0.01);
  });

  it('is null, never 0, when neither views nor reach is reported, or they are 0', () => {
    expect(engagementRate({ ...none, likes: 10 })).toBeNull();
    expect(engagementRate({ ...none, views: 0, likes: 10 })).toBeNull();
  });

  it('is null when no interaction is reported at all, and 0 when they are reported as 0', () => {
    expect(engagementRate({ ...none, views: 100 })).toBeNull();
    expect(engagementRate({ ...none, views: 100, likes: 0 })).toBe(0);
  });
});
