/**
 * DELETE /v1/connections/:id: revoke at the network where it can, delete the sealed tokens, keep the
 * history, answer the same way twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function connectOne(provider: string, account: string, creatorId: string): Promise<string> {
  const res = await t.connect({ creator: { id: creatorId, email: `${creatorId}@example.com` }, provider, account, returnUrl: 'https://p.example/' });
  expect(res.statusCode, res.body).toBe(302);
  return new URL(res.headers.location as string).searchParams.get('connection')!;
}

const tokenRows = (id: string) => t.system.deps.db.selectFrom('connection_tokens').select('connection_id').where('connection_id', '=', id).execute();
const events = async (id: string) => ((await t.api('GET', `/v1/connections/${id}/events`)).json().data as { type: string }[]).map((e) => e.type);

describe('revoking a connection on request', () => {
  it('a TikTok grant is revoked at TikTok, its tokens are deleted, its history kept, and a second DELETE changes nothing', async () => {
    const id = await connectOne('tiktok', 'tess.tiktok', 'rv-tiktok');
    const token = (await t.api('POST', `/v1/connections/${id}/access-token`)).json().accessToken as string;
    t.clock.advance(60_000);
    const res = await t.api('DELETE', `/v1/connections/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'disconnected', statusReason: 'disconnected_on_request', revokedAtProvider: true });
    expect(await tokenRows(id)).toEqual([]);
    const info = await fetch(`${t.sandbox.url}/open.tiktokapis.com/v2/user/info/?fields=open_id`, { headers: { authorization: `Bearer ${token}` } });
    expect(info.status).toBe(401);
    expect(await events(id)).toEqual(['revoked', 'connected']);

    const again = await t.api('DELETE', `/v1/connections/${id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'disconnected', revokedAtProvider: false });
    expect(await events(id)).toEqual(['revoked', 'connected']);
    expect((await t.api('POST', `/v1/connections/${id}/access-token`)).json().error.code).toBe('reconnect_required');
  });

  it('an Instagram connection has no revoke endpoint: the tokens are deleted and the answer says the network was not told', async () => {
    const id = await connectOne('instagram', 'ben.creator', 'rv-ig');
    const res = await t.api('DELETE', `/v1/connections/${id}`);
    expect(res.json()).toMatchObject({ status: 'disconnected', revokedAtProvider: false });
    expect(await tokenRows(id)).toEqual([]);
  });

  it('a Facebook grant shared by three accounts is revoked at Facebook only with the last of them', async () => {
    const res = await t.connect({ creator: { id: 'rv-fb', email: 'rv-fb@example.com' }, provider: 'facebook', account: 'dana.fb', returnUrl: 'https://p.example/' });
    const ids = new URL(res.headers.location as string).searchParams.get('connections')!.split(',');
    expect(ids).toHaveLength(3);
    const revoked = [];
    for (const id of ids) revoked.push((await t.api('DELETE', `/v1/connections/${id}`)).json().revokedAtProvider);
    expect(revoked).toEqual([false, false, true]);
    expect(await t.system.deps.db.selectFrom('provider_grants').selectAll().where('creator_id', '=', 'rv-fb').execute()).toEqual([]);
  });

  it('an unknown id is a 404, and another workspace cannot revoke it', async () => {
    expect((await t.api('DELETE', '/v1/connections/con_nope')).statusCode).toBe(404);
  });

  it('a network that does not answer leaves the connection untouched and says to try again', async () => {
    const id = await connectOne('youtube', 'maya.makes', 'rv-yt');
    t.sandbox.world.faults.add({ endpoint: 'google.revoke', fault: 'http_500', count: 1 });
    const res = await t.api('DELETE', `/v1/connections/${id}`);
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('provider_unavailable');
    expect((await t.api('GET', `/v1/connections/${id}`)).json().status).toBe('active');
    expect((await t.api('DELETE', `/v1/connections/${id}`)).json()).toMatchObject({ status: 'disconnected', revokedAtProvider: true });
  });
});
