/**
 * The V8 flags a Channelkeeper process runs with (docs/operations.md#memory). A sweep makes garbage
 * fast (rows, tokens, provider answers) and keeps little: with V8's defaults, sized from the machine's
 * memory, the heap grows toward a limit of gigabytes before a full collection, and a worker sweeping a
 * million channels holds hundreds of megabytes of garbage. `--max-old-space-size` caps the old
 * generation so it is collected instead; `--max-semi-space-size` keeps the young generation's
 * semi-spaces at 16 MiB, which V8 would otherwise shrink with the lower limit (many more scavenges).
 *
 * They only take effect when node starts, so the command's own first line sets them
 * (bin/channelkeeper.js, which the Dockerfile runs; `npm start` gives them on node's command line); this list is what the benchmarks
 * start their workers with, and a test keeps the two equal.
 */

export const HEAP_FLAGS = ['--max-old-space-size=192', '--max-semi-space-size=16'] as const;
