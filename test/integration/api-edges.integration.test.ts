/**
 * The edges of the API every route shares: each answer names its request, errors the framework or
 * Node's HTTP parser raises answer in the documented shape with a catalogued code, and inputs a fuzz
 * pass once turned into 500s are refused as 4xx.
 */
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const auth = { authorization: `Bearer ${API_KEY}` };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('an answer carries the X-Request-Id the caller sent when it is sane', async () => {
    const res = await t.system.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'platform-1:call.7_A' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('platform-1:call.7_A');
  });

  it('an X-Request-Id that is too long or holds other characters is replaced by a generated one', async () => {
    for (const given of ['a'.repeat(129), 'two words', 'id;drop', '<script>', 'café', '']) {
      const res = await t.system.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': given } });
      expect(res.headers['x-request-id'], given).toMatch(UUID);
    }
    expect((await t.system.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a'.repeat(128) } })).headers['x-request-id']).toBe('a'.repeat(128));
  });

  it('an answer to a request without one gets a generated id, a new one each time', async () => {
    const [a, b] = await Promise.all([t.system.app.inject({ method: 'GET', url: '/healthz' }), t.system.app.inject({ method: 'GET', url: '/healthz' })]);
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('every error body names its request in error.requestId, the same id as the header', async () => {
    const answers = [
      await t.api('GET', '/v1/connections/con_nothere'),
      await t.api('GET', '/v1/connections', undefined, null),
      await t.api('GET', '/v1/no-such-route'),
      await t.api('POST', '/v1/campaigns', { name: '' }),
    ];
    expect(answers.map((res) => res.statusCode)).toEqual([404, 401, 404, 400]);
    for (const res of answers) {
      expect(Object.keys(res.json().error)).toEqual(expect.arrayContaining(['code', 'message', 'requestId']));
      expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
    }
    const given = await t.system.app.inject({ method: 'GET', url: '/v1/connections/con_nothere', headers: { ...auth, 'x-request-id': 'trace-42' } });
    expect(given.json()).toEqual({ error: { code: 'not_found', message: expect.any(String), requestId: 'trace-42' } });
  });

  it("the request's log lines carry its id as reqId", async () => {
    await t.system.app.inject({ method: 'GET', url: '/v1/connections/con_logged', headers: { ...auth, 'x-request-id': 'log-line-id-1' } });
    const lines = t.logs.filter((line) => line.includes('"reqId":"log-line-id-1"'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.some((line) => line.includes('request completed'))).toBe(true);
  });
});

/** Sends raw bytes to the listening app and reads what comes back until the server closes the socket. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    // The server closes the socket once it has answered; what it sent is the answer.
    socket.on('close', () => resolve(answer));
    socket.on('error', () => undefined);
  });
}

const jsonOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));

describe('errors raised before a route runs answer in the documented shape', () => {
  it('a path segment over 100 characters answers 414 uri_too_long', async () => {
    const res = await t.api('GET', `/v1/connections/${'a'.repeat(101)}`);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ error: { code: 'uri_too_long', message: expect.any(String), requestId: res.headers['x-request-id'] } });
  });

  it('a malformed percent-encoding in the path answers 400 invalid_request', async () => {
    const res = await t.api('GET', '/v1/connections/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('percent-encoding'), requestId: res.headers['x-request-id'] } });
  });

  it("headers over the HTTP parser's limit answer 431 headers_too_large, with a request id", async () => {
    await t.system.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.system.app.server.address() as net.AddressInfo).port;
    const raw = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`);
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    const id = /\r\nX-Request-Id: ([^\r]+)\r\n/i.exec(raw)?.[1];
    expect(id).toMatch(UUID);
    expect(jsonOf(raw)).toEqual({ error: { code: 'headers_too_large', message: 'The request headers are too large.', requestId: id } });
  });

  it('a request that never finishes arriving answers 408 request_timeout', async () => {
    const socket = new PassThrough() as unknown as net.Socket;
    // The server destroys the socket with the parser's error once it has answered.
    socket.on('error', () => undefined);
    let written = '';
    socket.write = ((chunk: string) => {
      written += chunk;
      return true;
    }) as net.Socket['write'];
    t.system.app.server.emit('clientError', Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    expect(written).toMatch(/^HTTP\/1\.1 408 /);
    expect(jsonOf(written).error).toMatchObject({ code: 'request_timeout', requestId: expect.stringMatching(UUID) });
  });

  it('a body in another media type than JSON (plain text included) answers 415 unsupported_media_type', async () => {
    for (const type of ['application/xml', 'text/plain']) {
      const res = await t.system.app.inject({ method: 'POST', url: '/v1/campaigns', headers: { ...auth, 'content-type': type }, payload: '<campaign/>' });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'unsupported_media_type', message: 'Send the body as application/json.' });
    }
  });

  it('a body that is not JSON answers 400 invalid_request, and one over 64 KB 413 payload_too_large', async () => {
    const broken = await t.system.app.inject({ method: 'POST', url: '/v1/campaigns', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toMatchObject({ code: 'invalid_request', message: 'The request body is not valid JSON.' });
    const big = await t.api('POST', '/v1/campaigns', { name: 'x'.repeat(70 * 1024) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'payload_too_large', requestId: big.headers['x-request-id'] });
  });

  it('an empty body sent as application/json is no body: the access-token hand-out answers the token', async () => {
    const connected = await t.connect({ returnUrl: 'https://platform.example/back' });
    const id = new URL(connected.headers.location as string).searchParams.get('connection');
    const res = await t.system.app.inject({ method: 'POST', url: `/v1/connections/${id}/access-token`, headers: { ...auth, 'content-type': 'application/json' }, payload: '' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accessToken: expect.any(String) });
    // A route that needs a body says which fields are missing, not that JSON is broken.
    const empty = await t.system.app.inject({ method: 'POST', url: '/v1/connect-sessions', headers: { ...auth, 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/creator/);
  });
});

/** A creator's Channels page visit: the cookie and the forms' CSRF token. */
async function openChannelsPage(creatorId: string): Promise<{ cookie: string; csrf: string }> {
  const created = await t.api('POST', '/v1/portal-sessions', { creator: { id: creatorId } });
  const opened = await t.system.app.inject({ method: 'GET', url: new URL(created.json().url).pathname });
  const cookie = String(opened.headers['set-cookie']).split(';')[0]!;
  const page = await t.system.app.inject({ method: 'GET', url: '/portal', headers: { cookie } });
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page.body)![1]! };
}

const form = (cookie: string, fields: Record<string, string>) => ({
  headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

describe('inputs a fuzz pass turned into 500s are refused as 4xx', () => {
  it('a crafted cursor on GET /v1/connections/:id/media answers 400 invalid_request', async () => {
    t.sandbox.world.instagram.createAccount({ username: 'fuzz.media', accountType: 'BUSINESS' });
    const connected = await t.connect({ creator: { id: 'fuzz-media' }, account: 'fuzz.media', returnUrl: 'https://platform.example/back' });
    const id = new URL(connected.headers.location as string).searchParams.get('connection');
    const crafted = ['+275760-09-13T00:00:00.000Z|med_1', '2026-01-01T00:00:00.000Z|med_1\u0000', '0000-01-01T00:00:00.000Z|med_1', '2026-01-01T00:00:00.000Z|'];
    for (const text of crafted) {
      const res = await t.api('GET', `/v1/connections/${id}/media?cursor=${Buffer.from(text).toString('base64url')}`);
      expect(res.statusCode, text).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_request', message: 'Invalid request: cursor: not a cursor from a previous page.' });
    }
  });

  it("a NUL byte in /portal/channels/:id/disconnect answers the Channels page's 400 page", async () => {
    const { cookie, csrf } = await openChannelsPage('fuzz-portal');
    const shown = await t.system.app.inject({ method: 'GET', url: '/portal/channels/a%00b/disconnect', headers: { cookie } });
    const posted = await t.system.app.inject({ method: 'POST', url: '/portal/channels/a%00b/disconnect', ...form(cookie, { csrf }) });
    for (const res of [shown, posted]) {
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('a NUL character is not allowed');
      // The code is for support tools, not for the person reading: on the page's alert, not in its words.
      expect(res.body).toContain('data-code="invalid_request"');
      expect(res.body).not.toContain('Reference: invalid_request');
    }
  });

  it("a NUL byte in the connection /portal/connect reconnects answers the Channels page's 400 page", async () => {
    const { cookie, csrf } = await openChannelsPage('fuzz-portal');
    const res = await t.system.app.inject({ method: 'POST', url: '/portal/connect?connection=a%00b', ...form(cookie, { csrf, connection: 'a\u0000b' }) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('connection: a NUL character is not allowed');
  });

  it("a NUL byte in /demo/mailbox/:id, or in the demo page's query, answers a 400 page", async () => {
    for (const url of ['/demo/mailbox/a%00b', '/demo?creator=a%00b']) {
      const res = await t.system.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('a NUL character is not allowed');
    }
  });
});
