#!/usr/bin/env -S NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=16 ${NODE_OPTIONS}" node
// The `channelkeeper` command. In a checkout Node 24 runs the TypeScript sources directly (type stripping).
// An installed package has no sources, only the JavaScript `npm pack` built into dist/: Node refuses to strip
// types from files under node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING).
//
// The line above gives node the V8 heap flags the sweeps need (src/platform/heap-flags.ts): they only take
// effect when node starts, so they are set where it starts, never by a second process (a parent killed with
// SIGKILL would leave that child running, holding the data directory's lock and the port). env replaces
// itself with node, so the container runs one process (`npm start` gives the flags on node's command line). They go in NODE_OPTIONS ahead of the
// operator's own: V8 takes the last of a flag given twice, and node's command line would beat NODE_OPTIONS,
// so an operator's `--max-old-space-size` in NODE_OPTIONS wins. `node bin/channelkeeper.js` skips this line.
import fs from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
await import(fs.existsSync(sources) ? sources.href : new URL('../dist/src/cli/main.js', import.meta.url).href);
