/** Row type of the Idempotency-Key records (platform/http/idempotency.ts), as Kysely sees it. */
import type { NullableTimestamp, Timestamp } from './db/column-types.ts';

export interface IdempotencyKeysTable {
  /** SHA-256 of the API key the request carried: a key's answers are only ever replayed to that API key. */
  scope: string;
  key: string;
  /** SHA-256 of the method, URL and body: the same key with another request is refused. */
  fingerprint: string;
  /** Which request holds the claim: only it may complete or release it. */
  claim_token: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  /** The answer (status, headers, body) sealed with the key ring: some answers are links that act as credentials. */
  response_sealed: string | null;
  /** Until when an in-flight claim is its request's; a claim whose request died can be taken over after it. */
  locked_until: NullableTimestamp;
  created_at: Timestamp;
  expires_at: Timestamp;
}
