/**
 * Every list route pages the same way: `limit` (50 by default, at most 200; the connection history
 * keeps its documented 100 and 500), `cursor` taken from the previous page's `nextCursor`, and
 * `{data, nextCursor}` with `nextCursor` null on the last page. Walking the pages sees every row once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNotification } from '../../src/notifications/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
let connectionId: string;
let campaignId: string;
let workspaceId: string;

beforeAll(async () => {
  t = await createTestContext();
  const res = await t.connect({ creator: { id: 'pager', email: 'pager@example.com' }, returnUrl: 'https://platform.example/back' });
  connectionId = new URL(res.headers.location as string).searchParams.get('connection')!;
  campaignId = (await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Pages', hashtag: '#pages' })).json().id;
  workspaceId = (await t.system.deps.db.selectFrom('connections').select('workspace_id').where('id', '=', connectionId).executeTakeFirstOrThrow()).workspace_id;
});
afterAll(() => t.close());

const lists = () => [
  { url: '/v1/connections', max: 200 },
  { url: `/v1/connections/${connectionId}/events`, max: 500 },
  { url: `/v1/connections/${connectionId}/media`, max: 200 },
  { url: '/v1/campaigns', max: 200 },
  { url: `/v1/campaigns/${campaignId}/participants`, max: 200 },
  { url: `/v1/campaigns/${campaignId}/posts`, max: 200 },
  { url: `/v1/campaigns/${campaignId}/partnership-ads`, max: 200 },
  { url: '/v1/creators/pager/notifications', max: 200 },
  { url: '/v1/brands/acme/notifications', max: 200 },
];

/** Follows nextCursor to the end; returns every page's ids. */
async function walk(url: string, limit: number, idOf: (item: Record<string, unknown>) => string = (item) => item.id as string): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const res = await t.api('GET', `${url}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    pages.push(res.json().data.map(idOf));
    cursor = res.json().nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('every list route takes limit and cursor and answers nextCursor', () => {
  it('each list answers {data, nextCursor}, and nextCursor is null on the last page', async () => {
    for (const { url } of lists()) {
      const res = await t.api('GET', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      expect(Array.isArray(res.json().data), url).toBe(true);
      expect(res.json(), url).toHaveProperty('nextCursor', null);
    }
  });

  it('each list takes a limit from 1 to its maximum and refuses 0 and more than the maximum', async () => {
    for (const { url, max } of lists()) {
      expect((await t.api('GET', `${url}?limit=1`)).statusCode, url).toBe(200);
      expect((await t.api('GET', `${url}?limit=${max}`)).statusCode, url).toBe(200);
      for (const limit of [0, max + 1, 'x']) {
        const res = await t.api('GET', `${url}?limit=${limit}`);
        expect(res.statusCode, `${url}?limit=${limit}`).toBe(400);
        expect(res.json().error.code).toBe('invalid_request');
      }
    }
  });

  it('each list refuses a cursor it did not give as 400 invalid_request', async () => {
    const forged = Buffer.from('+275760-09-13T00:00:00.000Z|con_1').toString('base64url');
    for (const { url } of lists()) {
      for (const cursor of ['not-a-cursor', forged]) {
        const res = await t.api('GET', `${url}?cursor=${cursor}`);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'invalid_request', message: 'Invalid request: cursor: not a cursor from a previous page.' });
      }
    }
  });
});

describe("GET /v1/connections pages the workspace's connections", () => {
  it('answers 50 by default, oldest first, and walking the pages sees each connection once', async () => {
    // 54 copies of the connection, each its own account, all made at the same instant: the id breaks the ties.
    await sql`
      insert into connections
      select (jsonb_populate_record(c, jsonb_build_object('id', c.id || lpad(n::text, 2, '0'), 'account_id', c.account_id || '-' || n))).*
      from connections c, generate_series(1, 54) n where c.id = ${connectionId}`.execute(t.system.deps.db);
    const first = await t.api('GET', '/v1/connections');
    expect(first.json().data).toHaveLength(50);
    expect(first.json().data[0].id).toBe(connectionId);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const pages = await walk('/v1/connections', 20);
    expect(pages.map((page) => page.length)).toEqual([20, 20, 15]);
    const all = pages.flat();
    expect(new Set(all).size).toBe(55);
    expect(all).toEqual([connectionId, ...Array.from({ length: 54 }, (_, i) => `${connectionId}${String(i + 1).padStart(2, '0')}`)]);
    // Filters page too.
    expect((await walk('/v1/connections?creatorId=pager', 30)).flat()).toEqual(all);
  });
});

describe('the connection history pages newest first', () => {
  it('keeps 100 by default and up to 500, and walks every event once', async () => {
    const now = t.clock.now();
    await t.system.deps.db
      .insertInto('connection_events')
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          id: `evt_page${String(i).padStart(3, '0')}`,
          workspace_id: workspaceId,
          connection_id: connectionId,
          type: 'refreshed',
          from_status: null,
          to_status: 'active',
          reason: null,
          detail: '{}',
          // Three events per instant: the id breaks the ties.
          occurred_at: new Date(now.getTime() + Math.floor(i / 3) * 1000),
        })),
      )
      .execute();
    const first = await t.api('GET', `/v1/connections/${connectionId}/events`);
    expect(first.json().data).toHaveLength(100);
    expect(first.json().data[0].id).toBe('evt_page119');
    const all = (await walk(`/v1/connections/${connectionId}/events`, 7)).flat();
    const seeded = all.filter((id) => id.startsWith('evt_page'));
    expect(seeded).toEqual(Array.from({ length: 120 }, (_, i) => `evt_page${String(119 - i).padStart(3, '0')}`));
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('notifications page newest first', () => {
  it('answers 50 by default with unreadCount, and walks every notice once', async () => {
    for (let i = 0; i < 53; i++) {
      t.clock.advance(1000);
      await insertNotification(t.system.deps.db, t.clock, {
        workspaceId,
        creatorId: 'pager',
        connectionId,
        kind: 'connection_expiring',
        title: `Notice ${i}`,
        body: 'body',
        dedupeKey: `pager-notice-${i}`,
      });
    }
    const first = await t.api('GET', '/v1/creators/pager/notifications');
    expect(first.json().data).toHaveLength(50);
    expect(first.json()).toMatchObject({ unreadCount: 53, nextCursor: expect.any(String) });
    const titles = (await walk('/v1/creators/pager/notifications?unread=true', 10, (n) => n.title as string)).flat();
    expect(titles).toEqual(Array.from({ length: 53 }, (_, i) => `Notice ${52 - i}`));
  });
});
