/**
 * Idempotency-Key on the routes that create something: the same key and request within 24 hours
 * answer the first answer again without doing the work again; another request with the key is
 * refused; concurrent requests with one key do the work once; keys never cross API keys; only
 * successes are kept; and the access-token hand-out takes no key.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/kernel/clock.ts';
import { sha256 } from '../../src/platform/crypto/hash.ts';
import { requestFingerprint as fingerprintOf } from '../../src/platform/http/idempotency.ts';
import { claimKey } from '../../src/platform/idempotency.repo.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { idempotentRoutes } from '../../src/routes.ts';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';

const OTHER_API_KEY = 'ck_other_workspace_key_0123456789';
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_API_KEY, 'Other workspace');
});
afterAll(() => t.close());

function post(url: string, body: unknown, options: { key?: string; apiKey?: string } = {}) {
  return t.system.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${options.apiKey ?? API_KEY}`, ...(options.key ? { 'idempotency-key': options.key } : {}) },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

const session = (creatorId: string, provider = 'instagram') => ({ creator: { id: creatorId, email: `${creatorId}@example.com` }, provider });

/** A claim of `key` by a request that has not answered (yet), as another process would hold it. */
async function stageClaim(key: string, fingerprint: string): Promise<void> {
  const now = t.clock.now();
  const claim = await claimKey(t.system.deps.db, t.system.deps.keyRing, {
    scope: sha256(API_KEY),
    key,
    fingerprint,
    claimToken: 'another-process',
    now,
    expiresAt: new Date(now.getTime() + 24 * HOUR),
    lockedUntil: new Date(now.getTime() + MINUTE),
  });
  expect(claim.kind).toBe('claimed');
}

async function sessionsOf(creatorId: string): Promise<number> {
  const rows = await t.system.deps.db.selectFrom('connect_sessions').select('id').where('creator_id', '=', creatorId).execute();
  return rows.length;
}

describe('Idempotency-Key', () => {
  it('two identical POST /v1/connect-sessions without a key give two links', async () => {
    const [a, b] = [await post('/v1/connect-sessions', session('no-key')), await post('/v1/connect-sessions', session('no-key'))];
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().url).not.toBe(b.json().url);
    expect(await sessionsOf('no-key')).toBe(2);
  });

  it('the same key and body answer the first answer again, marked Idempotent-Replayed, without doing the work again', async () => {
    const first = await post('/v1/connect-sessions', session('same-key'), { key: 'key-same-1' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same body with its fields in another order is the same request.
    const again = await post('/v1/connect-sessions', { provider: 'instagram', creator: { email: 'same-key@example.com', id: 'same-key' } }, { key: 'key-same-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(await sessionsOf('same-key')).toBe(1);
  });

  it('the same key with another body, or on another route, answers 422 idempotency_key_reused', async () => {
    expect((await post('/v1/connect-sessions', session('reused'), { key: 'key-reused' })).statusCode).toBe(201);
    const other = await post('/v1/connect-sessions', session('reused', 'tiktok'), { key: 'key-reused' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({ code: 'idempotency_key_reused', requestId: other.headers['x-request-id'] });
    const elsewhere = await post('/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'X', hashtag: '#x' }, { key: 'key-reused' });
    expect(elsewhere.statusCode).toBe(422);
    expect(await sessionsOf('reused')).toBe(1);
  });

  it('concurrent requests with one key do the work once, and every one answers its result or a 409 conflict', async () => {
    // The bodies arrive at one instant, so the requests can overlap (see the campaigns' concurrent renames).
    const bodies = Array.from({ length: 5 }, () => new PassThrough());
    const pending = bodies.map((payload) =>
      t.system.app.inject({
        method: 'POST',
        url: '/v1/connect-sessions',
        headers: { authorization: `Bearer ${API_KEY}`, 'idempotency-key': 'key-concurrent', 'content-type': 'application/json' },
        payload,
      }),
    );
    for (const body of bodies) body.end(JSON.stringify(session('concurrent')));
    const answers = await Promise.all(pending);
    const created = answers.filter((res) => res.statusCode === 201);
    expect(created.length + answers.filter((res) => res.statusCode === 409 && res.json().error.code === 'conflict').length).toBe(5);
    expect(new Set(created.map((res) => res.json().url)).size).toBe(1);
    expect(await sessionsOf('concurrent')).toBe(1);
    const retried = await post('/v1/connect-sessions', session('concurrent'), { key: 'key-concurrent' });
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json().url).toBe(created[0]!.json().url);
  });

  it('of twenty claims of one key at once, exactly one wins; the others find it in flight', async () => {
    const now = t.clock.now();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        claimKey(t.system.deps.db, t.system.deps.keyRing, {
          scope: 'scope-race',
          key: 'key-race',
          fingerprint: 'same request',
          claimToken: `claim-${i}`,
          now,
          expiresAt: new Date(now.getTime() + 24 * HOUR),
          lockedUntil: new Date(now.getTime() + MINUTE),
        }),
      ),
    );
    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === 'in_flight')).toHaveLength(19);
  });

  it('while the first request with a key runs, the same request answers 409 conflict with Retry-After: 1; a dead one is taken over after a minute', async () => {
    const body = session('in-flight');
    await stageClaim('key-in-flight', fingerprintOf('POST', '/v1/connect-sessions', body));
    const waiting = await post('/v1/connect-sessions', body, { key: 'key-in-flight' });
    expect(waiting.statusCode).toBe(409);
    expect(waiting.json().error).toMatchObject({ code: 'conflict', message: expect.stringContaining('still being processed') });
    expect(waiting.headers['retry-after']).toBe('1');
    expect(await sessionsOf('in-flight')).toBe(0);
    // Another request with the key is refused even while the first runs.
    expect((await post('/v1/connect-sessions', session('in-flight', 'tiktok'), { key: 'key-in-flight' })).statusCode).toBe(422);
    // The process that claimed it died: after its minute, the same request does the work.
    t.clock.advance(MINUTE);
    const taken = await post('/v1/connect-sessions', body, { key: 'key-in-flight' });
    expect(taken.statusCode).toBe(201);
    expect(await sessionsOf('in-flight')).toBe(1);
  });

  it('keys are scoped per API key: another workspace sending the same key and body gets its own answer', async () => {
    const mine = await post('/v1/connect-sessions', session('scoped'), { key: 'key-scoped' });
    const theirs = await post('/v1/connect-sessions', session('scoped'), { key: 'key-scoped', apiKey: OTHER_API_KEY });
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().url).not.toBe(mine.json().url);
    expect(await sessionsOf('scoped')).toBe(2);
  });

  it('an answer is replayed for 24 hours; after that the same key does the work again', async () => {
    const first = await post('/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Once', hashtag: '#once' }, { key: 'key-day' });
    t.clock.advance(24 * HOUR - 1);
    const within = await post('/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Once', hashtag: '#once' }, { key: 'key-day' });
    expect(within.headers['idempotent-replayed']).toBe('true');
    expect(within.json().id).toBe(first.json().id);
    t.clock.advance(1);
    const after = await post('/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Once', hashtag: '#once' }, { key: 'key-day' });
    expect(after.statusCode).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect(after.json().id).not.toBe(first.json().id);
  });

  it('an answer that is not a success is not kept: the same request can be sent again', async () => {
    const refused = await post('/v1/connect-sessions', session('refused', 'myspace'), { key: 'key-refused' });
    expect(refused.statusCode).toBe(400);
    const again = await post('/v1/connect-sessions', session('refused', 'myspace'), { key: 'key-refused' });
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.system.deps.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'key-refused').execute()).toEqual([]);
  });

  it('the access-token hand-out takes no key: every call hands out a token and nothing is stored', async () => {
    const connected = await t.connect({ creator: { id: 'token-taker' }, returnUrl: 'https://platform.example/back' });
    const id = new URL(connected.headers.location as string).searchParams.get('connection');
    for (let i = 0; i < 2; i++) {
      const res = await post(`/v1/connections/${id}/access-token`, undefined, { key: 'key-token' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
    }
    expect(await t.system.deps.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'key-token').execute()).toEqual([]);
  });

  it('a replayed link keeps Cache-Control: no-store, and the stored answer is sealed, not readable in the database', async () => {
    const first = await post('/v1/dashboard-sessions', undefined, { key: 'key-dashboard' });
    const again = await post('/v1/dashboard-sessions', undefined, { key: 'key-dashboard' });
    expect(first.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['cache-control']).toBe('no-store');
    expect(again.json().url).toBe(first.json().url);
    const row = await t.system.deps.db.selectFrom('idempotency_keys').selectAll().where('key', '=', 'key-dashboard').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'done', response_status: 201 });
    expect(row.response_sealed).not.toContain(new URL(first.json().url).searchParams.get('token'));
    expect(row.scope).not.toContain(API_KEY);
  });

  it('a key that is not 1 to 255 visible ASCII characters is refused as invalid_request', async () => {
    for (const key of ['a'.repeat(256), 'two words']) {
      const res = await post('/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Y', hashtag: '#y' }, { key });
      expect(res.statusCode, key).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('Idempotency-Key') });
    }
  });

  it('every route listed as taking a key exists, so none loses the guarantee by being renamed', () => {
    for (const route of idempotentRoutes) {
      const [method, url] = route.split(' ') as ['POST' | 'PUT', string];
      expect(t.system.app.hasRoute({ method, url }), route).toBe(true);
    }
  });
});
