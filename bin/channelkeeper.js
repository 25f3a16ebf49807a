#!/usr/bin/env node
// The `channelkeeper` command. In a checkout Node 24 runs the TypeScript sources directly (type stripping).
// An installed package has no sources, only the JavaScript `npm pack` built into dist/: Node refuses to strip
// types from files under node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING).
import fs from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
await import(fs.existsSync(sources) ? sources.href : new URL('../dist/src/cli/main.js', import.meta.url).href);
