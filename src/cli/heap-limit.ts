/** What `channelkeeper start` says of its JavaScript heap, so an operator sees which limit took (src/platform/heap-flags.ts). */
import v8 from 'node:v8';

export function heapLimitText(): string {
  const limitMb = Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
  return `${limitMb} MB (how to choose another: docs/operations.md#memory)`;
}
