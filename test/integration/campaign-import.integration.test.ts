/**
 * A campaign moved from another system keeps its real start (`POST /v1/campaigns` `startedAt`): the
 * automatic insights refresh counts its 90 days from it, not from the day it was imported. A start in
 * the future, or after the due date, is a clear 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDueInsights } from '../../src/insights/insights-plan.ts';
import { runInsightTasks } from '../../src/insights/insights-worker.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectInstagram, join, publish, syncNow } from '../support/insights-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-06-01T09:00:00Z' });
});
afterAll(() => t.close());

const body = (over: Record<string, unknown>) => ({
  brand: { id: 'acme', name: 'Acme' },
  name: 'Imported',
  hashtag: '#AcmeImported',
  state: 'live',
  networks: ['instagram'],
  ...over,
});

describe('importing a campaign', () => {
  it('a start in the future, or after the due date, is refused with a sentence naming the field', async () => {
    const future = await t.api('POST', '/v1/campaigns', body({ startedAt: '2026-06-02T09:00:00Z' }));
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'invalid_request', details: { field: 'startedAt' } });
    expect(future.json().error.message).toBe(
      'Invalid request: startedAt: 2026-06-02T09:00:00.000Z is in the future; give the day the campaign really started, or leave it out for now.',
    );
    const afterDue = await t.api('POST', '/v1/campaigns', body({ startedAt: '2026-05-20', dueDate: '2026-05-10' }));
    expect(afterDue.statusCode).toBe(400);
    expect(afterDue.json().error.message).toBe('Invalid request: startedAt: the campaign cannot start after its due date.');
    const garbage = await t.api('POST', '/v1/campaigns', body({ startedAt: 'last spring' }));
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error.code).toBe('invalid_request');
  });

  it('a campaign without startedAt starts when it is created', async () => {
    const created = (await t.api('POST', '/v1/campaigns', body({ hashtag: '#AcmeFresh', state: 'draft' }))).json();
    expect(created.startedAt).toBe(created.createdAt);
    expect(created.startedAt).toBe('2026-06-01T09:00:00.000Z');
  });

  it('an imported campaign’s window: its posts are refreshed automatically until 90 days after its real start, not after the import', async () => {
    const channel = await connectInstagram(t, 'ivy');
    const start = new Date(t.clock.now().getTime() - 80 * DAY);
    const imported = await t.api('POST', '/v1/campaigns', body({ startedAt: start.toISOString() }));
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ startedAt: start.toISOString(), createdAt: '2026-06-01T09:00:00.000Z' });
    const campaignId = imported.json().id as string;
    expect((await t.api('GET', `/v1/campaigns/${campaignId}`)).json().startedAt).toBe(start.toISOString());
    await join(t, campaignId, 'ivy', start);
    publish(t, channel, 'Still going #AcmeImported');
    await syncNow(t, channel);
    await runInsightTasks(t.system.deps);

    // Day 90 after the start (10 days after the import): still refreshed every day.
    t.clock.advance(10 * DAY);
    expect((await countDueInsights(t.system.deps)).due).toBe(1);
    // Day 91 after the start: the window is over, although the campaign was imported only 11 days ago.
    t.clock.advance(DAY);
    expect((await countDueInsights(t.system.deps)).due).toBe(0);
  });
});
