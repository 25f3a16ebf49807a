import { describe, expect, it } from 'vitest';
import { FaultBook, type FaultSpec } from './faults.ts';
import { authorize, connect, DAY_MS, exchangeCode, me, refresh, setup } from './test-support.ts';

const ANA = '17841400000000001';
const BEN = '17841400000000002';

async function arm(app: ReturnType<typeof setup>['app'], spec: FaultSpec) {
  const res = await app.inject({ method: 'POST', url: '/_sandbox/faults', payload: spec });
  expect(res.statusCode).toBe(201);
}

describe('faults', () => {
  it('an http_500 fault fails the next call only, with a bare non-Graph body', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    await arm(app, { endpoint: 'me', fault: 'http_500' });
    const failed = await me(app, long);
    expect(failed.statusCode).toBe(500);
    expect(failed.headers['content-type']).toMatch(/text\/html/);
    expect((await me(app, long)).statusCode).toBe(200);
  });

  it('a meta_error with code 2 is a transient 500 in the Graph shape', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    await arm(app, { endpoint: '*', fault: 'meta_error', code: 2 });
    const res = await me(app, long);
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatchObject({ code: 2, is_transient: true, type: 'OAuthException' });
  });

  it('a meta_error can inject a token error such as 190/460', async () => {
    const { app, clock } = setup();
    const { long } = await connect(app, 'ana.business');
    clock.advance(2 * DAY_MS);
    await arm(app, { endpoint: 'refresh_access_token', fault: 'meta_error', code: 190, subcode: 460 });
    expect((await refresh(app, long)).json().error).toMatchObject({ code: 190, error_subcode: 460 });
    expect((await refresh(app, long)).statusCode).toBe(200);
  });

  it('a BUC throttle names the account and its regain time, and spares other accounts', async () => {
    const { app } = setup();
    const ana = await connect(app, 'ana.business');
    const ben = await connect(app, 'ben.creator');
    await arm(app, { endpoint: 'me', fault: 'throttle', code: 80002, regainMinutes: 17, accountUserId: ANA, count: -1 });
    expect((await me(app, ben.long)).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await me(app, ana.long);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 80002, is_transient: true });
      const usage = JSON.parse(String(res.headers['x-business-use-case-usage']));
      expect(usage[ANA][0]).toMatchObject({ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 17 });
    }
    expect((await app.inject({ method: 'DELETE', url: '/_sandbox/faults' })).statusCode).toBe(204);
    expect((await me(app, ana.long)).statusCode).toBe(200);
    expect(Object.keys(JSON.parse(String((await me(app, ben.long)).headers['x-business-use-case-usage'])))).toEqual([BEN]);
  });

  it('an app-level throttle (code 4) is a 403 with X-App-Usage at 100', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    await arm(app, { endpoint: 'me', fault: 'throttle', code: 4 });
    const res = await me(app, long);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 4, message: '(#4) Application request limit reached' });
    expect(JSON.parse(String(res.headers['x-app-usage'])).call_count).toBe(100);
  });

  it('a malformed fault answers 200 with a body that is not JSON', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    await arm(app, { endpoint: 'me', fault: 'malformed' });
    const res = await me(app, long);
    expect(res.statusCode).toBe(200);
    expect(() => JSON.parse(res.body)).toThrow();
  });

  it('a timeout hangs without blocking other requests, then answers 504', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    await arm(app, { endpoint: 'me', fault: 'timeout', delayMs: 200, accountUserId: ANA });
    const order: string[] = [];
    const slow = me(app, long).then((r) => (order.push('slow'), r));
    const quick = app.inject({ url: '/_sandbox/clock' }).then((r) => (order.push('quick'), r));
    const [slowRes] = await Promise.all([slow, quick]);
    expect(order).toEqual(['quick', 'slow']);
    expect(slowRes.statusCode).toBe(504);
  });

  it('a hanging timeout does not hold up closing the server', async () => {
    const { app } = setup();
    const { long } = await connect(app, 'ana.business');
    await arm(app, { endpoint: 'me', fault: 'timeout' });
    const pending = me(app, long);
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await app.close();
    expect((await pending).statusCode).toBe(504);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a fault on the code exchange answers in the OAuth shape and leaves the code usable', async () => {
    const { app } = setup();
    const code = await authorize(app, 'ana.business');
    await arm(app, { endpoint: 'oauth_access_token', fault: 'meta_error', code: 1 });
    const failed = await exchangeCode(app, code);
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({ error_type: 'OAuthException', code: 1 });
    expect((await exchangeCode(app, code)).statusCode).toBe(200);
  });

  it('rejects an unknown fault name', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'POST', url: '/_sandbox/faults', payload: { endpoint: 'me', fault: 'gremlins' } });
    expect(res.statusCode).toBe(400);
  });

  it('a fault with a rate fails only the calls its draw picks, and lets the next armed fault try the others', () => {
    const draws = [0.01, 0.5, 0.04, 0.9];
    const book = new FaultBook(() => draws.shift() ?? 1);
    book.add({ endpoint: '*', fault: 'http_500', rate: 0.05, count: -1 });
    book.add({ endpoint: 'me', fault: 'timeout', count: 1 });
    expect(book.take('me', ANA)?.fault).toBe('http_500');
    expect(book.take('me', ANA)?.fault).toBe('timeout');
    expect(book.take('me', BEN)?.fault).toBe('http_500');
    expect(book.take('me', BEN)).toBeUndefined();
    expect(book.list()).toHaveLength(1);
  });

  it('counts the calls each account had faulted, and no others', async () => {
    const { app, world } = setup();
    const ana = await connect(app, 'ana.business');
    const ben = await connect(app, 'ben.creator');
    await arm(app, { endpoint: 'me', fault: 'http_500', accountUserId: ANA, count: 2 });
    for (let i = 0; i < 3; i++) await me(app, ana.long);
    await me(app, ben.long);
    expect(world.faults.faultedCalls(ANA)).toBe(2);
    expect(world.faults.faultedCalls(BEN)).toBe(0);
    expect(world.faults.faultedCalls()).toBe(2);
    expect(world.calls.count('me', ANA)).toBe(3);
  });

  it('refuses a rate outside (0, 1]', async () => {
    const { app } = setup();
    for (const rate of [0, 1.5]) {
      const res = await app.inject({ method: 'POST', url: '/_sandbox/faults', payload: { endpoint: 'me', fault: 'http_500', rate } });
      expect(res.statusCode).toBe(400);
    }
  });

  it('a lost answer on the Instagram refresh issues the new token and supersedes the old one, then never answers', async () => {
    const { app, clock, world } = setup();
    const { long } = await connect(app, 'ana.business');
    clock.advance(2 * DAY_MS);
    await arm(app, { endpoint: 'refresh_access_token', fault: 'lost_answer', delayMs: 10 });
    expect((await refresh(app, long)).statusCode).toBe(504);
    expect(world.instagram.token(long)?.supersededAtMs).toBe(clock.now().getTime());
    const newest = world.instagram
      .exportState()
      .tokens.filter((t) => t.username === 'ana.business' && t.kind === 'long')
      .at(-1)!;
    expect(newest.value).not.toBe(long);
    expect(world.instagram.check(newest.value).ok).toBe(true);
  });
});
