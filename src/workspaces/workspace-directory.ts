/** The operator's view of workspaces (`channelkeeper workspaces create|list`): each is an isolated tenant with its own keys. */
import type { Clock } from '../kernel/clock.ts';
import { newId } from '../kernel/ids.ts';
import type { DB } from '../platform/db/db.ts';
import { insertWorkspace, listWorkspaceSummaries } from './workspace-directory.repo.ts';

export interface WorkspaceSummary {
  id: string;
  name: string;
  /** The workspace BOOTSTRAP_API_KEY opens; a new value of the variable adds a key to it. */
  bootstrap: boolean;
  createdAt: string;
  /** Keys neither revoked nor expired. */
  activeKeys: number;
}

export async function createWorkspace(deps: { db: DB; clock: Clock }, name: string): Promise<WorkspaceSummary> {
  const workspace = { id: newId('ws', deps.clock), name, createdAt: deps.clock.now() };
  await insertWorkspace(deps.db, workspace);
  return { id: workspace.id, name, bootstrap: false, createdAt: workspace.createdAt.toISOString(), activeKeys: 0 };
}

export async function listWorkspaces(deps: { db: DB; clock: Clock }): Promise<WorkspaceSummary[]> {
  const rows = await listWorkspaceSummaries(deps.db, deps.clock.now());
  return rows.map((row) => ({ id: row.id, name: row.name, bootstrap: row.bootstrap, createdAt: row.created_at.toISOString(), activeKeys: row.active_keys }));
}
