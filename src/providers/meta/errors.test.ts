import { describe, expect, it } from 'vitest';
import { ProviderError } from '../provider.ts';
import { appUsagePercent, classifyMetaError, graphErrorOf } from './errors.ts';

const HOST = 'graph.instagram.com';
const graph = (error: Record<string, unknown>) => ({ error: { message: 'Simulated', type: 'OAuthException', fbtrace_id: 'x', ...error } });
const classify = (body: unknown, { status = 400, headers = {} as Record<string, string> } = {}) => classifyMetaError(status, body, new Headers(headers), HOST);

describe('a Graph token error (190) asks the creator to reconnect, and says why', () => {
  it.each([
    [458, 'app_removed'],
    [459, 'checkpoint'],
    [460, 'password_changed'],
    [463, 'expired'],
    [464, 'unconfirmed_user'],
    [467, 'invalid_token'],
    [492, 'revoked'],
    [493, 'expired'],
  ])('190 with subcode %i means %s', (subcode, reason) => {
    const error = classify(graph({ code: 190, error_subcode: subcode }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'reauth_required', reason, providerCode: `190/${subcode}`, appWide: false });
  });

  it('190 without a subcode means the access was revoked', () => {
    expect(classify(graph({ code: 190 }))).toMatchObject({ kind: 'reauth_required', reason: 'revoked', providerCode: '190' });
  });

  it('190 with a subcode we do not know still asks for a reconnect', () => {
    expect(classify(graph({ code: 190, error_subcode: 999 }))).toMatchObject({ kind: 'reauth_required', reason: 'revoked' });
  });

  it('102 (session key invalid) asks for a reconnect too', () => {
    expect(classify(graph({ code: 102 }))).toMatchObject({ kind: 'reauth_required', providerCode: '102' });
  });
});

describe('a missing permission', () => {
  it.each([10, 200, 250, 299])('code %i is an insufficient scope', (code) => {
    expect(classify(graph({ code }))).toMatchObject({ kind: 'insufficient_scope', reason: 'insufficient_scope', providerCode: String(code) });
  });

  it('code 300 is not a permission error', () => {
    expect(classify(graph({ code: 300 })).kind).not.toBe('insufficient_scope');
  });
});

describe('throttling', () => {
  it('code 4 is the app-wide limit: stop for an hour when Meta gives no estimate', () => {
    const error = classify(graph({ code: 4, is_transient: true }), { status: 403, headers: { 'x-app-usage': '{"call_count":100}' } });
    expect(error).toMatchObject({ kind: 'rate_limited', appWide: true, retryAfterSeconds: 3600, providerCode: '4' });
  });

  it("80002 (this Instagram account's business use case) waits as long as X-Business-Use-Case-Usage says, for this account only", () => {
    const usage = { '17841400000000001': [{ type: 'instagram', call_count: 100, total_cputime: 5, total_time: 5, estimated_time_to_regain_access: 45 }] };
    const error = classify(graph({ code: 80002, is_transient: true }), { headers: { 'X-Business-Use-Case-Usage': JSON.stringify(usage) } });
    expect(error).toMatchObject({ kind: 'rate_limited', appWide: false, retryAfterSeconds: 2700, providerCode: '80002' });
  });

  it('the longest regain time across the usage entries wins', () => {
    const usage = { a: [{ estimated_time_to_regain_access: 5 }], b: [{ estimated_time_to_regain_access: 20 }, { estimated_time_to_regain_access: 3 }] };
    expect(classify(graph({ code: 80002 }), { headers: { 'x-business-use-case-usage': JSON.stringify(usage) } }).retryAfterSeconds).toBe(1200);
  });

  it.each([17, 32, 613])('code %i is a per-account limit that waits 15 minutes when no estimate is given', (code) => {
    expect(classify(graph({ code, is_transient: true }))).toMatchObject({ kind: 'rate_limited', appWide: false, retryAfterSeconds: 900 });
  });

  it('an unreadable usage header falls back to the default wait', () => {
    expect(classify(graph({ code: 80002 }), { headers: { 'x-business-use-case-usage': '{not json' } }).retryAfterSeconds).toBe(900);
  });
});

describe('temporary failures', () => {
  it.each([1, 2])('code %i is transient', (code) => {
    expect(classify(graph({ code, is_transient: true }), { status: 500 })).toMatchObject({ kind: 'transient', providerCode: String(code) });
  });

  it('any error Meta marks is_transient is transient', () => {
    expect(classify(graph({ code: 100, is_transient: true })).kind).toBe('transient');
  });

  it('an HTTP 500 with no Graph error in the body is transient', () => {
    expect(classify('<html>500</html>', { status: 500 })).toMatchObject({ kind: 'transient', providerCode: 'http_500' });
    expect(classify(undefined, { status: 503 })).toMatchObject({ kind: 'transient', providerCode: 'http_503' });
  });
});

describe('everything else', () => {
  it('an unknown code such as 100 (invalid parameter) is an unexpected response', () => {
    expect(classify(graph({ code: 100, error_subcode: 33 }))).toMatchObject({ kind: 'unexpected_response', providerCode: '100/33' });
  });

  it('a 4xx body that is not a Graph error is an unexpected response', () => {
    expect(classify({ oops: true }, { status: 404 })).toMatchObject({ kind: 'unexpected_response', providerCode: 'http_404' });
  });

  it('the message names the host and the code, never the provider text', () => {
    const error = classify(graph({ code: 190, error_subcode: 460, message: 'Error validating access token: IGAAsecret' }));
    expect(error.message).toBe('graph.instagram.com error 190/460');
  });
});

describe('reading a Graph error body', () => {
  it('finds the error object, and nothing in bodies without one', () => {
    expect(graphErrorOf(graph({ code: 4 }))).toMatchObject({ code: 4 });
    for (const body of [null, undefined, 'text', { data: [] }, { error: 'string' }, { error: null }]) expect(graphErrorOf(body)).toBeUndefined();
  });
});

describe('appUsagePercent', () => {
  it('reads the largest of call_count, total_time and total_cputime from X-App-Usage', () => {
    expect(appUsagePercent(new Headers({ 'x-app-usage': '{"call_count":28,"total_time":91,"total_cputime":25}' }))).toBe(91);
  });
  it('is undefined without the header or with a malformed one', () => {
    expect(appUsagePercent(new Headers())).toBeUndefined();
    expect(appUsagePercent(new Headers({ 'x-app-usage': 'not json' }))).toBeUndefined();
  });
});
