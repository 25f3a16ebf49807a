/**
 * A campaign's lifecycle and a participant's workflow stage. Storage applies a state change as one
 * conditional UPDATE on `version`, so two processes cannot both apply it.
 *
 * States: draft → live → completed, and archived from any state. Decisions:
 * - completed → live is allowed: a brand reopens a campaign (late posts, an extension); binding then
 *   resumes, with the due date still deciding which posts bind.
 * - live → draft is refused: a campaign that was live has bound posts and refreshed insights; making
 *   it a draft again would hide them behind a state that means "nothing has happened yet".
 * - nothing leaves archived: it is the brand's "put away", and reads stay possible.
 * - draft → completed is refused: a campaign that never ran did not complete; archive it instead.
 */
import { providerIdsWith } from '../providers/profiles.ts';

export const campaignStates = ['draft', 'live', 'completed', 'archived'] as const;
export type CampaignState = (typeof campaignStates)[number];

/** For each state, the states it may move to. A move to the same state is no change, not a transition. */
export const campaignTransitions = {
  draft: ['live', 'archived'],
  live: ['completed', 'archived'],
  completed: ['live', 'archived'],
  archived: [],
} as const satisfies Record<CampaignState, readonly CampaignState[]>;

export function canTransition(from: CampaignState, to: CampaignState): boolean {
  return (campaignTransitions[from] as readonly CampaignState[]).includes(to);
}

export const participantStages = ['invited', 'applied', 'confirmed', 'content_creation', 'complete', 'declined'] as const;
export type ParticipantStage = (typeof participantStages)[number];

/**
 * Stages past `applied`: the brand confirmed the creator, so their posts may bind. `declined` is not
 * one, whatever came before it.
 */
export const pastAppliedStages = ['confirmed', 'content_creation', 'complete'] as const satisfies readonly ParticipantStage[];

export function isPastApplied(stage: ParticipantStage): boolean {
  return (pastAppliedStages as readonly ParticipantStage[]).includes(stage);
}

/** The networks a campaign can count posts from: every network whose posts are listed (its profile says). */
export const campaignNetworks = providerIdsWith('media');
