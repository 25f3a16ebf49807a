/** `/v1/api-keys`: a workspace's own keys, created with the secret shown once, listed without secrets, revoked at once. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DAY, MINUTE, SECOND } from '../../src/kernel/clock.ts';
import { ensureWorkspaceForApiKey, insertApiKey } from '../../src/platform/workspaces.repo.ts';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';

const OTHER_KEY = 'ck_other_workspace_key_0123456789';
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T09:00:00Z' });
  await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_KEY, 'Other workspace');
});
afterAll(() => t.close());

async function createKey(body: Record<string, unknown> = {}, apiKey = API_KEY) {
  const created = await t.api('POST', '/v1/api-keys', body, apiKey);
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { id: string; secret: string; hint: string; name: string | null; status: string; expiresAt: string | null };
}

const lastUsedOf = async (id: string) =>
  (await t.system.deps.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at?.toISOString() ?? null;

describe('several keys', () => {
  it('a workspace holds several keys, each opening the same workspace beside the others', async () => {
    const first = await createKey({ name: 'backend' });
    const second = await createKey({ name: 'reporting job' });
    expect(first.secret).not.toBe(second.secret);
    await t.api('POST', '/v1/connect-sessions', { creator: { id: 'seen-by-all' }, provider: 'instagram' }, first.secret);
    for (const key of [API_KEY, first.secret, second.secret]) {
      const notifications = await t.api('GET', '/v1/creators/seen-by-all/notifications', undefined, key);
      expect(notifications.statusCode).toBe(200);
    }
    const names = (await t.api('GET', '/v1/api-keys')).json().data.map((key: { name: string | null }) => key.name);
    expect(names).toEqual(expect.arrayContaining(['backend', 'reporting job', 'BOOTSTRAP_API_KEY']));
  });

  it('a new key is in our format, its hint is its first characters, and it does not open another workspace’s keys', async () => {
    const key = await createKey();
    expect(key.secret).toMatch(/^ck_live_[A-Za-z0-9_-]{32}$/);
    expect(key.hint).toBe(`${key.secret.slice(0, 12)}…`);
    expect(key).toMatchObject({ name: null, status: 'active', expiresAt: null });
    const theirs = (await t.api('GET', '/v1/api-keys', undefined, OTHER_KEY)).json().data.map((k: { id: string }) => k.id);
    expect(theirs).not.toContain(key.id);
  });
});

describe('secret shown once', () => {
  it('the secret is in the creating answer only, never cached, and only its hash is stored', async () => {
    const created = await t.api('POST', '/v1/api-keys', { name: 'once' });
    expect(created.headers['cache-control']).toBe('no-store');
    const { id, secret } = created.json();
    const listed = await t.api('GET', '/v1/api-keys?limit=200');
    expect(listed.body).not.toContain(secret);
    expect(listed.json().data.find((key: { id: string }) => key.id === id)).not.toHaveProperty('secret');
    const stored = await sql<{ row: string }>`select api_keys::text as row from api_keys where id = ${id}`.execute(t.system.deps.db);
    expect(stored.rows[0]!.row).not.toContain(secret);
    expect(stored.rows[0]!.row).not.toContain(secret.slice(12));
  });

  it('POST /v1/api-keys ignores Idempotency-Key: a retry makes a second key rather than storing the secret for replay', async () => {
    const send = () => t.system.app.inject({ method: 'POST', url: '/v1/api-keys', headers: { authorization: `Bearer ${API_KEY}`, 'idempotency-key': 'retry-1' }, payload: {} });
    const [a, b] = [await send(), await send()];
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(a.json().secret).not.toBe(b.json().secret);
    const kept = await t.system.deps.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'retry-1').execute();
    expect(kept).toEqual([]);
  });
});

describe('list hides secrets', () => {
  it('lists newest first in pages, without secrets, revoked and expired keys included with their status', async () => {
    // Keys made in the same millisecond have no order between them.
    t.clock.advance(SECOND);
    const { id: revokedId } = await createKey({ name: 'to revoke' });
    await t.api('DELETE', `/v1/api-keys/${revokedId}`);
    const revokedAt = t.clock.now().toISOString();
    t.clock.advance(SECOND);
    const newest = await createKey({ name: 'newest' });
    const page = await t.api('GET', '/v1/api-keys?limit=2');
    expect(page.statusCode).toBe(200);
    const { data, nextCursor } = page.json();
    expect(data.map((key: { id: string }) => key.id)).toEqual([newest.id, revokedId]);
    expect(data[1]).toMatchObject({ status: 'revoked', revokedAt });
    for (const key of data) expect(Object.keys(key).sort()).toEqual(['createdAt', 'expiresAt', 'hint', 'id', 'lastUsedAt', 'name', 'revokedAt', 'status']);
    const next = await t.api('GET', `/v1/api-keys?limit=2&cursor=${encodeURIComponent(nextCursor)}`);
    expect(next.json().data.map((key: { id: string }) => key.id)).not.toContain(newest.id);
    expect((await t.api('GET', '/v1/api-keys?cursor=not-a-cursor')).json().error.code).toBe('invalid_request');
  });
});

describe('revoke', () => {
  it('a key may revoke itself: its next request is refused saying it was revoked, and the other keys keep working', async () => {
    const key = await createKey({ name: 'self-revoking' });
    const revoked = await t.api('DELETE', `/v1/api-keys/${key.id}`, undefined, key.secret);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: key.id, status: 'revoked', revokedAt: t.clock.now().toISOString() });
    const refused = await t.api('GET', '/v1/api-keys', undefined, key.secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({
      code: 'unauthorized',
      message: `This API key was revoked at ${t.clock.now().toISOString()}; use another key of the workspace.`,
      details: { reason: 'revoked' },
    });
    expect((await t.api('GET', '/v1/api-keys')).statusCode).toBe(200);
  });

  it('revoking a revoked key answers it unchanged; an unknown id or another workspace’s is 404 not_found', async () => {
    const key = await createKey();
    const first = (await t.api('DELETE', `/v1/api-keys/${key.id}`)).json();
    t.clock.advance(MINUTE);
    const again = await t.api('DELETE', `/v1/api-keys/${key.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json().revokedAt).toBe(first.revokedAt);
    const theirs = await createKey({}, OTHER_KEY);
    for (const id of ['key_does_not_exist', theirs.id]) {
      const missing = await t.api('DELETE', `/v1/api-keys/${id}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toMatchObject({ code: 'not_found', message: 'No API key with this id in this workspace.' });
    }
    expect((await t.api('GET', '/v1/api-keys', undefined, theirs.secret)).statusCode).toBe(200);
  });

  it('a revoked key cannot replay an answer it got with an Idempotency-Key while it was valid', async () => {
    const key = await createKey();
    const send = () =>
      t.system.app.inject({
        method: 'POST',
        url: '/v1/connect-sessions',
        headers: { authorization: `Bearer ${key.secret}`, 'idempotency-key': 'before-revocation' },
        payload: { creator: { id: 'replayer' }, provider: 'instagram' },
      });
    expect((await send()).statusCode).toBe(201);
    await t.api('DELETE', `/v1/api-keys/${key.id}`);
    const replay = await send();
    expect(replay.statusCode).toBe(401);
    expect(replay.body).not.toContain('/connect/');
  });
});

describe('expired key refused', () => {
  it('a key given days to live works until then and is refused after, saying it expired', async () => {
    const key = await createKey({ name: 'one day', expiresInDays: 1 });
    expect(key.expiresAt).toBe(new Date(t.clock.now().getTime() + DAY).toISOString());
    t.clock.advance(DAY - SECOND);
    expect((await t.api('GET', '/v1/api-keys', undefined, key.secret)).statusCode).toBe(200);
    t.clock.advance(SECOND);
    const refused = await t.api('GET', '/v1/api-keys', undefined, key.secret);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({ code: 'unauthorized', details: { reason: 'expired', at: key.expiresAt } });
    expect(refused.json().error.message).toContain(`This API key expired at ${key.expiresAt}`);
    const listed = (await t.api('GET', '/v1/api-keys?limit=200')).json().data.find((k: { id: string }) => k.id === key.id);
    expect(listed.status).toBe('expired');
  });

  it('an expiry in the past, or both kinds at once, is refused naming the field', async () => {
    const past = await t.api('POST', '/v1/api-keys', { expiresAt: '2020-01-01T00:00:00.000Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.message).toBe('Invalid request: expiresAt: must be in the future.');
    const both = await t.api('POST', '/v1/api-keys', { expiresInDays: 3, expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(both.json().error).toMatchObject({ code: 'invalid_request', details: { fields: [{ field: 'expiresAt' }] } });
    expect((await t.api('POST', '/v1/api-keys', { expiresInDays: 0 })).statusCode).toBe(400);
  });
});

describe('last used', () => {
  it('last-used is stamped at most once a minute, from the clock, without the request waiting for it', async () => {
    const key = await createKey({ name: 'stamped' });
    expect(await lastUsedOf(key.id)).toBeNull();
    const firstUse = t.clock.now().toISOString();
    await t.api('GET', '/v1/api-keys', undefined, key.secret);
    await vi.waitFor(async () => expect(await lastUsedOf(key.id)).toBe(firstUse));
    // Within the minute: no new stamp, however many requests.
    for (const step of [10, 20, 29]) {
      t.clock.advance(step * SECOND);
      await t.api('GET', '/v1/api-keys', undefined, key.secret);
    }
    expect(await lastUsedOf(key.id)).toBe(firstUse);
    t.clock.advance(SECOND);
    const minuteLater = t.clock.now().toISOString();
    await Promise.all([1, 2, 3].map(() => t.api('GET', '/v1/api-keys', undefined, key.secret)));
    await vi.waitFor(async () => expect(await lastUsedOf(key.id)).toBe(minuteLater));
    const listed = (await t.api('GET', '/v1/api-keys?limit=200')).json().data.find((k: { id: string }) => k.id === key.id);
    expect(listed.lastUsedAt).toBe(minuteLater);
  });
});

describe('limit', () => {
  it('a workspace holds at most 100 keys that open the API; revoking one makes room', async () => {
    const workspace = await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, 'ck_limit_workspace_key_0123456789', 'Full workspace');
    for (let i = 0; i < 99; i++)
      await insertApiKey(t.system.deps.db, t.clock, { workspaceId: workspace.id, secret: `ck_live_filler${String(i).padStart(24, '0')}`, name: null, expiresAt: null });
    const full = await t.api('POST', '/v1/api-keys', {}, 'ck_limit_workspace_key_0123456789');
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('api_key_limit');
    const [oldest] = (await t.api('GET', '/v1/api-keys?limit=1', undefined, 'ck_limit_workspace_key_0123456789')).json().data;
    await t.api('DELETE', `/v1/api-keys/${oldest.id}`, undefined, 'ck_limit_workspace_key_0123456789');
    expect((await t.api('POST', '/v1/api-keys', {}, 'ck_limit_workspace_key_0123456789')).statusCode).toBe(201);
  });
});
