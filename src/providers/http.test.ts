import { describe, expect, it } from 'vitest';
import { createHttpClient, mapUrlThrough, readJson } from './http.ts';
import { ProviderError } from './provider.ts';

const SECRET = 'IGAAsecret-token-in-query';
const meUrl = () => new URL(`https://graph.instagram.com/v25.0/me?fields=user_id,username&access_token=${SECRET}`);

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError, but the request succeeded');
}

/** Like the platform fetch: rejects with the signal's reason when the signal aborts, and otherwise never answers. */
const silentFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

describe('mapping provider URLs to the sandbox', () => {
  it('a mapped origin keeps the path and the query', () => {
    const mapped = mapUrlThrough({ 'https://graph.instagram.com': 'http://127.0.0.1:9100' }, meUrl());
    expect(mapped.href).toBe(`http://127.0.0.1:9100/v25.0/me?fields=user_id,username&access_token=${SECRET}`);
  });

  it('a mapped origin with a path prefix puts the path under the prefix', () => {
    const mapped = mapUrlThrough({ 'https://graph.instagram.com': 'http://127.0.0.1:9100/graph.instagram.com' }, meUrl());
    expect(mapped.href).toBe(`http://127.0.0.1:9100/graph.instagram.com/v25.0/me?fields=user_id,username&access_token=${SECRET}`);
  });

  it('a trailing slash on the prefix does not double the slash', () => {
    const mapped = mapUrlThrough({ 'https://graph.instagram.com': 'http://127.0.0.1:9100/graph.instagram.com/' }, meUrl());
    expect(mapped.pathname).toBe('/graph.instagram.com/v25.0/me');
  });

  it('an origin that is not in the map is left alone', () => {
    const url = new URL('https://api.instagram.com/oauth/access_token?x=1');
    expect(mapUrlThrough({ 'https://graph.instagram.com': 'http://127.0.0.1:9100' }, url).href).toBe(url.href);
  });

  it('the client accepts map keys written as URLs, not just bare origins', () => {
    const client = createHttpClient({ originMap: { 'https://graph.instagram.com/': 'http://127.0.0.1:9100/g' }, timeoutMs: 1000 });
    expect(client.mapUrl(meUrl()).pathname).toBe('/g/v25.0/me');
  });

  it('requests go to the mapped URL', async () => {
    const seen: string[] = [];
    const client = createHttpClient({
      originMap: { 'https://graph.instagram.com': 'http://sandbox.test/graph.instagram.com' },
      timeoutMs: 1000,
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('{}');
      },
    });
    await client.request(meUrl());
    expect(seen).toEqual([`http://sandbox.test/graph.instagram.com/v25.0/me?fields=user_id,username&access_token=${SECRET}`]);
  });
});

describe('network failures', () => {
  it('a provider that cannot be reached is a transient "network" failure', async () => {
    const client = createHttpClient({
      originMap: {},
      timeoutMs: 1000,
      fetch: () => Promise.reject(new TypeError(`fetch failed: ${meUrl().href}`)),
    });
    const error = await rejection(client.request(meUrl()));
    expect(error).toMatchObject({ kind: 'transient', providerCode: 'network' });
    expect(error.message).toBe('graph.instagram.com could not be reached');
  });

  it('a provider that does not answer in time is a transient "timeout" failure', async () => {
    const client = createHttpClient({ originMap: {}, timeoutMs: 50, fetch: silentFetch });
    const error = await rejection(client.request(meUrl()));
    expect(error).toMatchObject({ kind: 'transient', providerCode: 'timeout' });
    expect(error.message).toBe('graph.instagram.com did not answer within 50 ms');
  });

  it('a failure never repeats the query string, where access tokens travel', async () => {
    const failing = createHttpClient({ originMap: {}, timeoutMs: 1000, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const silent = createHttpClient({ originMap: {}, timeoutMs: 50, fetch: silentFetch });
    for (const error of [await rejection(failing.request(meUrl())), await rejection(silent.request(meUrl()))]) {
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain('?');
      expect(error.stack ?? '').not.toContain(SECRET);
      expect(error.cause).toBeUndefined();
    }
  });

  it('a body that stalls past the timeout is a transient timeout, not an unexpected response', async () => {
    const client = createHttpClient({
      originMap: {},
      timeoutMs: 50,
      fetch: async (_input, init) => {
        const signal = init!.signal!;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"access_to'));
            signal.addEventListener('abort', () => controller.error(signal.reason), { once: true });
          },
        });
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const response = await client.request(meUrl());
    const error = await rejection(readJson(response, 'graph.instagram.com'));
    expect(error).toMatchObject({ kind: 'transient', providerCode: 'timeout' });
  });
});

describe('reading JSON bodies', () => {
  it('a JSON body is parsed', async () => {
    expect(await readJson(new Response('{"a":1}'), 'graph.instagram.com')).toEqual({ a: 1 });
  });

  it('a 200 whose body is not JSON is an unexpected response', async () => {
    const error = await rejection(readJson(new Response('<!DOCTYPE html>Sorry'), 'graph.instagram.com'));
    expect(error).toMatchObject({ kind: 'unexpected_response', providerCode: 'http_200' });
  });

  it('a 5xx whose body is not JSON (a proxy error page) is transient', async () => {
    const error = await rejection(readJson(new Response('<h1>502 Bad Gateway</h1>', { status: 502 }), 'graph.instagram.com'));
    expect(error).toMatchObject({ kind: 'transient', providerCode: 'http_502' });
  });
});
