import { describe, expect, it } from 'vitest';
import { classifyThreadsError, isMissingMedia } from './errors.ts';

const HOST = 'graph.threads.net';
const graph = (error: Record<string, unknown>) => ({ error: { message: 'Simulated', type: 'OAuthException', fbtrace_id: 'x', ...error } });
const classify = (body: unknown, { status = 400, headers = {} as Record<string, string> } = {}) => classifyThreadsError(status, body, new Headers(headers), HOST);

describe('a Threads token error (190) asks the creator to reconnect, as for Instagram', () => {
  it.each([
    [458, 'app_removed'],
    [460, 'password_changed'],
    [463, 'expired'],
    [467, 'invalid_token'],
  ])('190 with subcode %i means %s', (subcode, reason) => {
    expect(classify(graph({ code: 190, error_subcode: subcode }))).toMatchObject({ kind: 'reauth_required', reason, providerCode: `190/${subcode}` });
  });

  it('190 without a subcode means the access was revoked', () => {
    expect(classify(graph({ code: 190 }))).toMatchObject({ kind: 'reauth_required', reason: 'revoked' });
  });
});

describe('other Threads failures', () => {
  it('a missing permission (code 10) is insufficient_scope', () => {
    expect(classify(graph({ code: 10 }))).toMatchObject({ kind: 'insufficient_scope', reason: 'insufficient_scope' });
  });

  it('a throttle says how long to wait from the business-use-case estimate', () => {
    const headers = { 'x-business-use-case-usage': JSON.stringify({ '1': [{ call_count: 100, estimated_time_to_regain_access: 12 }] }) };
    expect(classify(graph({ code: 80002 }), { headers })).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 720, appWide: false });
  });

  it('a server error (or an error marked transient) is transient', () => {
    expect(classify({}, { status: 502 }).kind).toBe('transient');
    expect(classify(graph({ code: 2, is_transient: true })).kind).toBe('transient');
  });

  it('a refused parameter is an unexpected response, naming the code', () => {
    expect(classify(graph({ code: 100 }))).toMatchObject({ kind: 'unexpected_response', providerCode: '100' });
  });

  it('a post the token cannot see (100/33) is told apart from other errors', () => {
    expect(isMissingMedia(graph({ code: 100, error_subcode: 33 }))).toBe(true);
    expect(isMissingMedia(graph({ code: 100 }))).toBe(false);
    expect(isMissingMedia({ data: [] })).toBe(false);
  });
});
