/**
 * Each benchmark case runs in a child process of its own: a fresh heap, so RSS figures belong to that
 * case alone, and (for HTTP) a load generator that does not share the server's event loop.
 * Children log progress to stderr and hand back one JSON result on a marked stdout line; any other
 * stdout line (a warn-level service log) is passed through to stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARK = '@@bench-result@@ ';
const ARGS_VAR = 'CK_BENCH_CHILD_ARGS';
export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function runChild<T>(script: string, args: unknown, options: { execArgv?: string[] } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), path.join(benchDir, script)], {
      env: { ...process.env, [ARGS_VAR]: JSON.stringify(args) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let result: T | undefined;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith(MARK)) result = JSON.parse(line.slice(MARK.length)) as T;
        else if (line.trim()) process.stderr.write(`  [${script}] ${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`${script} exited with ${signal ?? code}${result === undefined ? ' without a result' : ''}`));
    });
  });
}

export function childArgs<T>(): T {
  const raw = process.env[ARGS_VAR];
  if (!raw) throw new Error(`run through bench/run.ts (${ARGS_VAR} is not set)`);
  return JSON.parse(raw) as T;
}

export function emitResult(result: unknown): void {
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

/** Runs a child's main(), exiting non-zero on failure so the parent reports it. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
