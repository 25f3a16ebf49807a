/**
 * A Facebook login through 130 simulated days. Meta gives a server no way to extend a user token
 * (60 days), so the connections cannot stay alive by themselves: the creator is reminded 14, 3 and 1
 * days before the end, each reminder once, the connections end on day 60 with reason `expired`, and a
 * new login brings them all back for another 60 days.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';
import { connectedIds, emailsTo, eventsOf, runDailyJobs, travelTo } from '../support/daily-jobs.ts';

let t: TestContext;
const start = new Date('2026-01-01T02:00:00Z');
const creator = { id: 'dana', email: 'dana@example.com', name: 'Dana' };
beforeAll(async () => {
  t = await createTestContext({ now: start.toISOString() });
});
afterAll(() => t.close());

interface FacebookSandbox {
  check(value: string): { ok: boolean };
}

async function statuses(ids: string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await t.api('GET', `/v1/connections/${id}`)).json().status as string));
}

it('a Facebook login is reminded on days 46, 57 and 59, expires on day 60 with one email per notice, and a new login restarts the 60 days', async () => {
  const facebook = t.sandbox.world.network('facebook') as unknown as FacebookSandbox;
  const ids = connectedIds((await t.connect({ provider: 'facebook', account: 'dana.fb', creator, returnUrl: 'https://p.example/' })).headers.location as string);
  expect(ids).toHaveLength(3);

  const seen: Record<string, number[]> = { active: [], expiring: [], disconnected: [] };
  for (let day = 1; day <= 70; day++) {
    travelTo(t, start, day);
    await runDailyJobs(t);
    // A second run the same day (another process, a restart) changes nothing and sends nothing.
    if (day === 46 || day === 57 || day === 60) await runDailyJobs(t);
    const now = await statuses(ids);
    expect(new Set(now).size, `day ${day}: ${now.join(',')}`).toBe(1);
    seen[now[0]!]!.push(day);
    for (const id of ids) {
      const handed = await t.api('POST', `/v1/connections/${id}/access-token`);
      if (now[0] === 'disconnected') {
        expect(handed.statusCode, `day ${day}`).toBe(409);
        expect(handed.json().error.details.reason).toBe('expired');
      } else {
        expect(handed.statusCode, `day ${day}`).toBe(200);
        expect(facebook.check(handed.json().accessToken).ok, `token works on day ${day}`).toBe(true);
      }
    }
  }
  expect(seen.active).toEqual(range(1, 45));
  expect(seen.expiring).toEqual(range(46, 59));
  expect(seen.disconnected).toEqual(range(60, 70));
  for (const id of ids) {
    const view = (await t.api('GET', `/v1/connections/${id}`)).json();
    expect(view.statusReason).toBe('expired');
    expect(await eventsOf(t, id, 'refresh_failed')).toEqual([]);
  }

  const emails = await emailsTo(t, creator.email, start);
  expect(emails.map((e) => `${e.day}:${e.kind}`)).toEqual(['46:connection_expiring', '57:connection_expiring', '59:connection_expiring', '60:connection_disconnected']);
  for (const email of emails) {
    // One login, one email: it names every account the login reached.
    for (const name of ['@dana.bakes', 'Dana Bakes', 'Dana Travel']) expect(email.text_body).toContain(name);
  }

  // Day 72: the creator logs in again; all three come back with a new 60-day grant.
  travelTo(t, start, 72);
  const again = connectedIds((await t.connect({ provider: 'facebook', account: 'dana.fb', creator, returnUrl: 'https://p.example/' })).headers.location as string);
  expect(again.sort()).toEqual([...ids].sort());
  expect(await statuses(ids)).toEqual(['active', 'active', 'active']);
  const grants = await t.system.deps.db.selectFrom('provider_grants').select('id').where('creator_id', '=', creator.id).execute();
  expect(grants, 'the ended grant is gone with its sealed token').toHaveLength(1);
  const renewed = (await t.api('GET', `/v1/connections/${ids[0]}`)).json();
  expect(renewed.expiresAt).toBe(new Date(start.getTime() + 132 * 86_400_000).toISOString());
  for (let day = 73; day <= 130; day++) {
    travelTo(t, start, day);
    await runDailyJobs(t);
  }
  const later = await emailsTo(t, creator.email, start);
  expect(later.slice(4).map((e) => `${e.day}:${e.kind}`)).toEqual(['72:connection_reconnected', '118:connection_expiring', '129:connection_expiring']);
  expect(await statuses(ids)).toEqual(['expiring', 'expiring', 'expiring']);
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
