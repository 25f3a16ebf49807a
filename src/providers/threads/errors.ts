/**
 * Threads' errors: graph.threads.net speaks the Graph error object (`error.code`, `error_subcode`,
 * `type: OAuthException`) on every endpoint, the code exchange included. The Threads documentation lists
 * no codes of its own (https://developers.facebook.com/documentation/threads/troubleshooting), so they
 * are read as the Graph API documents them (https://developers.facebook.com/docs/graph-api/guides/error-handling):
 * 190 and its subcodes as for Instagram. Our record: docs/networks.md#threads.
 */
import { classifyMetaError, graphErrorOf } from '../meta/errors.ts';
import type { ProviderError } from '../provider.ts';

export function classifyThreadsError(status: number, body: unknown, headers: Headers, host: string): ProviderError {
  return classifyMetaError(status, body, headers, host);
}

/** A media the token cannot see: deleted, someone else's, or never existed ("Unsupported get request", 100/33). */
export function isMissingMedia(body: unknown): boolean {
  const error = graphErrorOf(body);
  return error?.code === 100 && error.error_subcode === 33;
}
