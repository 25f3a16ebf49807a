/**
 * A sync is committed with the connection, so a crash before any worker ran loses nothing: the next
 * process on the same database runs it, once. And the queue's worker runs a new sync by itself,
 * woken after the OAuth callback's commit.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import type { System } from '../../src/system.ts';
import { startWorkers } from '../../src/workers.ts';
import { API_KEY } from '../support/context.ts';
import { createRestartable, type Restartable } from '../support/restartable.ts';

let world: Restartable;

beforeAll(async () => {
  world = await createRestartable({ now: '2026-04-01T10:00:00Z' });
});
afterAll(() => world.close());

const api = (system: System, method: 'GET' | 'POST', url: string, payload?: object) =>
  system.app.inject({ method, url, headers: { authorization: `Bearer ${API_KEY}` }, ...(payload ? { payload } : {}) });

it('a sync committed with the connection just before a crash is run once by the next process', async () => {
  const first = await world.open();
  const id = await world.connectInstagram(first, 'crash.media', { mediaCount: 7 });
  // The process goes away before any worker ran: nothing was read from the network.
  await first.close();
  expect(world.sandbox.world.calls.count('media')).toBe(0);

  const second = await world.open();
  try {
    expect(await runMediaSyncs(second.deps)).toMatchObject({ claimed: 1, done: 1 });
    expect(await runMediaSyncs(second.deps)).toMatchObject({ claimed: 0 });
    expect(world.sandbox.world.calls.count('media')).toBe(1);
    const media = (await api(second, 'GET', `/v1/connections/${id}/media`)).json();
    expect(media.data).toHaveLength(7);
    expect((await api(second, 'GET', `/v1/connections/${id}`)).json().mediaSync).toMatchObject({ status: 'done', itemsSeen: 7 });
  } finally {
    await second.close();
  }
});

it('the queue worker runs a new sync by itself, woken after the OAuth callback commits', async () => {
  const system = await world.open();
  const workers = await startWorkers(system);
  try {
    const id = await world.connectInstagram(system, 'queued.media', { mediaCount: 7 });
    await vi.waitFor(async () => expect((await api(system, 'GET', `/v1/connections/${id}`)).json().mediaSync).toMatchObject({ status: 'done', itemsSeen: 7 }), {
      timeout: 20_000,
      interval: 200,
    });
  } finally {
    await workers.stop();
    await system.close();
  }
});
