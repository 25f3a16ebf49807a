/**
 * A connect link completes once, even when the creator opened it twice and both OAuth callbacks
 * arrive at the same moment: completing the link is a conditional update in the same transaction
 * as storing the connection, so the second callback stores nothing and answers "link already used".
 * Runs on PostgreSQL too (DATABASE_URL), where the two callbacks really do run side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** Consents on the sandbox for one opening of the link and gives back the callback's path, not yet followed. */
async function consentedCallback(authorizeUrl: string, account: string): Promise<string> {
  const authorize = new URL(authorizeUrl);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('account', account);
  for (const scope of (authorize.searchParams.get('scope') ?? '').split(/[\s,]+/).filter(Boolean)) form.append('granted', scope);
  const decision = await t.sandbox.app.inject({
    method: 'POST',
    url: authorize.pathname,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  const back = new URL(decision.headers.location as string);
  return `${back.pathname}${back.search}`;
}

describe('a connect link opened twice', () => {
  it('completes once when both callbacks arrive at once: one connection, one connected event and webhook, the other gets the used-link page', async () => {
    expect((await t.api('PUT', '/v1/webhook', { url: 'https://hooks.platform.example/channelkeeper' })).statusCode).toBe(201);
    t.sandbox.world.instagram.createAccount({ username: 'race.first', accountType: 'BUSINESS' });
    t.sandbox.world.instagram.createAccount({ username: 'race.second', accountType: 'BUSINESS' });
    const session = await t.api('POST', '/v1/connect-sessions', { creator: { id: 'racer', email: 'racer@example.com' }, provider: 'instagram' });
    const link = new URL(session.json().url).pathname;
    const [first, second] = await Promise.all([t.system.app.inject({ method: 'GET', url: link }), t.system.app.inject({ method: 'GET', url: link })]);
    expect([first.statusCode, second.statusCode]).toEqual([302, 302]);
    const callbacks = [await consentedCallback(first.headers.location as string, 'race.first'), await consentedCallback(second.headers.location as string, 'race.second')];

    const answers = await Promise.all(callbacks.map((url) => t.system.app.inject({ method: 'GET', url })));

    const db = t.system.deps.db;
    const connections = await db.selectFrom('connections').select(['id', 'username']).where('creator_id', '=', 'racer').execute();
    expect(connections).toHaveLength(1);
    const events = await db
      .selectFrom('connection_events')
      .select('type')
      .where(
        'connection_id',
        'in',
        connections.map((c) => c.id),
      )
      .where('type', '=', 'connected')
      .execute();
    expect(events).toHaveLength(1);
    const hooks = await db.selectFrom('webhook_deliveries').select('id').where('type', '=', 'connection.connected').where('connection_id', '=', connections[0]!.id).execute();
    expect(hooks).toHaveLength(1);
    const refused = answers.filter((answer) => answer.body.includes('This connect link was already used'));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.statusCode).toBe(410);
    expect(answers.filter((answer) => answer.statusCode === 200 || answer.statusCode === 302)).toHaveLength(1);
  });
});
