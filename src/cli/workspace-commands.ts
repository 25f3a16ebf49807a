/**
 * channelkeeper workspaces create --name X | workspaces list | workspaces branding --workspace ID [options] (branding-command.ts)
 * channelkeeper api-keys create --workspace ID [--name X] [--expires-in-days N | --expires-at ISO]
 *                        | list --workspace ID | revoke --workspace ID KEY_ID
 *
 * The operator's tools for tenants and their keys, straight on the database (no service needs to run).
 * A new key's secret is printed once, on a line of its own, and never again.
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../kernel/clock.ts';
import type { Failure } from '../kernel/errors.ts';
import type { Config } from '../platform/config.ts';
import { migrate, openStorage } from '../platform/db/db.ts';
import { getWorkspace } from '../platform/workspaces.repo.ts';
import { type ApiKeyView, createApiKey, createWorkspace, listApiKeys, listWorkspaces, revokeApiKey } from '../workspaces/index.ts';
import { type BrandingValues, brandingCommand, brandingOptions, brandingUsage } from './branding-command.ts';

export const workspaceUsage = `  workspaces create --name NAME
                                create a workspace (a tenant with its own keys and data)
  workspaces list               every workspace, with its active keys
${brandingUsage}  api-keys create --workspace ID [--name NAME] [--expires-in-days N | --expires-at ISO]
                                create an API key; its secret is printed once
  api-keys list --workspace ID  the workspace's keys (never a secret)
  api-keys revoke --workspace ID KEY_ID
                                revoke a key, at once in every process
`;

type Out = { write(text: string): unknown };
type Deps = Parameters<typeof listWorkspaces>[0];

export function isWorkspaceCommand(command: string | undefined): boolean {
  return command === 'workspaces' || command === 'api-keys';
}

export async function runWorkspaceCommand(argv: string[], config: Config, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      workspace: { type: 'string' },
      'expires-in-days': { type: 'string' },
      'expires-at': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...brandingOptions,
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help) {
    out.write(workspaceUsage);
    return 0;
  }
  if (!isComplete(command, sub, values, rest)) {
    err.write(`Usage:\n${workspaceUsage}`);
    return 2;
  }
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(storage.db);
    const deps = { db: storage.db, clock: systemClock };
    const failure =
      command === 'api-keys'
        ? await apiKeyCommand(sub, values as Values & { workspace: string }, rest, deps, out)
        : sub === 'branding'
          ? await brandingCommand(values as BrandingValues, { ...deps, settings: { publicUrl: config.publicUrl, productName: config.productName } }, out)
          : await workspaceCommand(sub, values, deps, out);
    if (!failure) return 0;
    err.write(`channelkeeper: ${failure.message ?? failure.code}\n`);
    return failure.code === 'invalid_request' ? 2 : 1;
  } finally {
    await storage.close();
  }
}

/** Whether the command names what it needs, checked before the database is opened. */
function isComplete(command: string | undefined, sub: string | undefined, values: Values, rest: string[]): boolean {
  if (command === 'workspaces' && sub === 'branding') return Boolean(values.workspace) && rest.length === 0;
  if (command === 'workspaces') return (sub === 'create' && Boolean(values.name?.trim())) || (sub === 'list' && rest.length === 0);
  if (!values.workspace) return false;
  return sub === 'create' || sub === 'list' ? rest.length === 0 : sub === 'revoke' && rest.length === 1;
}

type Values = { name?: string; workspace?: string; 'expires-in-days'?: string; 'expires-at'?: string };

/** Each command answers the failure it ends with, or undefined. */
async function workspaceCommand(sub: string | undefined, values: Values, deps: Deps, out: Out): Promise<Failure | undefined> {
  if (sub === 'create') {
    const workspace = await createWorkspace(deps, values.name!.trim());
    out.write(`Created workspace ${workspace.id} "${workspace.name}". Give it a key: channelkeeper api-keys create --workspace ${workspace.id}\n`);
    return undefined;
  }
  const workspaces = await listWorkspaces(deps);
  out.write(
    table(
      ['ID', 'NAME', 'ACTIVE KEYS', 'CREATED', ''],
      workspaces.map((w) => [w.id, w.name, String(w.activeKeys), w.createdAt, w.bootstrap ? 'bootstrap (BOOTSTRAP_API_KEY)' : '']),
    ),
  );
  return undefined;
}

async function apiKeyCommand(sub: string | undefined, values: Values & { workspace: string }, rest: string[], deps: Deps, out: Out): Promise<Failure | undefined> {
  const workspaceId = values.workspace;
  if (sub === 'create') {
    const days = values['expires-in-days'];
    const created = await createApiKey(deps, workspaceId, {
      name: values.name?.trim() || undefined,
      expiresInDays: days === undefined ? undefined : /^\d+$/.test(days) ? Number(days) : Number.NaN,
      expiresAt: values['expires-at'],
    });
    if (!created.ok) return cliFailure(created.error);
    const key = created.value;
    out.write(
      `Created API key ${key.id}${key.name ? ` "${key.name}"` : ''} in workspace ${workspaceId}; ${key.expiresAt ? `it expires at ${key.expiresAt}` : 'it never expires'}.\n` +
        `Its secret, shown this once (only its hash is stored):\n\n${key.secret}\n\n`,
    );
    return undefined;
  }
  if (sub === 'list') {
    const keys: ApiKeyView[] = [];
    for (let cursor: string | undefined, more = true; more; ) {
      const page = await listApiKeys(deps, workspaceId, { limit: 200, cursor });
      if (!page.ok) return page.error;
      keys.push(...page.value.data);
      cursor = page.value.nextCursor ?? undefined;
      more = cursor !== undefined;
    }
    if (keys.length === 0 && !(await getWorkspace(deps.db, workspaceId))) return { code: 'not_found', message: `There is no workspace ${workspaceId}.` };
    if (keys.length === 0) out.write(`Workspace ${workspaceId} has no API keys.\n`);
    else out.write(table(['ID', 'NAME', 'HINT', 'STATUS', 'CREATED', 'LAST USED', 'EXPIRES'], keys.map(keyLine)));
    return undefined;
  }
  const revoked = await revokeApiKey(deps, workspaceId, rest[0]!);
  if (!revoked.ok) return revoked.error;
  out.write(`Revoked API key ${revoked.value.id} (${revoked.value.hint}) at ${revoked.value.revokedAt}: every process refuses it from now on.\n`);
  return undefined;
}

/** The API's field names, turned into the options a person typed. */
function cliFailure(failure: Failure): Failure {
  const message = failure.message?.replace(/\bexpiresInDays\b/g, '--expires-in-days').replace(/\bexpiresAt\b/g, '--expires-at');
  return { ...failure, message };
}

function keyLine(key: ApiKeyView): string[] {
  return [key.id, key.name ?? '', key.hint, key.status, key.createdAt, key.lastUsedAt ?? 'never', key.expiresAt ?? 'never'];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  return `${[header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
