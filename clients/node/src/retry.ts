/**
 * What a generated client does badly, as openapi-fetch middleware and a fetch wrapper: retries with
 * backoff on 429 and 503 (honouring Retry-After), and an Idempotency-Key on every POST, so a retried
 * create is done once.
 */
import crypto from 'node:crypto';

export interface RetryOptions {
  /** How many times a request is tried in all (default 4). */
  attempts?: number;
  /** The first backoff in milliseconds; it doubles each time, with jitter (default 500). */
  baseDelayMs?: number;
  /** The longest wait between two tries, Retry-After included (default 30 s). */
  maxDelayMs?: number;
  /** Waits (tests replace it). */
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = new Set([429, 503]);

/** Seconds or an HTTP date, as Retry-After may say; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A fetch that retries 429/503 answers and network failures of idempotent requests. A POST carries an
 * Idempotency-Key (one per call, kept across its retries) unless the caller set one, so retrying it is
 * safe too.
 */
export function retryingFetch(inner: typeof fetch, options: RetryOptions = {}): typeof fetch {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method === 'POST' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', crypto.randomUUID());
    const body = request.body ? await request.arrayBuffer() : undefined;
    for (let attempt = 1; ; attempt++) {
      const backoff = Math.min(cap, base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      try {
        const response = await inner(new Request(request, { body }));
        if (!RETRYABLE.has(response.status) || attempt >= attempts) return response;
        const wait = Math.min(cap, retryAfterMs(response.headers.get('retry-after')) ?? backoff);
        await response.body?.cancel();
        await sleep(wait);
      } catch (error) {
        // A network failure: the request may or may not have arrived; with an idempotency key (POST) or an idempotent method, trying again is safe.
        if (attempt >= attempts) throw error;
        await sleep(backoff);
      }
    }
  };
}
