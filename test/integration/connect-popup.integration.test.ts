/**
 * The embeddable connect flow through app.inject(): a connect session names the origins its last page
 * may post the result to, and the pages at the end of the flow carry the script that posts it, only then.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POPUP_SCRIPT } from '../../src/connections/connect.page.ts';
import { sha256 } from '../../src/platform/crypto/hash.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const creator = (id: string) => ({ id, email: `${id}@example.com`, name: `Creator ${id}` });
const PLATFORM = 'https://platform.example';

/** A business account of its own for one test: an account connected by one creator is refused to the next. */
function businessAccount(username: string): string {
  t.sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  return username;
}

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop() as string;

async function storedOrigins(url: string): Promise<string[] | null> {
  const token = tokenOf(url);
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

/** The popup part of a page: its JSON data block (parsed) and its inline scripts, as the browser sees them. */
function popupPart(res: LightMyRequestResponse) {
  const block = /<script type="application\/json" id="ck-result">([^<]*)<\/script>/.exec(res.body)?.[1];
  const scripts = [...res.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  return { data: block === undefined ? undefined : JSON.parse(block), raw: block, scripts, tags: res.body.match(/<script/g)?.length ?? 0 };
}

function cspOf(res: LightMyRequestResponse): Record<string, string> {
  const policy = String(res.headers['content-security-policy'] ?? '');
  return Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
}

const hashOf = (script: string) => `'sha256-${crypto.createHash('sha256').update(script, 'utf8').digest('base64')}'`;

describe('the last page of a flow whose session names allowed origins', () => {
  it('a connection: the page posts connected with the id, to exactly the allowed origin, with its one script allowed by hash', async () => {
    const res = await t.connect({ creator: creator('p1'), account: businessAccount('p1.biz'), allowedOrigins: [PLATFORM] });
    expect(res.statusCode).toBe(200);
    const { data, scripts, tags } = popupPart(res);
    const [connection] = (await t.api('GET', '/v1/connections?creatorId=p1')).json().data;
    expect(data).toEqual({
      origins: [PLATFORM],
      message: { source: 'channelkeeper', type: 'connect.result', status: 'connected', connectionId: connection.id, connectionIds: [connection.id], reason: 'connected' },
      next: null,
    });
    expect(tags).toBe(2);
    expect(scripts).toEqual([POPUP_SCRIPT]);
    expect(POPUP_SCRIPT).not.toContain('*');
    const csp = cspOf(res);
    expect(csp['script-src']).toBe(hashOf(POPUP_SCRIPT));
    expect(csp).toMatchObject({ 'default-src': "'none'", 'frame-ancestors': "'none'", 'base-uri': "'none'" });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toContain('@p1.biz is connected');
  });

  it('with a returnUrl: a page (not a redirect) that goes on to the returnUrl when it is not a popup, with a link for people', async () => {
    const res = await t.connect({
      creator: creator('p2'),
      account: businessAccount('p2.biz'),
      returnUrl: 'https://platform.example/after?x=1',
      allowedOrigins: [PLATFORM, 'http://localhost:5173'],
    });
    expect(res.statusCode).toBe(200);
    const { data } = popupPart(res);
    const next = new URL(data.next);
    expect(next.origin + next.pathname).toBe('https://platform.example/after');
    expect(Object.fromEntries(next.searchParams)).toEqual({ x: '1', connection: data.message.connectionId, status: 'connected' });
    expect(data.origins).toEqual([PLATFORM, 'http://localhost:5173']);
    expect(res.body).toContain(`href="${data.next.replaceAll('&', '&amp;')}"`);
  });

  it('a decline on the consent page posts cancelled, and the page keeps its way back', async () => {
    const res = await t.connect({ creator: creator('p3'), deny: true, returnUrl: 'https://platform.example/after', allowedOrigins: [PLATFORM] });
    expect(res.statusCode).toBe(400);
    expect(popupPart(res).data).toEqual({
      origins: [PLATFORM],
      message: { source: 'channelkeeper', type: 'connect.result', status: 'cancelled', code: 'access_denied', reason: 'cancelled' },
      next: null,
    });
    expect(res.body).toContain('https://platform.example/after?status=error&amp;error=access_denied');
  });

  it('a refused account posts failed with the catalogued code', async () => {
    const res = await t.connect({ creator: creator('p4'), account: 'cara.personal', allowedOrigins: [PLATFORM] });
    expect(res.statusCode).toBe(422);
    expect(popupPart(res).data.message).toEqual({ source: 'channelkeeper', type: 'connect.result', status: 'failed', code: 'personal_account', reason: 'refused' });
    expect(res.body).toContain('Switch to professional account');
  });

  it('an expired link posts failed, expired', async () => {
    const session = await t.api('POST', '/v1/connect-sessions', { creator: creator('p5'), provider: 'instagram', allowedOrigins: [PLATFORM] });
    await t.system.deps.db
      .updateTable('connect_sessions')
      .set({ expires_at: t.clock.now() })
      .where('token_hash', '=', sha256(tokenOf(session.json().url)))
      .execute();
    const res = await t.system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
    expect(res.statusCode).toBe(410);
    expect(popupPart(res).data.message).toMatchObject({ status: 'failed', code: 'connect_session_expired', reason: 'expired' });
  });

  it('a Facebook login: the choice page carries no script; its outcome posts every connection kept', async () => {
    const res = await t.connect({ creator: creator('p6'), provider: 'facebook', account: 'dana.fb', allowedOrigins: [PLATFORM] });
    expect(res.statusCode).toBe(200);
    const { data } = popupPart(res);
    const connections = (await t.api('GET', '/v1/connections?creatorId=p6')).json().data;
    expect(data.message.connectionIds).toHaveLength(3);
    expect([...data.message.connectionIds].sort()).toEqual(connections.map((c: { id: string }) => c.id).sort());
    expect(data.message.connectionId).toBe(data.message.connectionIds[0]);
  });

  it('an origin stored without the API’s check still cannot leave the script element', async () => {
    const session = await t.api('POST', '/v1/connect-sessions', { creator: creator('p7'), provider: 'instagram', allowedOrigins: [PLATFORM] });
    const hostile = 'https://x.example</script><script>alert(1)</script><!--';
    await t.system.deps.db
      .updateTable('connect_sessions')
      .set({ allowed_origins: [hostile], completed_at: t.clock.now() })
      .where('token_hash', '=', sha256(tokenOf(session.json().url)))
      .execute();
    const res = await t.system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
    expect(res.statusCode).toBe(410);
    const { data, raw, tags } = popupPart(res);
    expect(tags).toBe(2);
    expect(raw).toContain('\\u003c/script\\u003e');
    expect(data.origins).toEqual([hostile]);
  });
});

describe('the same pages for a session without allowed origins', () => {
  it('carry no script, and the policy allows none', async () => {
    const res = await t.connect({ creator: creator('n1'), account: businessAccount('n1.biz') });
    expect(res.statusCode).toBe(200);
    expect(popupPart(res).tags).toBe(0);
    expect(cspOf(res)['script-src']).toBeUndefined();
    expect(cspOf(res)['default-src']).toBe("'none'");
  });

  it('end with the redirect to the returnUrl, as before', async () => {
    const res = await t.connect({ creator: creator('n2'), account: businessAccount('n2.biz'), returnUrl: 'https://platform.example/after' });
    expect(res.statusCode).toBe(302);
    expect(new URL(res.headers.location as string).searchParams.get('status')).toBe('connected');
  });

  it('show failures without a script', async () => {
    const res = await t.connect({ creator: creator('n3'), deny: true });
    expect(res.statusCode).toBe(400);
    expect(popupPart(res).tags).toBe(0);
  });
});

describe('GET /connect.js', () => {
  const file = fs.readFileSync(new URL('../../clients/node/src/connect.js', import.meta.url), 'utf8');

  it('serves the popup script as written: JavaScript, cacheable, loadable as a module from any origin', async () => {
    const res = await t.system.app.inject({ method: 'GET', url: '/connect.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.body).toBe(file);
    expect(res.body).toContain('export function connect(');
  });

  it('answers 304 to a browser that has it', async () => {
    const first = await t.system.app.inject({ method: 'GET', url: '/connect.js' });
    const again = await t.system.app.inject({ method: 'GET', url: '/connect.js', headers: { 'if-none-match': `W/"other", ${first.headers.etag}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
