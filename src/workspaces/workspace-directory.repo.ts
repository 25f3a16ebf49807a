/** Workspaces as the operator lists and creates them, and the one BOOTSTRAP_API_KEY opened. */
import type { Tx } from '../platform/db/db.ts';

export interface WorkspaceSummaryRow {
  id: string;
  name: string;
  bootstrap: boolean;
  created_at: Date;
  active_keys: number;
}

export async function insertWorkspace(db: Tx, workspace: { id: string; name: string; createdAt: Date; bootstrap?: boolean }): Promise<boolean> {
  // No conflict target: the only conflict besides the id is the one-bootstrap-workspace index, lost to another process.
  const row = await db
    .insertInto('workspaces')
    .values({ id: workspace.id, name: workspace.name, product_name: null, email_from: null, bootstrap: workspace.bootstrap ?? false, created_at: workspace.createdAt })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Oldest first, each with the keys that open the API at `now`. */
export async function listWorkspaceSummaries(db: Tx, now: Date): Promise<WorkspaceSummaryRow[]> {
  const rows = await db
    .selectFrom('workspaces')
    .leftJoin('api_keys', (join) =>
      join
        .onRef('api_keys.workspace_id', '=', 'workspaces.id')
        .on('api_keys.revoked_at', 'is', null)
        .on((eb) => eb.or([eb('api_keys.expires_at', 'is', null), eb('api_keys.expires_at', '>', now)])),
    )
    .select((eb) => ['workspaces.id', 'workspaces.name', 'workspaces.bootstrap', 'workspaces.created_at', eb.fn.count<number>('api_keys.id').as('active_keys')])
    .groupBy(['workspaces.id', 'workspaces.name', 'workspaces.bootstrap', 'workspaces.created_at'])
    .orderBy('workspaces.created_at')
    .orderBy('workspaces.id')
    .execute();
  return rows.map((row) => ({ ...row, active_keys: Number(row.active_keys) }));
}

export async function findBootstrapWorkspaceId(db: Tx): Promise<string | undefined> {
  return (await db.selectFrom('workspaces').select('id').where('bootstrap', '=', true).executeTakeFirst())?.id;
}

/**
 * Marks the workspace as the bootstrap one when none is marked yet (an install whose
 * BOOTSTRAP_API_KEY was first a key made with the CLI or the API). Answers whether it is the one now.
 */
export async function claimBootstrapMark(db: Tx, workspaceId: string): Promise<boolean> {
  await db
    .updateTable('workspaces')
    .set({ bootstrap: true })
    .where('id', '=', workspaceId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('workspaces as marked').select('marked.id').where('marked.bootstrap', '=', true))))
    .execute()
    .catch((error: unknown) => {
      // Another process marked one between our check and our write (the unique index refused ours).
      if ((error as { code?: string }).code !== '23505') throw error;
    });
  return (await findBootstrapWorkspaceId(db)) === workspaceId;
}
