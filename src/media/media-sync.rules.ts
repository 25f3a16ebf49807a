/** When a media sync (and an insights task, which follows the same rule) is tried again. */
import { MINUTE } from '../kernel/clock.ts';

/** 1, 2, 4, 8 minutes after attempts 1–4 (the every-minute schedule picks a retry up). */
export function retryDelayMs(attempt: number): number {
  return Math.min(2 ** Math.max(0, attempt - 1), 30) * MINUTE;
}
