/**
 * A network that refuses an access token where a refresh may help (Google 401) says nothing yet about
 * the grant: only the refresh can tell. When that refresh fails for a passing reason (a 500), the call
 * on the channel's behalf is a failure to retry, never a disconnection: for a media sync and for the
 * daily verification alike. Found by the soak: a media sync whose access token the network refused, and
 * whose refresh then met a transient error, disconnected a live YouTube channel with reason
 * `invalid_token` and emailed the creator.
 */
import { afterEach, expect, it } from 'vitest';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY, HOUR } from '../../src/kernel/clock.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectedIds } from '../support/daily-jobs.ts';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Our record holds the access token valid for another hour; the network's hour is over (clocks drift, and a network may end a token early). */
async function holdRefusedTokenAsValid(t: TestContext, id: string): Promise<void> {
  await t.system.deps.db
    .updateTable('connections')
    .set({ token_expires_at: new Date(t.clock.now().getTime() + HOUR) })
    .where('id', '=', id)
    .execute();
}

/** A YouTube channel whose access token the network refuses while our record holds it valid, and whose next refresh meets a 500. */
async function refusedTokenAndFailingRefresh(t: TestContext): Promise<string> {
  const res = await t.connect({ creator: { id: 'maya', email: 'maya@example.com' }, provider: 'youtube', account: 'maya.makes', returnUrl: 'https://platform.example/back' });
  const [id] = connectedIds(res.headers.location as string);
  t.clock.advance(2 * HOUR);
  await holdRefusedTokenAsValid(t, id!);
  t.sandbox.world.faults.add({ endpoint: 'google.token.refresh', fault: 'http_500', count: 1 });
  return id!;
}

async function expectStillConnected(t: TestContext, id: string): Promise<void> {
  const connection = await t.system.deps.db.selectFrom('connections').select(['status', 'status_reason']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(connection).toEqual({ status: 'active', status_reason: null });
  expect(await t.system.deps.db.selectFrom('emails').select('kind').execute()).toEqual([]);
}

it('a media sync whose refused token cannot be refreshed just now keeps the channel connected and tries again', async () => {
  t = await createTestContext({ now: '2026-04-01T09:00:00Z' });
  const id = await refusedTokenAndFailingRefresh(t);
  expect(await runMediaSyncs(t.system.deps)).toMatchObject({ claimed: 1, done: 0, retrying: 1 });
  await expectStillConnected(t, id);
});

it('a verification whose refused token cannot be refreshed just now is inconclusive: the channel stays connected', async () => {
  t = await createTestContext({ now: '2026-04-01T09:00:00Z' });
  const id = await refusedTokenAndFailingRefresh(t);
  // Due for its daily verification, with the network still refusing the token our record holds valid.
  t.clock.advance(DAY);
  await holdRefusedTokenAsValid(t, id);
  expect(await verifyConnections(t.system.deps)).toEqual({ checked: 1, disconnected: 0 });
  await expectStillConnected(t, id);
});
