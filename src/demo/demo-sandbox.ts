/**
 * The demo's one call to the provider sandbox's control API: publish a post on an Instagram account,
 * as the creator would on the network. Over HTTP, because the sandbox may run in another process
 * (`npm start` serves it beside the app; a CLI run talks to that one).
 */
export type PublishOutcome = { ok: true; mediaId: string } | { ok: false; problem: string };

const TIMEOUT_MS = 5000;

export async function publishOnSandbox(sandboxUrl: string, username: string, caption: string, fetchFn: typeof fetch = globalThis.fetch): Promise<PublishOutcome> {
  const url = `${sandboxUrl}/_sandbox/instagram/accounts/${encodeURIComponent(username)}/media`;
  try {
    const res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mediaType: 'IMAGE', productType: 'FEED', caption }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { id?: unknown; message?: unknown };
    if (res.status === 201 && typeof body.id === 'string') return { ok: true, mediaId: body.id };
    return { ok: false, problem: typeof body.message === 'string' ? body.message : `the sandbox answered ${res.status}` };
  } catch {
    return { ok: false, problem: `the sandbox did not answer at ${sandboxUrl}` };
  }
}
