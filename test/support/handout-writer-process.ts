/**
 * A second process that keeps changing connections, for the hand-out freshness test:
 * `node test/support/handout-writer-process.ts`, with the service's environment (DATABASE_URL,
 * ENCRYPTION_KEYS) plus CK_TEST_NOW (its clock, frozen there), CK_CONNECTIONS (comma-separated ids),
 * CK_TOKENS (what each hands out at the start), CK_STEPS and CK_PAUSE_MS. Each step is one committed change made by the code that makes it in
 * production: a refresh (storeRefreshedToken, as the sweep stores one), a key rotation (rotateKeys, with
 * the ring's two keys in turn), a disconnect (markDisconnected), a data deletion (eraseConnectionData),
 * a reconnection (the `reconnected` transition and new sealed tokens, as store-connection writes them).
 *
 * After each commit it prints one JSON line per connection the change touched: what a hand-out of that
 * connection answers from then on (`token`, or null for reconnect_required) and whether the change
 * notifies (a key rotation of a connection whose tokens were erased touches nothing). It prints
 * `{"done":true}` at the end and exits.
 */
import crypto from 'node:crypto';
import { eraseConnectionData } from '../../src/callbacks/data-deletion.repo.ts';
import { applyTransition, getConnectionById, storeRefreshedToken, writeSealedTokens } from '../../src/connections/connections.repo.ts';
import { markDisconnected } from '../../src/connections/disconnect.ts';
import { DAY, ManualClock } from '../../src/kernel/clock.ts';
import { rotateKeys } from '../../src/ops/rotate-keys.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type KeyRing, parseKeyRing } from '../../src/platform/crypto/key-ring.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSystem } from '../../src/system.ts';

const env = process.env;
const clock = new ManualClock(env.CK_TEST_NOW ?? '2026-04-01T10:00:00Z');
const system = await createSystem(loadConfig(env), { clock, startSandbox: false, logger: createLogger('silent'), poolSize: 2 });
const { deps } = system;
const ids = (env.CK_CONNECTIONS ?? '').split(',').filter(Boolean);
const steps = Number(env.CK_STEPS ?? 60);
const pauseMs = Number(env.CK_PAUSE_MS ?? 10);
// The same two keys in both orders: each rotation re-seals every token under the other one.
const [first, second] = (env.ENCRYPTION_KEYS ?? '').split(',');
const rings: KeyRing[] = [parseKeyRing(`${first},${second}`), parseKeyRing(`${second},${first}`)];
let ring = 0;
const hasTokens = new Map(ids.map((id) => [id, true]));
// What each connection hands out at the start (CK_TOKENS, in the order of CK_CONNECTIONS).
const answers = new Map<string, string | null>(ids.map((id, i) => [id, (env.CK_TOKENS ?? '').split(',')[i] ?? null]));

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const newToken = () => `IGAA${crypto.randomBytes(24).toString('base64url')}`;
const sealed = (keyRing: KeyRing, id: string, token: string) => ({
  keyId: keyRing.activeKeyId,
  accessTokenSealed: keyRing.seal(token, `${id}:access`),
  refreshTokenSealed: null,
});

async function refresh(id: string): Promise<void> {
  const connection = await getConnectionById(deps.db, id);
  if (!connection || connection.status === 'disconnected' || !hasTokens.get(id)) return reconnect(id);
  const token = newToken();
  const now = clock.now();
  const stored = await storeRefreshedToken(deps.db, clock, {
    id,
    expectedVersion: connection.version,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + 60 * DAY),
    grantExpiresAt: null,
    refreshDueAt: new Date(now.getTime() + 50 * DAY),
    stillExpiring: false,
    sealed: sealed(rings[ring]!, id, token),
    detail: {},
  });
  if (!stored) throw new Error(`refresh of ${id} did not apply`);
  answers.set(id, token);
  say({ id, kind: 'refresh', answer: token, notifies: true });
}

async function reconnect(id: string): Promise<void> {
  const token = newToken();
  const now = clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const updated = await applyTransition(trx, clock, {
      id,
      transition: 'reconnected',
      set: { status_reason: null, disconnected_at: null, token_issued_at: now, token_expires_at: new Date(now.getTime() + 60 * DAY) },
    });
    if (!updated) throw new Error(`reconnection of ${id} did not apply`);
    await writeSealedTokens(trx, id, sealed(rings[ring]!, id, token), now);
  });
  hasTokens.set(id, true);
  answers.set(id, token);
  say({ id, kind: 'reconnect', answer: token, notifies: true });
}

async function disconnect(id: string): Promise<void> {
  const connection = await getConnectionById(deps.db, id);
  if (!connection || connection.status === 'disconnected') return reconnect(id);
  if (!(await markDisconnected(deps, connection, { reason: 'revoked' }))) throw new Error(`disconnect of ${id} did not apply`);
  answers.set(id, null);
  say({ id, kind: 'disconnect', answer: null, notifies: true });
}

async function erase(id: string): Promise<void> {
  await deps.db.transaction().execute((trx) => eraseConnectionData(trx, id, clock.now()));
  const touched = hasTokens.get(id) === true;
  hasTokens.set(id, false);
  answers.set(id, null);
  say({ id, kind: 'erase', answer: null, notifies: touched });
}

async function rotate(): Promise<void> {
  ring = 1 - ring;
  await rotateKeys({ ...deps, keyRing: rings[ring]! }, () => {});
  // One transaction re-sealed every connection that has tokens: what each one hands out is unchanged.
  for (const id of ids) if (hasTokens.get(id)) say({ id, kind: 'rotate', answer: answers.get(id) ?? null, notifies: true });
}

const cycle = [refresh, refresh, disconnect, reconnect, refresh, erase, reconnect];
const next = new Map(ids.map((id) => [id, 0]));
try {
  for (let step = 0; step < steps; step++) {
    if (step % 5 === 4) await rotate();
    else {
      const id = ids[step % ids.length]!;
      const at = next.get(id)!;
      next.set(id, at + 1);
      await cycle[at % cycle.length]!(id);
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  say({ done: true });
} finally {
  await system.close();
}
