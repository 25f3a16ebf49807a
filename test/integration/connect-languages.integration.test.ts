/**
 * A creator's language and time zone, given on the connect session, follow them through the flow:
 * the pages after consent, the reconnect email after a disconnection (its times in their zone), the
 * reconnect, and a reconnect link opened once the channel is back. A language or zone we cannot
 * serve is refused with a sentence saying what is accepted.
 */
import type { SendMailOptions, Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyConnections } from '../../src/connections/verify-connections.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { dispatchPendingEmails } from '../../src/platform/email/dispatch.ts';
import { formatsFor } from '../../src/platform/i18n/format.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ now: '2026-03-01T15:00:00Z', env: { PRODUCT_NAME: 'Acme Creators', EMAIL_FROM: 'Creators <creators@acme.example>' } });
});
afterAll(() => t.close());

const db = () => t.system.deps.db;
const get = (url: string, headers: Record<string, string> = {}) => t.system.app.inject({ method: 'GET', url: url.replace(t.system.config.publicUrl, ''), headers });
const creator = { id: 'bia', email: 'bia@example.com', name: 'Bia' };

async function openSession(body: Record<string, unknown>) {
  const created = await t.api('POST', '/v1/connect-sessions', { creator, provider: 'instagram', ...body });
  expect(created.statusCode).toBe(201);
  const opened = await get(created.json().url);
  expect(opened.statusCode).toBe(302);
  return opened.headers.location as string;
}

describe('a connect session in Brazilian Portuguese, in São Paulo', () => {
  it('stores the language and zone, speaks Portuguese after consent, and offers Try again after a denial', async () => {
    if (!t.sandbox.world.instagram.account('bia.creates')) t.sandbox.world.instagram.createAccount({ username: 'bia.creates', accountType: 'BUSINESS' });
    const authorize = await openSession({ locale: 'pt-br', timeZone: 'America/Sao_Paulo' });
    const stored = await db().selectFrom('creators').select(['locale', 'time_zone']).where('id', '=', 'bia').executeTakeFirstOrThrow();
    expect(stored).toEqual({ locale: 'pt-BR', time_zone: 'America/Sao_Paulo' });

    const denied = await t.consent(authorize, { deny: true });
    expect(denied.statusCode).toBe(400);
    expect(denied.body).toContain('<html lang="pt-BR">');
    expect(denied.body).toContain('Nada foi conectado');
    expect(denied.body).not.toContain('access_denied</');
    const retry = /<a class="button" href="([^"]+)">Tentar de novo<\/a>/.exec(denied.body)?.[1]?.replace(/&amp;/g, '&');
    expect(retry).toMatch(/\/connect\/again\?link=/);

    // Try again: the same session's consent once more, then connected, in Portuguese.
    const again = await get(retry!);
    expect(again.statusCode).toBe(302);
    const connected = await t.consent(again.headers.location as string, { account: 'bia.creates' });
    expect(connected.statusCode).toBe(200);
    expect(connected.body).toContain('Instagram conectado');
    expect(connected.body).toContain('@bia.creates está conectada ao Acme Creators.');
    // The session is used now: its Try again link goes nowhere.
    expect((await get(retry!)).statusCode).toBe(410);
  });

  it('after a disconnection, the reconnect email is in Portuguese with São Paulo times; the link reconnects, then says there is nothing to do', async () => {
    const connection = await db().selectFrom('connections').select(['id', 'workspace_id']).where('creator_id', '=', 'bia').executeTakeFirstOrThrow();
    await db().updateTable('workspaces').set({ email_sender_name: 'Acme Team' }).where('id', '=', connection.workspace_id).execute();
    t.sandbox.world.instagram.applyEvent('bia.creates', 'password-change');
    t.clock.advance(1000);
    await verifyConnections(t.system.deps, { olderThanMs: 0 });
    const email = await db().selectFrom('emails').selectAll().where('connection_id', '=', connection.id).executeTakeFirstOrThrow();
    expect(email.locale).toBe('pt-BR');
    expect(email.subject).toBe('Ação necessária: reconecte Instagram @bia.creates ao Acme Creators');
    const until = formatsFor({ locale: 'pt-BR', timeZone: 'America/Sao_Paulo' }).dateTime(new Date(t.clock.now().getTime() + 7 * DAY));
    expect(email.text_body).toContain(`Reconecte aqui (o link funciona até ${until}):`);
    expect(email.text_body).not.toContain('UTC');
    expect(email.html_body).toContain('<html lang="pt-BR">');
    const notice = await db().selectFrom('notifications').selectAll().where('connection_id', '=', connection.id).executeTakeFirstOrThrow();
    expect(notice.title).toBe('Instagram @bia.creates is disconnected');
    expect(notice.message_key).toBe('connections.disconnected');

    // Sent with its language and the brand's sender name in front of the configured address.
    const sent: SendMailOptions[] = [];
    const transport = { sendMail: async (message: SendMailOptions) => void sent.push(message) } as unknown as Transporter;
    await dispatchPendingEmails({ db: db(), clock: t.clock, logger: t.system.deps.logger, transport });
    expect(sent[0]).toMatchObject({ from: 'Acme Team <creators@acme.example>', headers: { 'Content-Language': 'pt-BR' } });

    const link = /(http:\/\/channelkeeper\.test\/reconnect\?token=\S+)/.exec(email.text_body)![1]!;
    t.clock.advance(1000);
    const opened = await get(link);
    expect(opened.statusCode).toBe(302);
    const consent = await get(opened.headers.location as string);
    const back = await t.consent(consent.headers.location as string, { account: 'bia.creates' });
    expect(back.body).toContain('Instagram conectado de novo');

    // The same email's link, once the channel is back: nothing to do, and the way to the Channels page.
    const late = await get(link);
    expect(late.statusCode).toBe(200);
    expect(late.body).toContain('Instagram já está conectado de novo');
    expect(late.body).toContain('<a class="button" href="/portal">Abrir sua página de canais</a>');
  });
});

describe('a language or a zone we cannot serve', () => {
  it.each([
    [{ locale: 'zz-ZZ' }, 'locale', /en, es, pt-BR, fr, de, ja/],
    [{ locale: 'tlh' }, 'locale', /not a supported language/],
    [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone', /IANA time zone/],
  ])('%j is refused with invalid_request, saying what is accepted', async (extra, field, sentence) => {
    const res = await t.api('POST', '/v1/connect-sessions', { creator: { id: 'nobody' }, provider: 'instagram', ...extra });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(sentence) });
    expect(res.json().error.message).toContain(field);
  });
});

describe('a session without a language', () => {
  it('speaks the browser’s language on its pages', async () => {
    const created = await t.api('POST', '/v1/connect-sessions', { creator: { id: 'kenji' }, provider: 'instagram' });
    const token = new URL(created.json().url).pathname;
    await db()
      .updateTable('connect_sessions')
      .set({ expires_at: new Date(t.clock.now().getTime() - 1) })
      .where('creator_id', '=', 'kenji')
      .execute();
    const expired = await get(token, { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.5' });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('<html lang="ja">');
    expect(expired.body).toContain('この連携リンクは期限切れです');
  });
});

describe('a consent that took longer than the sign-in lives', () => {
  it('says the sign-in expired and offers Try again while the connect link is still valid', async () => {
    const created = await t.api('POST', '/v1/connect-sessions', { creator: { id: 'slow', email: 'slow@example.com' }, provider: 'instagram', locale: 'fr' });
    const opened = await get(created.json().url);
    t.clock.advance(11 * 60_000);
    const late = await t.consent(opened.headers.location as string, {});
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('Cette connexion a expiré');
    const retry = /<a class="button" href="([^"]+)">Réessayer<\/a>/.exec(late.body)?.[1]?.replace(/&amp;/g, '&');
    expect(retry).toMatch(/\/connect\/again\?link=/);
    const again = await get(retry!);
    expect(again.statusCode).toBe(302);
    expect((await t.consent(again.headers.location as string, {})).body).toContain('Instagram est connecté');
  });
});
