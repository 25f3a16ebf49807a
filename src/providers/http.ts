/**
 * Outgoing HTTP for adapters: the provider origin map (so real URLs can point at the sandbox),
 * a timeout, and the four-way failure split: network failure and timeout become `transient`
 * ProviderErrors here; unexpected statuses and unparseable bodies are the adapter's to classify.
 * URLs are never logged or put into errors: they carry access tokens in their query strings.
 */
import type { Logger } from 'pino';
import { ProviderError } from './provider.ts';

export type OriginMap = Record<string, string>;

export interface HttpClient {
  /** Rewrites a real provider URL through the origin map (also used for browser redirects). */
  mapUrl(url: URL): URL;
  request(url: URL, init?: RequestInit): Promise<Response>;
}

export function mapUrlThrough(originMap: OriginMap, url: URL): URL {
  const replacement = originMap[url.origin];
  if (!replacement) return url;
  const base = new URL(replacement);
  const prefix = base.pathname.replace(/\/$/, '');
  return new URL(`${base.origin}${prefix}${url.pathname}${url.search}${url.hash}`);
}

export function createHttpClient(options: { originMap: OriginMap; timeoutMs: number; fetch?: typeof fetch; logger?: Logger }): HttpClient {
  const doFetch = options.fetch ?? fetch;
  const originMap = Object.fromEntries(Object.entries(options.originMap).map(([from, to]) => [new URL(from).origin, to]));
  return {
    mapUrl: (url) => mapUrlThrough(originMap, url),
    async request(url, init = {}) {
      const target = mapUrlThrough(originMap, url);
      const started = performance.now();
      // Host and path only: the query string carries tokens and secrets.
      const call = { method: init.method ?? 'GET', host: url.host, path: url.pathname };
      try {
        const response = await doFetch(target, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
        options.logger?.debug({ ...call, status: response.status, ms: Math.round(performance.now() - started) }, 'provider call');
        return response;
      } catch (error) {
        options.logger?.debug({ ...call, ms: Math.round(performance.now() - started), failed: true }, 'provider call failed');
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        throw new ProviderError('transient', timedOut ? `${url.host} did not answer within ${options.timeoutMs} ms` : `${url.host} could not be reached`, {
          providerCode: timedOut ? 'timeout' : 'network',
        });
      }
    },
  };
}

/** Reads a JSON body, classifying a body that is not JSON as `unexpected_response`. */
export async function readJson(response: Response, host: string): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The headers came in time but the body did not (the request's timeout signal covers both).
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ProviderError('transient', `${host} stopped sending its answer`, { providerCode: timedOut ? 'timeout' : 'network' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (response.status >= 500) throw new ProviderError('transient', `${host} answered ${response.status} with no JSON`, { providerCode: `http_${response.status}` });
    throw new ProviderError('unexpected_response', `${host} answered ${response.status} with a body that is not JSON`, { providerCode: `http_${response.status}` });
  }
}
