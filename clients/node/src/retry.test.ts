import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryingFetch } from './retry.ts';

function script(answers: (Response | Error)[]) {
  const seen: Request[] = [];
  const fetchFn = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    seen.push(new Request(input, init));
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { fetchFn, seen };
}

describe('retries', () => {
  it('a 429 is tried again after the Retry-After it names, then the answer is returned', async () => {
    const { fetchFn, seen } = script([new Response('{}', { status: 429, headers: { 'retry-after': '7' } }), new Response('{"ok":true}', { status: 200 })]);
    const waits: number[] = [];
    const response = await retryingFetch(fetchFn, { sleep: async (ms) => void waits.push(ms) })('http://x/v1/connections');
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(waits).toEqual([7000]);
  });

  it('a 503 without Retry-After backs off, doubling, up to the number of attempts', async () => {
    const { fetchFn, seen } = script([new Response('', { status: 503 }), new Response('', { status: 503 }), new Response('', { status: 503 })]);
    const waits: number[] = [];
    const response = await retryingFetch(fetchFn, { attempts: 3, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) })('http://x/v1/x');
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('other errors are not retried', async () => {
    const { fetchFn, seen } = script([new Response('{}', { status: 400 })]);
    expect((await retryingFetch(fetchFn, { sleep: async () => {} })('http://x/v1/x')).status).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it('a POST carries one Idempotency-Key, the same on every retry, with the same body', async () => {
    const { fetchFn, seen } = script([new Error('socket hang up'), new Response('{}', { status: 429, headers: { 'retry-after': '0' } }), new Response('{}', { status: 201 })]);
    await retryingFetch(fetchFn, { sleep: async () => {} })('http://x/v1/campaigns', { method: 'POST', body: '{"name":"A"}', headers: { 'content-type': 'application/json' } });
    const keys = seen.map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(await Promise.all(seen.map((request) => request.text()))).toEqual(['{"name":"A"}', '{"name":"A"}', '{"name":"A"}']);
  });

  it("a caller's own Idempotency-Key is kept", async () => {
    const { fetchFn, seen } = script([new Response('{}', { status: 201 })]);
    await retryingFetch(fetchFn)('http://x/v1/campaigns', { method: 'POST', body: '{}', headers: { 'idempotency-key': 'mine' } });
    expect(seen[0]!.headers.get('idempotency-key')).toBe('mine');
  });

  it('Retry-After is read as seconds or as an HTTP date', () => {
    expect(retryAfterMs('12')).toBe(12_000);
    expect(retryAfterMs('Sun, 06 Dec 2026 10:00:30 GMT', Date.parse('2026-12-06T10:00:00Z'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
