/**
 * Inbound rate limits: each API key may make API_RATE_LIMIT requests a minute to the /v1 routes; past
 * that, 429 rate_limited in the documented shape, with Retry-After and the RateLimit-* headers. Other
 * keys and the pages are not held back, and 0 turns the limit off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

const LIMIT = 3;
const OTHER_API_KEY = 'ck_rate_other_key_0123456789abcdef';

describe('with API_RATE_LIMIT=3', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { API_RATE_LIMIT: String(LIMIT) } });
    await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_API_KEY, 'Other workspace');
  });
  afterAll(() => t.close());

  it('every /v1 answer says the limit and what is left of it; the fourth request in a minute answers 429 rate_limited', async () => {
    const answers = [];
    for (let i = 0; i <= LIMIT; i++) answers.push(await t.api('GET', '/v1/connections'));
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 200, 429]);
    expect(answers.map((res) => res.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    for (const res of answers) {
      expect(res.headers['ratelimit-limit']).toBe(String(LIMIT));
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(res.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
    }
    const refused = answers[LIMIT]!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringMatching(/at most 3 a minute/), requestId: refused.headers['x-request-id'] },
    });
  });

  it('the limit is per API key: another key is not held back by the first one', async () => {
    expect((await t.api('GET', '/v1/connections')).statusCode).toBe(429);
    const other = await t.api('GET', '/v1/connections', undefined, OTHER_API_KEY);
    expect(other.statusCode).toBe(200);
    expect(other.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
  });

  it('routes outside /v1 are not limited', async () => {
    for (let i = 0; i <= LIMIT; i++) {
      const res = await t.system.app.inject({ method: 'GET', url: '/healthz', headers: { authorization: 'Bearer ck_test_key_0123456789abcdef' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('with API_RATE_LIMIT=0', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { API_RATE_LIMIT: '0' } });
  });
  afterAll(() => t.close());

  it('no request is limited and no RateLimit header is sent', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await t.api('GET', '/v1/connections');
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});
