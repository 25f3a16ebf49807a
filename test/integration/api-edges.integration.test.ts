/**
 * The edges of the API every route shares: each answer names its request, errors the framework or
 * Node's HTTP parser raises answer in the documented shape with a catalogued code, and inputs a fuzz
 * pass once turned into 500s are refused as 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const auth = { authorization: `Bearer ${API_KEY}` };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('an answer carries the X-Request-Id the caller sent when it is sane', async () => {
    const res = await t.system.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'platform-1:call.7_A' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('platform-1:call.7_A');
  });

  it('an X-Request-Id that is too long or holds other characters is replaced by a generated one', async () => {
    for (const given of ['a'.repeat(129), 'two words', 'id;drop', '<script>', 'café', '']) {
      const res = await t.system.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': given } });
      expect(res.headers['x-request-id'], given).toMatch(UUID);
    }
    expect((await t.system.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a'.repeat(128) } })).headers['x-request-id']).toBe('a'.repeat(128));
  });

  it('an answer to a request without one gets a generated id, a new one each time', async () => {
    const [a, b] = await Promise.all([t.system.app.inject({ method: 'GET', url: '/healthz' }), t.system.app.inject({ method: 'GET', url: '/healthz' })]);
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('every error body names its request in error.requestId, the same id as the header', async () => {
    const answers = [
      await t.api('GET', '/v1/connections/con_nothere'),
      await t.api('GET', '/v1/connections', undefined, null),
      await t.api('GET', '/v1/no-such-route'),
      await t.api('POST', '/v1/campaigns', { name: '' }),
    ];
    expect(answers.map((res) => res.statusCode)).toEqual([404, 401, 404, 400]);
    for (const res of answers) {
      expect(Object.keys(res.json().error)).toEqual(expect.arrayContaining(['code', 'message', 'requestId']));
      expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
    }
    const given = await t.system.app.inject({ method: 'GET', url: '/v1/connections/con_nothere', headers: { ...auth, 'x-request-id': 'trace-42' } });
    expect(given.json()).toEqual({ error: { code: 'not_found', message: expect.any(String), requestId: 'trace-42' } });
  });

  it("the request's log lines carry its id as reqId", async () => {
    await t.system.app.inject({ method: 'GET', url: '/v1/connections/con_logged', headers: { ...auth, 'x-request-id': 'log-line-id-1' } });
    const lines = t.logs.filter((line) => line.includes('"reqId":"log-line-id-1"'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.some((line) => line.includes('request completed'))).toBe(true);
  });
});
