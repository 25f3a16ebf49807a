/** Row type of the key canaries (ops/key-canary.ts), as Kysely sees it. */
import type { Timestamp } from '../platform/db/column-types.ts';

export interface KeyCanariesTable {
  /** The key that sealed `sealed`: one row per key that may hold data. */
  key_id: string;
  sealed: string;
  written_at: Timestamp;
}
