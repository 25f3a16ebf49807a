/**
 * A crash between the state change and the send loses nothing: the webhook was committed with the
 * change, so a new process on the same database delivers it, once. Also: WEBHOOK_URL and
 * WEBHOOK_SECRET configure the bootstrap workspace, and the queue's worker delivers on its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startSandbox, type StartedSandbox } from '../../sandbox/index.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { startWorkers } from '../../src/jobs/workers.ts';
import { createLogger } from '../../src/logger.ts';
import { dispatchWebhooks } from '../../src/notify/webhook-dispatch.ts';
import { verifyWebhookSignature } from '../../src/notify/webhook-signature.ts';
import { createSystem, demoOriginMap, type System } from '../../src/system.ts';
import { API_KEY, PUBLIC_URL } from '../support/context.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_configured_by_env_0123456789';
const clock = new ManualClock('2026-02-01T10:00:00Z');
let sandbox: StartedSandbox;
let database: TestDatabase;
let receiver: WebhookReceiver;
let dataDir: string;
let config: Config;

beforeAll(async () => {
  sandbox = await startSandbox({ clock, port: 0 });
  database = await createTestDatabase();
  receiver = await startWebhookReceiver();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ck-webhook-crash-'));
  config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL,
    DATA_DIR: dataDir,
    ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    BOOTSTRAP_API_KEY: API_KEY,
    PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(sandbox.url)),
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET: SECRET,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const open = () => createSystem(config, { clock, startSandbox: false, logger: createLogger('silent'), poolSize: 4 });

/** The creator's side of the connect flow, on one system. */
async function connect(system: System, username: string): Promise<void> {
  sandbox.world.instagram.createAccount({ username, accountType: 'BUSINESS' });
  const session = await system.app.inject({
    method: 'POST',
    url: '/v1/connect-sessions',
    headers: { authorization: `Bearer ${API_KEY}` },
    payload: { creator: { id: username, email: `${username}@example.com` }, provider: 'instagram', returnUrl: 'https://p.example/' },
  });
  const opened = await system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
  const authorize = new URL(opened.headers.location as string);
  const form = new URLSearchParams(authorize.searchParams);
  form.set('account', username);
  for (const scope of (authorize.searchParams.get('scope') ?? '').split(',')) form.append('granted', scope);
  const decision = await sandbox.app.inject({ method: 'POST', url: authorize.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
  const back = new URL(decision.headers.location as string);
  const done = await system.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
  expect(done.statusCode).toBe(302);
}

it('a state change committed just before a crash is delivered once by the next process', async () => {
  const first = await open();
  const configured = await first.app.inject({ method: 'GET', url: '/v1/webhook', headers: { authorization: `Bearer ${API_KEY}` } });
  expect(configured.json()).toMatchObject({ url: receiver.url, secretHint: `whsec_…${SECRET.slice(-4)}` });
  await connect(first, 'crash.victim');
  // The process goes away before any worker ran: nothing was sent.
  await first.close();
  expect(receiver.received).toHaveLength(0);

  const second = await open();
  try {
    expect(await dispatchWebhooks(second.deps)).toMatchObject({ delivered: 1 });
    expect(await dispatchWebhooks(second.deps)).toMatchObject({ delivered: 0 });
    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(hook!.json).toMatchObject({ type: 'connection.connected', data: { connection: { username: 'crash.victim', status: 'active' } } });
    expect(verifyWebhookSignature(SECRET, hook!.headers['channelkeeper-signature'] as string, hook!.body, Math.floor(clock.now().getTime() / 1000)).ok).toBe(true);
  } finally {
    await second.close();
  }
});

it('the queue worker delivers a new webhook by itself, woken after the commit', async () => {
  const system = await open();
  const workers = await startWorkers(system);
  try {
    await connect(system, 'queued.one');
    await vi.waitFor(() => expect(receiver.received.map((r) => r.json.data.connection.username)).toContain('queued.one'), { timeout: 20_000, interval: 200 });
    expect(receiver.received).toHaveLength(2);
  } finally {
    await workers.stop();
    await system.close();
  }
});
