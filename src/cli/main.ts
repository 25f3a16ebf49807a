/**
 * channelkeeper start | migrate | refresh [--now <ISO>] [--dry-run] | insights [--now <ISO>] [--dry-run] | keys rotate | keys check | openapi [--out FILE]
 *   | workspaces … | api-keys … (workspace-commands.ts)
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { KeyRingError } from '../platform/crypto/key-ring.ts';
import { DataDirInUseError } from '../platform/db/data-dir-lock.ts';
import { runCheckKeys, runInsightsPlan, runMigrate, runRefresh, runRotateKeys, runStart } from './commands.ts';
import { isWorkspaceCommand, runWorkspaceCommand, workspaceUsage } from './workspace-commands.ts';

const usage = `Usage: channelkeeper <command>

  start                         API, workers, web pages (and the provider sandbox in demo mode)
  migrate                       apply database migrations and exit
  refresh [--now ISO] [--dry-run]
                                run one refresh sweep as of that time (dry run: list, change nothing)
  insights [--now ISO] [--dry-run]
                                queue the automatic insights readings due at that time (dry run: count, change nothing)
  keys rotate                   re-seal every secret under the active key (the first of ENCRYPTION_KEYS)
  keys check                    say whether ENCRYPTION_KEYS opens what the database holds (exit 0) or not (exit 1)
  openapi [--out FILE]          print (or write) the API's OpenAPI 3.1 document; needs no database
${workspaceUsage}`;

async function main(argv: string[]): Promise<number> {
  // These take options of their own.
  if (isWorkspaceCommand(argv[0])) return runWorkspaceCommand(argv, loadConfig());
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { now: { type: 'string' }, out: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    process.stdout.write(usage);
    return command || values.help ? 0 : 2;
  }
  if (command === 'openapi') {
    const { openApiDocument, writeOpenApi } = await import('./openapi.ts');
    if (values.out) await writeOpenApi(values.out);
    else process.stdout.write(`${JSON.stringify(await openApiDocument(), null, 2)}\n`);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      return runStart(config);
    case 'migrate':
      return runMigrate(config);
    case 'refresh':
      return runRefresh(config, { now: values.now, dryRun: values['dry-run'] ?? false });
    case 'insights':
      return runInsightsPlan(config, { now: values.now, dryRun: values['dry-run'] ?? false });
    case 'keys':
      if (sub === 'rotate') return runRotateKeys(config);
      if (sub === 'check') return runCheckKeys(config);
      break;
  }
  process.stderr.write(`Unknown command: ${positionals.join(' ')}\n\n${usage}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exit(code);
  },
  (error: unknown) => {
    const known =
      error instanceof ConfigError ||
      error instanceof KeyRingError ||
      error instanceof DataDirInUseError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`channelkeeper: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!known && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exit(known ? 2 : 1);
  },
);
