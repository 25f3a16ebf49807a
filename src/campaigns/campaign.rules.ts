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

/** When a campaign started: an imported campaign's real start, else when it was created here. */
export function campaignStart(campaign: { started_at: Date | null; created_at: Date }): Date {
  return campaign.started_at ?? campaign.created_at;
}

/**
 * Why an imported campaign's start is refused (null: accepted). A start in the future would stretch the
 * automatic refresh's 90 days past what really happened; a start after the due date is a campaign that
 * ended before it began.
 */
export function startRefused(startedAt: Date | undefined, dueDate: Date | undefined, now: Date): string | null {
  if (startedAt === undefined) return null;
  if (startedAt.getTime() > now.getTime())
    return `Invalid request: startedAt: ${startedAt.toISOString()} is in the future; give the day the campaign really started, or leave it out for now.`;
  if (dueDate !== undefined && dueDate.getTime() < startedAt.getTime()) return 'Invalid request: startedAt: the campaign cannot start after its due date.';
  return null;
}
