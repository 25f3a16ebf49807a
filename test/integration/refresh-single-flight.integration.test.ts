/**
 * Many callers in several processes ask for the access token of one TikTok connection whose access
 * token is about to lapse: the network sees ONE refresh (a second would spend the rotated-away refresh
 * token), and every caller gets the same new, working token. Two API processes (`channelkeeper start`,
 * WORKERS=off) and the test's own process share one PostgreSQL database, so this runs only there.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/kernel/clock.ts';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';
import { postgresAdminUrl } from '../support/database.ts';
import { processEnv, type RunningProcess, rotatingNetworks, startChannelkeeper, waitFor } from '../support/rotating-networks.ts';

const PROCESSES = 2;
const CALLERS_EACH = 6;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!postgresAdminUrl)('single flight of an on-demand refresh across processes (PostgreSQL)', () => {
  let t: TestContext;
  const servers: { url: string; process: RunningProcess }[] = [];

  beforeAll(async () => {
    // The API processes read the wall clock, so the test's clock starts at the wall clock's now.
    t = await createTestContext({ now: new Date().toISOString() });
    for (let i = 0; i < PROCESSES; i++) {
      const port = await freePort();
      const env = processEnv(t, { PORT: String(port), HOST: '127.0.0.1', WORKERS: 'off', BOOTSTRAP_API_KEY: API_KEY });
      servers.push({ url: `http://127.0.0.1:${port}`, process: startChannelkeeper(['start'], env) });
    }
    for (const server of servers) {
      await waitFor('an API process to start', () => server.process.output().includes('Channelkeeper is running') || server.process.child.exitCode !== null, 60_000);
      expect(server.process.child.exitCode, server.process.output()).toBeNull();
    }
  });
  afterAll(async () => {
    for (const server of servers) {
      server.process.child.kill('SIGTERM');
      await server.process.exited;
    }
    await t?.close();
  });

  it(`${PROCESSES} API processes and the test process, ${CALLERS_EACH} callers each: one refresh call, one new token for all`, async () => {
    const tiktok = rotatingNetworks.tiktok;
    const res = await t.connect({
      provider: 'tiktok',
      account: tiktok.account,
      creator: { id: 'flight', email: 'flight@example.com' },
      returnUrl: 'https://platform.example/back',
    });
    const id = new URL(res.headers.location as string).searchParams.get('connection')!;
    // Two minutes left: inside the five-minute window in which a hand-out refreshes first.
    await t.system.deps.db
      .updateTable('connections')
      .set({ token_expires_at: new Date(Date.now() + 2 * MINUTE) })
      .where('id', '=', id)
      .execute();
    // A slow network, so every caller arrives while the refresh is in flight.
    t.sandbox.world.config.latencyMs = 500;
    t.sandbox.world.calls.clear();

    const viaProcess = (url: string) =>
      fetch(`${url}/v1/connections/${id}/access-token`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { accessToken?: string },
      }));
    const viaTestProcess = () => t.api('POST', `/v1/connections/${id}/access-token`).then((r) => ({ status: r.statusCode, body: r.json() as { accessToken?: string } }));
    const answers = await Promise.all([
      ...servers.flatMap((server) => Array.from({ length: CALLERS_EACH }, () => viaProcess(server.url))),
      ...Array.from({ length: CALLERS_EACH }, viaTestProcess),
    ]);

    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(t.sandbox.world.calls.count(tiktok.tokenEndpoint)).toBe(1);
    const tokens = new Set(answers.map((a) => a.body.accessToken));
    expect(tokens.size).toBe(1);
    expect(tiktok.accessTokenWorks(t, [...tokens][0]!)).toBe(true);
  });
});
