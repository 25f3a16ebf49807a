/**
 * Key canaries: a known value sealed under each key that may have sealed data since the last completed
 * rotation. Opening them proves ENCRYPTION_KEYS holds those keys with their right values, so a process
 * started with the wrong ring refuses to start (naming the key it lacks) instead of answering every
 * hand-out with an error and logging every verification as "inconclusive".
 *
 * A key's canary is written the first time a process seals with it (it is first in the ring), and
 * the canaries of other keys are dropped once `keys rotate` has left nothing sealed under them. On a
 * database that predates the canaries, the keys its secrets name are taken as the keys in use.
 */
import { sql } from 'kysely';
import type { KeyRing } from '../platform/crypto/key-ring.ts';
import { KeyRingError } from '../platform/crypto/key-ring.ts';
import type { Tx } from '../platform/db/db.ts';
import type { Deps } from '../platform/deps.ts';

const CANARY_TEXT = 'channelkeeper key canary';
const CANARY_CONTEXT = 'key-canary';

/** Thrown at start when the ring cannot open what the database holds; the CLI prints its message alone. */
export class KeysCannotOpenDataError extends KeyRingError {}

export interface KeyCheck {
  ok: boolean;
  /** The keys data may be sealed with: the canaries' keys (or, before any canary, the keys the secrets name). */
  inUse: string[];
  /** In use, but not in the ring. */
  missing: string[];
  /** In the ring under the same id, but not the key that sealed the canary. */
  changed: string[];
  /** One sentence for the operator. */
  message: string;
}

/** Opens every canary with the ring, changing nothing (`keys check`, `/readyz`). `ring` undefined: no key ring at all. */
export async function checkKeys(db: Tx, ring: KeyRing | undefined): Promise<KeyCheck> {
  const canaries = (await tableExists(db, 'key_canaries')) ? await db.selectFrom('key_canaries').select(['key_id', 'sealed']).execute() : [];
  const inUse = canaries.length > 0 ? canaries.map((canary) => canary.key_id).sort() : await keyIdsNamedBySecrets(db);
  const held = new Set(ring?.keyIds ?? []);
  const missing = inUse.filter((keyId) => !held.has(keyId));
  const changed = canaries.filter((canary) => held.has(canary.key_id) && !opens(ring, canary.sealed)).map((canary) => canary.key_id);
  return { ok: missing.length === 0 && changed.length === 0, inUse, missing, changed, message: describe(ring, inUse, missing, changed) };
}

/**
 * At start, before anything is sealed: refuses a ring that cannot open the data, then writes the
 * canary of the key this process seals with (and, on a database without any, of each key in use).
 */
export async function ensureKeyCanaries(deps: Pick<Deps, 'db' | 'keyRing' | 'clock'>): Promise<KeyCheck> {
  const check = await checkKeys(deps.db, deps.keyRing);
  if (!check.ok) throw new KeysCannotOpenDataError(check.message);
  await writeCanaries(deps, [...new Set([...check.inUse, deps.keyRing.activeKeyId])]);
  return check;
}

/**
 * After `keys rotate`: once nothing is sealed under another key, only the active key's canary stays,
 * so retiring the old key passes the check. While something is (a row skipped because it was busy),
 * the old canaries stay and the check keeps asking for the old key.
 */
export async function rewriteKeyCanariesAfterRotation(deps: Pick<Deps, 'db' | 'keyRing' | 'clock'>, secretsLeftUnderOtherKeys: number): Promise<void> {
  await writeCanaries(deps, [deps.keyRing.activeKeyId]);
  if (secretsLeftUnderOtherKeys === 0) await deps.db.deleteFrom('key_canaries').where('key_id', '<>', deps.keyRing.activeKeyId).execute();
}

async function writeCanaries(deps: Pick<Deps, 'db' | 'keyRing' | 'clock'>, keyIds: readonly string[]): Promise<void> {
  const rows = keyIds
    .filter((keyId) => deps.keyRing.keyIds.includes(keyId))
    .map((keyId) => ({ key_id: keyId, sealed: deps.keyRing.seal(CANARY_TEXT, CANARY_CONTEXT, keyId), written_at: deps.clock.now() }));
  if (rows.length === 0) return;
  // Several processes may start at once: the first canary of a key stands.
  await deps.db
    .insertInto('key_canaries')
    .values(rows)
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
}

function opens(ring: KeyRing | undefined, sealed: string): boolean {
  try {
    return ring?.open(sealed, CANARY_CONTEXT) === CANARY_TEXT;
  } catch {
    return false;
  }
}

function describe(ring: KeyRing | undefined, inUse: string[], missing: string[], changed: string[]): string {
  const holds = ring ? `ENCRYPTION_KEYS holds ${list(ring.keyIds)}` : 'ENCRYPTION_KEYS is not set';
  const ringHolds = ring ? `the ring holds ${list(ring.keyIds)}` : 'no key ring';
  if (missing.length > 0) {
    const them = missing.length === 1 ? 'it' : 'them';
    return `ENCRYPTION_KEYS cannot open data sealed with ${keyWord(missing)} ${list(missing)}; add ${them} back to ENCRYPTION_KEYS (after the first key, which seals) and start again (${holds}).`;
  }
  if (changed.length > 0) {
    return `ENCRYPTION_KEYS holds ${changed.length === 1 ? 'a key' : 'keys'} named ${list(changed)}, but not the key that sealed this database's data under that name; put the original value back (${holds}).`;
  }
  if (inUse.length === 0) return `Nothing is sealed in this database yet; ${holds}.`;
  return `ENCRYPTION_KEYS opens everything sealed in this database (sealed with ${list(inUse)}; ${ringHolds}).`;
}

const list = (keyIds: readonly string[]) => keyIds.join(', ');
const keyWord = (keyIds: readonly string[]) => (keyIds.length === 1 ? 'key' : 'keys');

/**
 * The keys the stored secrets name, for a database written before the canaries: the tables `keys
 * rotate` re-seals (Partnership Ads tokens carry their key only inside the sealed value).
 */
async function keyIdsNamedBySecrets(db: Tx): Promise<string[]> {
  const sources = [
    ['connection_tokens', sql`select key_id from connection_tokens`],
    ['provider_grants', sql`select key_id from provider_grants`],
    ['webhook_endpoints', sql`select key_id from webhook_endpoints`],
    ['partnership_ad_tokens', sql`select split_part(access_token_sealed, '.', 2) as key_id from partnership_ad_tokens`],
  ] as const;
  const present = [];
  for (const [table, query] of sources) if (await tableExists(db, table)) present.push(query);
  if (present.length === 0) return [];
  const { rows } = await sql<{ key_id: string }>`${sql.join(present, sql` union `)}`.execute(db);
  return rows.map((row) => row.key_id).sort();
}

/** `keys check` may run on a database this version has not migrated yet. */
async function tableExists(db: Tx, table: string): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass(${table}) is not null as present`.execute(db);
  return rows[0]?.present === true;
}
