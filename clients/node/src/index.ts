/**
 * @channelkeeper/client: the Channelkeeper API from Node, typed from its OpenAPI document.
 *
 * `createChannelkeeperClient` gives openapi-fetch's typed `GET`/`POST`/`PATCH`/`DELETE` (paths, params,
 * bodies and answers checked by the compiler from schema.d.ts, which `npm run openapi` regenerates),
 * plus what a generator does badly: retries with backoff on 429 and 503 honouring Retry-After, an
 * Idempotency-Key on every POST (kept across its retries), iteration over every page of a list, and
 * errors as exceptions carrying the catalogued code when asked for (`unwrap`).
 */
import createClient, { type Client } from 'openapi-fetch';
import { type RetryOptions, retryingFetch } from './retry.ts';
import type { components, paths } from './schema.d.ts';

export { type RetryOptions, retryAfterMs, retryingFetch } from './retry.ts';
export type { components, paths } from './schema.d.ts';
export { type VerifyOptions, verifyWebhook, WebhookVerificationError } from './webhooks.ts';

export interface ClientOptions {
  /** Where Channelkeeper answers, e.g. https://channelkeeper.example.com */
  baseUrl: string;
  /** The workspace's API key. */
  apiKey: string;
  /** Retries on 429/503 and network failures; false: none. */
  retry?: RetryOptions | false;
  fetch?: typeof fetch;
}

/** A failure the API answered, with its catalogued code (docs/errors.md). */
export class ChannelkeeperError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>, requestId?: string) {
    super(message);
    this.name = 'ChannelkeeperError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

type ErrorBody = { error?: { code?: string; message?: string; details?: Record<string, unknown>; requestId?: string } };

/** The answer's data, or a ChannelkeeperError with the answer's code. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    const body = (error ?? {}) as ErrorBody;
    throw new ChannelkeeperError(
      response.status,
      body.error?.code ?? 'unknown',
      body.error?.message ?? response.statusText,
      body.error?.details,
      body.error?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    );
  }
  return data;
}

/** The list operations: GET paths answering `{data, nextCursor}`. */
type ListPath = {
  [P in keyof paths]: paths[P] extends { get: { responses: { 200: { content: { 'application/json': { data: unknown[]; nextCursor: string | null } } } } } } ? P : never;
}[keyof paths];
type ItemOf<P extends ListPath> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': { data: (infer Item)[] } } } } } } ? Item : never;
type ParamsOf<P extends ListPath> = paths[P] extends { get: { parameters: infer Params } } ? Params : never;

export interface ChannelkeeperClient extends Client<paths> {
  /** Every item of a list, page after page (following nextCursor). */
  paginate<P extends ListPath>(path: P, params: Omit<ParamsOf<P>, 'header' | 'cookie'>): AsyncGenerator<ItemOf<P>>;
}

export function createChannelkeeperClient(options: ClientOptions): ChannelkeeperClient {
  const base = options.fetch ?? globalThis.fetch;
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    fetch: options.retry === false ? base : retryingFetch(base, options.retry),
    headers: { authorization: `Bearer ${options.apiKey}` },
  });
  async function* paginate<P extends ListPath>(path: P, params: Omit<ParamsOf<P>, 'header' | 'cookie'>): AsyncGenerator<ItemOf<P>> {
    let cursor: string | undefined;
    const given = params as { query?: Record<string, unknown>; path?: Record<string, unknown> };
    do {
      const query = { ...(given.query ?? {}), ...(cursor ? { cursor } : {}) };
      // openapi-fetch's overloads cannot see through the generic path: the page's shape is what ListPath guarantees.
      const page = (await unwrap(
        (client.GET as (p: string, init: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>)(path, { params: { ...given, query } }),
      )) as {
        data: ItemOf<P>[];
        nextCursor: string | null;
      };
      yield* page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return Object.assign(client, { paginate });
}

/** Named schemas of the API (Connection, Campaign, …), for signatures in your code. */
export type Schemas = components['schemas'];
