/**
 * The V8 flags a Channelkeeper process runs with (docs/operations.md#memory). A sweep makes garbage
 * fast (rows, tokens, provider answers) and keeps little: with V8's defaults, sized from the machine's
 * memory, the heap grows toward a limit of gigabytes before a full collection, and a worker sweeping a
 * million channels holds hundreds of megabytes of garbage. `--max-old-space-size` caps the old
 * generation so it is collected instead; `--max-semi-space-size` keeps the young generation's
 * semi-spaces at 16 MiB, which V8 would otherwise shrink with the lower limit (many more scavenges).
 * `channelkeeper start` (bin/channelkeeper.js) runs itself again with these unless the operator gave
 * a heap limit of their own (in NODE_OPTIONS or on node's command line).
 */

export const HEAP_FLAGS = ['--max-old-space-size=192', '--max-semi-space-size=16'] as const;

/** The commands that run sweeps: started with the flags. */
export const COMMANDS_WITH_HEAP_FLAGS = ['start', 'refresh', 'insights'] as const;

/** True when the process already has a heap limit chosen by whoever started it. */
export function heapLimitGiven(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(arg));
}
