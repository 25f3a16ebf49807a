/**
 * What happens to a channel when the person or the account changes on the network, and how it is named:
 * an error that ends the person's login ends every account it reached at once (one email naming them
 * all, a notice and a webhook each); a Page's own lost role ends that Page only; an account switched to
 * a personal one is disconnected with `not_professional` and told how to switch back; every email,
 * notice and view names the account by its handle, a Page by its name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacebookWorld } from '../../sandbox/facebook/world.ts';
import type { TikTokWorld } from '../../sandbox/tiktok/world.ts';
import { rowToConnection } from '../../src/connections/connections.repo.ts';
import { verifyConnectionNow, verifyConnections } from '../../src/connections/verify-connections.ts';
import { toCard } from '../../src/portal/channels-view.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-04-01T02:00:00Z', env: { PRODUCT_NAME: 'Acme Creators' } });
  // A webhook endpoint, so webhooks are queued (nothing delivers them in this file).
  expect((await t.api('PUT', '/v1/webhook', { url: 'https://platform.example/hooks' })).statusCode).toBe(201);
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const fb = () => t.sandbox.world.network<FacebookWorld>('facebook');
const emailsTo = (creatorId: string) => db().selectFrom('emails').selectAll().where('creator_id', '=', creatorId).orderBy('created_at').orderBy('id').execute();
const noticesOf = (connectionId: string) => db().selectFrom('notifications').selectAll().where('connection_id', '=', connectionId).orderBy('created_at').execute();
const webhooksOf = async (connectionId: string) =>
  (await db().selectFrom('webhook_deliveries').select('type').where('connection_id', '=', connectionId).orderBy('created_at').orderBy('id').execute()).map((w) => w.type);
const view = async (id: string) => (await t.api('GET', `/v1/connections/${id}`)).json();
const creator = (id: string) => ({ id, email: `${id}@example.com`, name: id });

/** Connects every account a Facebook login reaches; the connections by network. */
async function connectFacebook(creatorId: string, username: string): Promise<{ page: string; instagram: string }> {
  t.clock.advance(1000);
  const res = await t.connect({ creator: creator(creatorId), provider: 'facebook', account: username, returnUrl: 'https://p.example/' });
  const ids = new URL(res.headers.location as string).searchParams.get('connections')!.split(',');
  const rows = await db().selectFrom('connections').select(['id', 'network']).where('id', 'in', ids).execute();
  return { page: rows.find((r) => r.network === 'facebook')!.id, instagram: rows.find((r) => r.network === 'instagram')!.id };
}

async function connectOne(creatorId: string, provider: string, account: string, grant?: string[]): Promise<string> {
  t.clock.advance(1000);
  const res = await t.connect({ creator: creator(creatorId), provider, account, grant, returnUrl: 'https://p.example/' });
  return new URL(res.headers.location as string).searchParams.get('connection') as string;
}

describe('an error that ends the person’s login', () => {
  it('458 on a Page disconnects the Instagram account on the same login: in the same transaction, one email naming both, a notice and a webhook each', async () => {
    fb().createUser({ username: 'gia.fb', name: 'Gia', pages: [{ name: 'Gia Shop', username: null, instagram: { username: 'gia.shop', name: 'Gia Shop IG' } }] });
    const { page, instagram } = await connectFacebook('gia', 'gia.fb');
    fb().applyEvent('gia.fb', 'app-removed');
    t.clock.advance(1000);
    // Only the Page is asked: its 190/458 is the person's, so the Instagram account ends with it.
    await verifyConnectionNow(t.system.deps, await workspaceOf(page), page);
    expect(await view(page)).toMatchObject({ status: 'disconnected', statusReason: 'app_removed', accountName: 'Gia Shop' });
    expect(await view(instagram)).toMatchObject({ status: 'disconnected', statusReason: 'app_removed', accountName: '@gia.shop' });
    const igEvents = await db()
      .selectFrom('connection_events')
      .select(['type', 'reason', 'detail'])
      .where('connection_id', '=', instagram)
      .where('type', '=', 'disconnected')
      .execute();
    expect(igEvents).toEqual([{ type: 'disconnected', reason: 'app_removed', detail: { providerCode: '190/458', sharedGrantWith: page } }]);
    const emails = (await emailsTo('gia')).filter((e) => e.kind === 'connection_disconnected');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toContain('(2 accounts)');
    expect(emails[0]!.text_body).toContain('can no longer reach Facebook Gia Shop and @gia.shop on Instagram.');
    for (const id of [page, instagram]) {
      expect((await noticesOf(id)).map((n) => n.kind)).toEqual(['connection_disconnected']);
      expect(await webhooksOf(id)).toEqual(['connection.connected', 'connection.disconnected']);
    }
    expect((await noticesOf(instagram))[0]!.title).toBe('Facebook @gia.shop on Instagram is disconnected');
    // Nothing is left to find later: the daily verify of the Instagram account changes and sends nothing.
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    expect((await emailsTo('gia')).filter((e) => e.kind === 'connection_disconnected')).toHaveLength(1);
  });

  it('a lost Page role (492) is that Page’s: the Instagram account on the same login stays, and the email names the Page by its name', async () => {
    const { instagram } = await connectFacebook('dana', 'dana.fb');
    // Dana Travel: the Page with no Instagram account (Dana Bakes's Instagram account is read with Dana Bakes's Page token).
    const travel = fb()
      .pagesOf(fb().user('dana.fb')!.id)
      .find((p) => p.name === 'Dana Travel')!;
    fb().applyEvent('dana.fb', 'page-role-removed', travel.id);
    t.clock.advance(1000);
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    const pages = (await t.api('GET', '/v1/connections?creatorId=dana')).json().data as { id: string; network: string; status: string; accountName: string }[];
    const lost = pages.filter((c) => c.status === 'disconnected');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ network: 'facebook', statusReason: 'revoked', accountName: 'Dana Travel' });
    expect(await view(instagram)).toMatchObject({ status: 'active' });
    const [email] = (await emailsTo('dana')).filter((e) => e.kind === 'connection_disconnected');
    // A Page is named by its Page name, never "your Facebook account".
    expect(email!.text_body).toContain('can no longer reach Facebook Dana Travel.');
    expect(email!.text_body).not.toContain('your Facebook account');
  });
});

describe('an account switched to a personal one', () => {
  it('a profile switched to personal is disconnected by the daily verify with not_professional, and told how to switch back', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'pia.business', accountType: 'BUSINESS', name: 'Pia' });
    const id = await connectOne('pia', 'instagram', 'pia.business');
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    expect(await view(id)).toMatchObject({ status: 'active', accountType: 'BUSINESS' });

    const switched = await t.sandbox.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/pia.business/account-type', payload: { accountType: 'PERSONAL' } });
    expect(switched.json()).toMatchObject({ username: 'pia.business', account_type: 'PERSONAL' });
    t.clock.advance(1000);
    expect(await verifyConnections(t.system.deps, { olderThanMs: 0 })).toMatchObject({ disconnected: 1 });
    const after = await view(id);
    expect(after).toMatchObject({ status: 'disconnected', statusReason: 'not_professional' });
    const [email] = (await emailsTo('pia')).filter((e) => e.kind === 'connection_disconnected');
    expect(email!.text_body).toContain('can no longer reach Instagram @pia.business.');
    expect(email!.text_body).toContain('Why: The account was switched to a personal account, and Instagram lets apps read professional (Business or Creator) accounts only.');
    expect(email!.text_body).toContain('Switch to professional account');
    const [notice] = await noticesOf(id);
    expect(notice!.body).toContain('Switch to professional account');
    // The Channels page's tooltip says the same.
    const connection = await db().selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(toCard(t.system.deps, rowToConnection(connection)).help?.fix).toContain('Account type and tools → Switch to professional account');
  });

  it('the same switch seen through a Facebook Page: the Page no longer names the account, so it is disconnected too (the Page stays)', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'quinn.biz', accountType: 'MEDIA_CREATOR', name: 'Quinn' });
    fb().createUser({ username: 'quinn.fb', name: 'Quinn', pages: [{ name: 'Quinn Studio', instagram: { link: 'quinn.biz' } }] });
    const { page, instagram } = await connectFacebook('quinn', 'quinn.fb');
    await t.sandbox.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/quinn.biz/account-type', payload: { accountType: 'PERSONAL' } });
    t.clock.advance(1000);
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    expect(await view(instagram)).toMatchObject({ status: 'disconnected', statusReason: 'not_professional' });
    expect(await view(page)).toMatchObject({ status: 'active' });
  });
});

describe('names', () => {
  it('a TikTok disconnection email names the account @handle (the username TikTok gives with user.info.profile)', async () => {
    const tiktok = t.sandbox.world.network<TikTokWorld>('tiktok');
    tiktok.createAccount({ username: 'tom.dances', displayName: 'Tom Dances' });
    const id = await connectOne('tom', 'tiktok', 'tom.dances');
    expect(await view(id)).toMatchObject({ username: 'tom.dances', displayName: 'Tom Dances', accountName: '@tom.dances' });
    tiktok.applyEvent('tom.dances', 'revoke');
    t.clock.advance(1000);
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    const [email] = (await emailsTo('tom')).filter((e) => e.kind === 'connection_disconnected');
    expect(email!.subject).toContain('reconnect TikTok @tom.dances');
    expect(email!.text_body).toContain('can no longer reach TikTok @tom.dances.');
    expect(email!.text_body).toContain('What to do: Reconnect TikTok @tom.dances to resume.');
    expect(email!.text_body).not.toContain('your TikTok account');
    expect((await noticesOf(id))[0]!.title).toBe('TikTok @tom.dances is disconnected');
  });

  it('a TikTok account whose username was not granted is named by its display name, never by a generic phrase', async () => {
    const tiktok = t.sandbox.world.network<TikTokWorld>('tiktok');
    tiktok.createAccount({ username: 'una.cooks', displayName: 'Una Cooks' });
    const id = await connectOne('una', 'tiktok', 'una.cooks', ['user.info.basic', 'video.list']);
    expect(await view(id)).toMatchObject({ username: null, accountName: 'Una Cooks' });
    // The daily verify asks for what it may: the username is still not granted, and the check still works.
    t.clock.advance(1000);
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    expect(await view(id)).toMatchObject({ status: 'active', username: null, accountName: 'Una Cooks' });
  });
});

async function workspaceOf(connectionId: string): Promise<string> {
  return (await db().selectFrom('connections').select('workspace_id').where('id', '=', connectionId).executeTakeFirstOrThrow()).workspace_id;
}
