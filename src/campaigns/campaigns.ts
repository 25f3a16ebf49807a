/** Campaigns for the platform's backend: create, read, list, change (state through the transition table). */

import { type InsightsRefreshView, insightsRefreshFor, type PausedChannel, pausedChannelsFor } from '../insights/index.ts';
import { fail, ok, type Result } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import { decodeCursor, encodeCursor } from '../kernel/keyset-cursor.ts';
import type { Deps } from '../platform/deps.ts';
import { bindCampaign } from './bind-posts.ts';
import { type CampaignState, campaignStart, canTransition, startRefused } from './campaign.rules.ts';
import { type CampaignChanges, type CampaignRow, findCampaign, insertCampaign, listCampaignPage, updateCampaign, upsertBrand } from './campaigns.repo.ts';

/** A campaign as the API shows it. Built by one mapper so later parts can add fields beside these. */
export interface CampaignView {
  id: string;
  brand: { id: string; name: string };
  name: string;
  state: CampaignState;
  hashtag: string;
  networks: string[];
  dueDate: string | null;
  /** When the campaign started: its import's `startedAt`, else when it was created here. The automatic refresh's 90 days count from it. */
  startedAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function toCampaignView(row: CampaignRow): CampaignView {
  return {
    id: row.id,
    brand: { id: row.brand_id, name: row.brand_name },
    name: row.name,
    state: row.state,
    hashtag: row.binding_hashtag,
    networks: row.networks,
    dueDate: row.due_date ? row.due_date.toISOString() : null,
    startedAt: campaignStart(row).toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

/** A parsed binding hashtag: as written, and the key captions are matched on. */
export interface Hashtag {
  hashtag: string;
  key: string;
}

export interface NewCampaign {
  brand: { id: string; name: string };
  name: string;
  hashtag: Hashtag;
  networks: string[];
  dueDate?: Date;
  /** An imported campaign's real start (not in the future); default: now. */
  startedAt?: Date;
  state: 'draft' | 'live';
}

export const notFound = () => fail('not_found', 'There is no campaign with this id in this workspace.');

export async function createCampaign(deps: Deps, workspaceId: string, input: NewCampaign): Promise<Result<CampaignView>> {
  const now = deps.clock.now();
  const refused = startRefused(input.startedAt, input.dueDate, now);
  if (refused) return fail('invalid_request', refused, { field: 'startedAt' });
  const id = newId('cmp', deps.clock);
  await deps.db.transaction().execute(async (tx) => {
    await upsertBrand(tx, { workspaceId, id: input.brand.id, name: input.brand.name, now });
    await insertCampaign(tx, {
      id,
      workspace_id: workspaceId,
      brand_id: input.brand.id,
      name: input.name,
      state: input.state,
      binding_hashtag: input.hashtag.hashtag,
      hashtag_key: input.hashtag.key,
      networks: input.networks,
      due_date: input.dueDate ?? null,
      started_at: input.startedAt ?? null,
      created_at: now,
      updated_at: now,
    });
  });
  const row = (await findCampaign(deps.db, workspaceId, id))!;
  return ok(toCampaignView(row));
}

export type { PausedChannel };

/** The campaign with its insights: the Refresh Insights button's state and the channels whose refresh is paused. */
export type CampaignDetailView = CampaignView & { insightsRefresh: InsightsRefreshView; refreshPaused: PausedChannel[] };

export async function getCampaign(deps: Pick<Deps, 'db' | 'clock'>, workspaceId: string, id: string): Promise<Result<CampaignDetailView>> {
  const row = await findCampaign(deps.db, workspaceId, id);
  if (!row) return notFound();
  const [insightsRefresh, refreshPaused] = await Promise.all([insightsRefreshFor(deps.db, workspaceId, id, deps.clock.now()), pausedChannelsFor(deps.db, id)]);
  return ok({ ...toCampaignView(row), insightsRefresh: insightsRefresh!, refreshPaused });
}

// Keyset cursor on (createdAt, id): stable while campaigns are added.
const cursorOf = (row: CampaignRow) => encodeCursor(row.created_at, row.id);

export async function listCampaigns(
  deps: Pick<Deps, 'db'>,
  workspaceId: string,
  query: { limit: number; cursor?: string; state?: CampaignState; brandId?: string },
): Promise<Result<{ data: CampaignView[]; nextCursor: string | null }>> {
  const decoded = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !decoded) return fail('invalid_request', 'Invalid request: cursor: not a cursor from a previous page.');
  const before = decoded && { createdAt: decoded.at, id: decoded.id };
  const rows = await listCampaignPage(deps.db, workspaceId, { limit: query.limit + 1, state: query.state, brandId: query.brandId, before });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return ok({ data: page.map(toCampaignView), nextCursor: rows.length > query.limit && last ? cursorOf(last) : null });
}

export interface CampaignPatch {
  name?: string;
  hashtag?: Hashtag;
  networks?: string[];
  dueDate?: Date | null;
  state?: CampaignState;
}

const MAX_RACES = 3;

/**
 * Applies a change as a conditional UPDATE on the version read; a concurrent change makes it read
 * again and decide again (the transition may no longer be allowed). A campaign that is live after the
 * change binds what its new rules allow.
 */
export async function patchCampaign(deps: Deps, workspaceId: string, id: string, patch: CampaignPatch): Promise<Result<CampaignView>> {
  for (let race = 0; race < MAX_RACES; race++) {
    const row = await findCampaign(deps.db, workspaceId, id);
    if (!row) return notFound();
    if (patch.state !== undefined && patch.state !== row.state && !canTransition(row.state, patch.state)) {
      return fail('campaign_transition_invalid', `A ${row.state} campaign cannot become ${patch.state}.`, { from: row.state, to: patch.state });
    }
    const changes: CampaignChanges = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.hashtag !== undefined && { binding_hashtag: patch.hashtag.hashtag, hashtag_key: patch.hashtag.key }),
      ...(patch.networks !== undefined && { networks: patch.networks }),
      ...(patch.dueDate !== undefined && { due_date: patch.dueDate }),
      ...(patch.state !== undefined && { state: patch.state }),
    };
    if (Object.keys(changes).length === 0) return ok(toCampaignView(row));
    if (!(await updateCampaign(deps.db, { id, version: row.version, changes, now: deps.clock.now() }))) continue;
    const updated = (await findCampaign(deps.db, workspaceId, id))!;
    await bindCampaign(deps, updated);
    return ok(toCampaignView(updated));
  }
  // Lost every race: a version conflict the caller may retry, not a transition the rules refuse.
  return fail('conflict', 'The campaign kept changing while this change was applied; read it again and retry.');
}
