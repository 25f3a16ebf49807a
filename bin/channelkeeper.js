#!/usr/bin/env node
// The `channelkeeper` command. In a checkout Node 24 runs the TypeScript sources directly (type stripping).
// An installed package has no sources, only the JavaScript `npm pack` built into dist/: Node refuses to strip
// types from files under node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING).
//
// The commands that sweep (`start`, `refresh`, `insights`) need V8 heap flags that only take effect when
// node starts (src/platform/heap-flags.ts): without a heap limit of the operator's, this process runs the
// command again in a child with them, passes it the signals a supervisor sends (so `docker stop` still
// stops the service cleanly) and exits as it does.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const inCheckout = fs.existsSync(new URL('../src/cli/main.ts', import.meta.url));
const source = (file) => new URL(inCheckout ? `../src/${file}.ts` : `../dist/src/${file}.js`, import.meta.url).href;
const { COMMANDS_WITH_HEAP_FLAGS, HEAP_FLAGS, heapLimitGiven } = await import(source('platform/heap-flags'));

if (COMMANDS_WITH_HEAP_FLAGS.includes(process.argv[2]) && !heapLimitGiven(process.execArgv, process.env.NODE_OPTIONS)) {
  // Its own process group: a terminal's Ctrl-C reaches the child once, through this process, not twice.
  const child = spawn(process.execPath, [...HEAP_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', detached: true });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
} else {
  await import(source('cli/main'));
}
