/**
 * A database as the release before several endpoints left it: one endpoint per workspace with a
 * secret of the old form (whsec_ + base64url text), deliveries whose id is their event's id. After
 * the upgrade nothing a receiver relies on changes: the endpoint keeps its secret and the old
 * header, a pending delivery goes out with its old id, and the secret's standard form verifies it.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { parseKeyRing } from '../../src/platform/crypto/key-ring.ts';
import { migrate, openStorage, type Storage } from '../../src/platform/db/db.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { dispatchWebhooks } from '../../src/webhooks/webhook-dispatch.ts';
import { webhookSecretContext } from '../../src/webhooks/webhook-endpoints.ts';
import { verifyWebhookSignature } from '../../src/webhooks/webhook-signature.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { signedWith, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const keyRing = parseKeyRing('k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=');
const clock = new ManualClock('2026-04-01T09:00:00Z');
// What the release before generated: whsec_ + 32 random bytes as base64url, without padding.
const OLD_SECRET = `whsec_${crypto.randomBytes(32).toString('base64url')}`;
let database: TestDatabase;
let storage: Storage;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  database = await createTestDatabase();
  storage = await openStorage({ databaseUrl: database.url, dataDir: 'memory', poolSize: 4 });
  await migrate(storage.db, '017-partnership-ads');
  const now = clock.now();
  await sql`insert into workspaces (id, name, created_at) values ('ws_old', 'Old platform', ${now})`.execute(storage.db);
  await sql`insert into webhook_endpoints (workspace_id, url, key_id, secret_sealed, secret_hint, created_at, updated_at)
    values ('ws_old', ${receiver.url}, 'k1', ${keyRing.seal(OLD_SECRET, webhookSecretContext('ws_old'))}, 'whsec_…old', ${now}, ${now})`.execute(storage.db);
  for (const [id, status] of [
    ['evt_01pending', 'pending'],
    ['evt_01cancelled', 'cancelled'],
  ]) {
    await sql`insert into webhook_deliveries (id, workspace_id, connection_id, type, body, status, attempts, next_attempt_at, created_at)
      values (${id}, 'ws_old', 'con_old', 'connection.refreshed', ${JSON.stringify({ id, type: 'connection.refreshed' })}, ${status}, 0, ${now}, ${now})`.execute(storage.db);
  }
  await migrate(storage.db);
});
afterAll(async () => {
  await storage.close();
  await database.drop();
  await receiver.close();
});

it('an endpoint from before gets an id, keeps its secret, every event type and the old header', async () => {
  const [endpoint] = await storage.db.selectFrom('webhook_endpoints').selectAll().execute();
  expect(endpoint).toMatchObject({ id: expect.stringMatching(/^wep_[0-9a-f]{26}$/), workspace_id: 'ws_old', event_types: null, legacy_signature: true });
  expect(keyRing.open(endpoint!.secret_sealed, webhookSecretContext('ws_old'))).toBe(OLD_SECRET);
  const deliveries = await storage.db.selectFrom('webhook_deliveries').select(['id', 'event_id', 'endpoint_id']).orderBy('id').execute();
  expect(deliveries).toEqual([
    { id: 'evt_01cancelled', event_id: 'evt_01cancelled', endpoint_id: null },
    { id: 'evt_01pending', event_id: 'evt_01pending', endpoint_id: endpoint!.id },
  ]);
});

it('a delivery queued before goes out with its old id, and both the old header and the standard form of the old secret verify it', async () => {
  const deps = {
    db: storage.db,
    clock,
    keyRing,
    logger: createLogger('silent'),
    instanceId: 'upgraded',
    webhooks: { resolve: async () => [], timeoutMs: 5000, requireHttps: false, allowPrivate: true, hostAddresses: () => [] },
  };
  expect(await dispatchWebhooks(deps)).toMatchObject({ delivered: 1 });
  const [hook] = receiver.received;
  expect(hook!.headers['webhook-id']).toBe('evt_01pending');
  expect(signedWith(hook!, `whsec_${Buffer.from(OLD_SECRET).toString('base64')}`)).toBe(true);
  expect(verifyWebhookSignature(OLD_SECRET, hook!.headers['channelkeeper-signature'] as string, hook!.body, Math.floor(clock.now().getTime() / 1000)).ok).toBe(true);
});
