/** A campaign's participants: the platform puts a creator in a campaign at a workflow stage. */

import { fail, ok, type Result } from '../kernel/errors.ts';
import { decodeCursor, encodeCursor } from '../kernel/keyset-cursor.ts';
import type { Deps } from '../platform/deps.ts';
import { getCreator, upsertCreator } from '../platform/workspaces.repo.ts';
import { bindCampaign } from './bind-posts.ts';
import { isPastApplied, type ParticipantStage } from './campaign.rules.ts';
import { findCampaign, listParticipantPage, type ParticipantRow, upsertParticipant } from './campaigns.repo.ts';
import { notFound } from './campaigns.ts';

export interface ParticipantView {
  campaignId: string;
  creator: { id: string; email: string | null; name: string | null };
  stage: ParticipantStage;
  joinedAt: string;
  createdAt: string;
  updatedAt: string;
}

function toParticipantView(row: ParticipantRow, creator: { email: string | null; name: string | null }): ParticipantView {
  return {
    campaignId: row.campaign_id,
    creator: { id: row.creator_id, email: creator.email, name: creator.name },
    stage: row.stage,
    joinedAt: row.joined_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface ParticipantInput {
  stage: ParticipantStage;
  joinedAt?: Date;
  email?: string;
  name?: string;
}

/**
 * Creates the creator if new, and puts them in the campaign at this stage (joinedAt defaults to now
 * for a new participant; an existing one keeps theirs unless one is sent). A creator who is now past
 * `applied` has their synced posts bound.
 */
export async function putParticipant(
  deps: Deps,
  workspaceId: string,
  campaignId: string,
  creatorId: string,
  input: ParticipantInput,
): Promise<Result<{ participant: ParticipantView; created: boolean }>> {
  const campaign = await findCampaign(deps.db, workspaceId, campaignId);
  if (!campaign) return notFound();
  const now = deps.clock.now();
  const { row, previousStage } = await deps.db.transaction().execute(async (tx) => {
    await upsertCreator(tx, deps.clock, { workspaceId, id: creatorId, email: input.email ?? null, name: input.name ?? null });
    return upsertParticipant(tx, { campaignId, workspaceId, creatorId, stage: input.stage, joinedAt: input.joinedAt, now });
  });
  // A stage change within the past-applied ones binds nothing new, but a new joinedAt may: bind whenever past applied.
  if (isPastApplied(row.stage)) await bindCampaign(deps, campaign, { creatorId });
  const creator = (await getCreator(deps.db, workspaceId, creatorId))!;
  return ok({ participant: toParticipantView(row, creator), created: previousStage === undefined });
}

// Keyset cursor on (createdAt, creator id), in the order participants were added: stable while more join.
const cursorOf = (row: ParticipantRow) => encodeCursor(row.created_at, row.creator_id);
/** Creator ids are the platform's (1–200 characters, any but NUL), not ours. */
const creatorIdOk = (id: string) => id.length <= 200;

export async function getParticipants(
  deps: Pick<Deps, 'db'>,
  workspaceId: string,
  campaignId: string,
  query: { limit: number; cursor?: string },
): Promise<Result<{ data: ParticipantView[]; nextCursor: string | null }>> {
  const decoded = query.cursor === undefined ? undefined : decodeCursor(query.cursor, creatorIdOk);
  if (query.cursor !== undefined && !decoded) return fail('invalid_request', 'Invalid request: cursor: not a cursor from a previous page.');
  if (!(await findCampaign(deps.db, workspaceId, campaignId))) return notFound();
  const after = decoded && { createdAt: decoded.at, creatorId: decoded.id };
  const rows = await listParticipantPage(deps.db, campaignId, { limit: query.limit + 1, after });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return ok({ data: page.map((row) => toParticipantView(row, row)), nextCursor: rows.length > query.limit && last ? cursorOf(last) : null });
}
