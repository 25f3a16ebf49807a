/**
 * The embeddable connect flow through app.inject(): a connect session names the origins its last page
 * may post the result to, and the pages at the end of the flow carry the script that posts it, only then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/platform/crypto/hash.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const creator = (id: string) => ({ id, email: `${id}@example.com`, name: `Creator ${id}` });
const PLATFORM = 'https://platform.example';

async function storedOrigins(url: string): Promise<string[] | null> {
  const token = new URL(url).pathname.split('/').pop() as string;
  const row = await t.system.deps.db.selectFrom('connect_sessions').select('allowed_origins').where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow();
  return row.allowed_origins;
}

describe('a connect session’s allowed origins', () => {
  it('are stored with the session as the browser writes them', async () => {
    const res = await t.api('POST', '/v1/connect-sessions', {
      creator: creator('o1'),
      provider: 'instagram',
      allowedOrigins: ['https://Platform.example:443', 'http://localhost:5173'],
    });
    expect(res.statusCode).toBe(201);
    expect(await storedOrigins(res.json().url)).toEqual(['https://platform.example', 'http://localhost:5173']);
  });

  it('are optional: without them the session stores none', async () => {
    const res = await t.api('POST', '/v1/connect-sessions', { creator: creator('o2'), provider: 'instagram' });
    expect(res.statusCode).toBe(201);
    expect(await storedOrigins(res.json().url)).toBeNull();
  });

  it.each([
    ['an origin with a path', ['https://platform.example/after']],
    ['a wildcard', ['https://*.platform.example']],
    ['"*"', ['*']],
    ['a non-string', [42]],
    ['a string instead of a list', 'https://platform.example'],
    ['eleven origins', Array.from({ length: 11 }, (_, i) => `https://p${i}.example`)],
  ])('refuse %s with invalid_request, storing nothing', async (_name, allowedOrigins) => {
    const before = await t.system.deps.db
      .selectFrom('connect_sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await t.api('POST', '/v1/connect-sessions', { creator: creator('o3'), provider: 'instagram', allowedOrigins });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.message).toContain('allowedOrigins');
    const after = await t.system.deps.db
      .selectFrom('connect_sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
