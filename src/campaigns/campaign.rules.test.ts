import { describe, expect, it } from 'vitest';
import { campaignStates, campaignTransitions, canTransition, isPastApplied, participantStages } from './campaign.rules.ts';

describe('campaign states', () => {
  it('a draft goes live, and a live campaign completes', () => {
    expect(canTransition('draft', 'live')).toBe(true);
    expect(canTransition('live', 'completed')).toBe(true);
  });

  it('a brand can reopen a completed campaign', () => {
    expect(canTransition('completed', 'live')).toBe(true);
  });

  it('any state can be archived, and nothing leaves archived', () => {
    for (const from of ['draft', 'live', 'completed'] as const) expect(canTransition(from, 'archived')).toBe(true);
    for (const to of campaignStates) expect(canTransition('archived', to)).toBe(false);
  });

  it('a live campaign does not go back to draft, and a draft does not complete without running', () => {
    expect(canTransition('live', 'draft')).toBe(false);
    expect(canTransition('completed', 'draft')).toBe(false);
    expect(canTransition('draft', 'completed')).toBe(false);
  });

  it('staying in a state is not a transition', () => {
    for (const state of campaignStates) expect(canTransition(state, state)).toBe(false);
    expect(Object.keys(campaignTransitions).sort()).toEqual([...campaignStates].sort());
  });
});

describe('participant stages', () => {
  it('confirmed, content_creation and complete are past applied; invited, applied and declined are not', () => {
    expect(participantStages.filter(isPastApplied)).toEqual(['confirmed', 'content_creation', 'complete']);
  });
});
