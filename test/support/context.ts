/**
 * A whole Channelkeeper for one test file: the real system (HTTP app, sweeps, outbox) on PGlite or
 * PostgreSQL, a sandbox listening on a loopback port, and one manual clock shared by both, so a
 * test can travel through time. Helpers drive the API and the sandbox the way a platform and a
 * creator would.
 */
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { type StartedSandbox, startSandbox } from '../../sandbox/index.ts';
import { ManualClock } from '../../src/kernel/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { dispatchPendingEmails } from '../../src/platform/email/dispatch.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSystem, demoOriginMap, type System } from '../../src/system.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const API_KEY = 'ck_test_key_0123456789abcdef';
export const PUBLIC_URL = 'http://channelkeeper.test';

export interface TestContext {
  clock: ManualClock;
  system: System;
  sandbox: StartedSandbox;
  /** Every log line the system wrote, as text. */
  logs: string[];
  api(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, apiKey?: string | null): Promise<LightMyRequestResponse>;
  /** Runs the whole connect flow as a creator who picks `account` (or denies) on the sandbox page. */
  connect(input: ConnectInput): Promise<LightMyRequestResponse>;
  /** The creator's part from the network's authorize URL on: consent (or deny), callback, account choice. */
  consent(authorizeUrl: string, input: ConnectInput): Promise<LightMyRequestResponse>;
  deliverEmails(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectInput {
  creator?: { id: string; email?: string; name?: string };
  /** Default 'instagram'. */
  provider?: string;
  /** The sandbox account the creator signs in as (default: ana.business). */
  account?: string;
  /** Scopes to grant on the consent page (default: every scope asked). */
  grant?: string[];
  deny?: boolean;
  returnUrl?: string;
  /** The origins the flow's last page posts its result to (the popup flow). */
  allowedOrigins?: string[];
  /**
   * After a login that reached several accounts (Facebook), which to keep on the choice page, as
   * "<network>:<accountId>" keys; default all. The choice page's answer is returned.
   */
  choose?: string[];
}

export async function createTestContext(options: { now?: string; env?: Record<string, string>; logLevel?: string } = {}): Promise<TestContext> {
  const clock = new ManualClock(options.now ?? '2026-01-05T02:00:00Z');
  const sandbox = await startSandbox({ clock, port: 0 });
  const database: TestDatabase = await createTestDatabase();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL,
    ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    BOOTSTRAP_API_KEY: API_KEY,
    PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(sandbox.url)),
    // The demo page's "Publish a post" button calls this sandbox's control API.
    SANDBOX_PORT: new URL(sandbox.url).port,
    PROVIDER_TIMEOUT_MS: '10000',
    // Webhook receivers in tests listen on loopback; the guard's own tests turn this off.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  const system = await createSystem(config, {
    clock,
    inMemory: true,
    startSandbox: false,
    logger: createLogger(options.logLevel ?? 'info', sink),
    poolSize: 4,
    checkResponses: true,
  });

  const api: TestContext['api'] = (method, url, body, apiKey = API_KEY) =>
    system.app.inject({
      method,
      url,
      headers: apiKey === null ? {} : { authorization: `Bearer ${apiKey}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  const connect: TestContext['connect'] = (input) => driveConnect(system, sandbox, input);
  const completeConsent: TestContext['consent'] = (authorizeUrl, input) => driveConsent(system, sandbox, authorizeUrl, input);

  return {
    clock,
    system,
    sandbox,
    logs,
    api,
    connect,
    consent: completeConsent,
    async deliverEmails() {
      await dispatchPendingEmails({ db: system.deps.db, clock, logger: system.deps.logger, metrics: system.deps.metrics, transport: null });
    },
    async close() {
      await system.close();
      await sandbox.close();
      await database.drop();
    },
  };
}

/**
 * The whole connect flow on `system` as a platform and a creator drive it: a connect session through the
 * API (with `apiKey`), the link opened, then the creator's part on the sandbox (see driveConsent).
 */
export async function driveConnect(system: System, sandbox: StartedSandbox, input: ConnectInput, apiKey = API_KEY): Promise<LightMyRequestResponse> {
  const session = await system.app.inject({
    method: 'POST',
    url: '/v1/connect-sessions',
    headers: { authorization: `Bearer ${apiKey}` },
    payload: {
      creator: input.creator ?? { id: 'c1', email: 'c1@example.com', name: 'Ana' },
      provider: input.provider ?? 'instagram',
      ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
      ...(input.allowedOrigins ? { allowedOrigins: input.allowedOrigins } : {}),
    },
  });
  if (session.statusCode !== 201) throw new Error(`connect session failed: ${session.body}`);
  const opened = await system.app.inject({ method: 'GET', url: new URL(session.json().url).pathname });
  if (opened.statusCode !== 302) return opened;
  return driveConsent(system, sandbox, opened.headers.location as string, input);
}

/** The creator's part from the network's authorize URL on: consent (or deny) on the sandbox, the callback, the account choice. */
export async function driveConsent(system: System, sandbox: StartedSandbox, authorizeUrl: string, input: ConnectInput): Promise<LightMyRequestResponse> {
  const authorize = new URL(authorizeUrl);
  const form = new URLSearchParams(authorize.searchParams);
  if (input.deny) form.set('deny', '1');
  else {
    form.set('account', input.account ?? 'ana.business');
    // Comma-separated (Meta, TikTok, Pinterest) or space-separated (Google).
    const asked = (authorize.searchParams.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
    for (const scope of input.grant ?? asked) form.append('granted', scope);
  }
  const decision = await sandbox.app.inject({
    method: 'POST',
    url: authorize.pathname,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  const back = new URL(decision.headers.location as string);
  // A browser drops the "#_" fragment Instagram appends; keep the code as the callback receives it.
  const callback = await system.app.inject({ method: 'GET', url: `${back.pathname}${back.search}` });
  const next = callback.headers.location as string | undefined;
  if (callback.statusCode !== 302 || !next?.startsWith(`${system.config.publicUrl}/connect/choose/`)) return callback;
  return chooseAccounts(system, new URL(next).pathname, input.choose);
}

/** Ticks the given accounts (default: every one listed) on the choice page and submits it. */
async function chooseAccounts(system: System, path: string, keys?: string[]): Promise<LightMyRequestResponse> {
  const listed = await system.app.inject({ method: 'GET', url: path });
  const offered = [...listed.body.matchAll(/name="account" value="([^"]+)"/g)].map((m) =>
    m[1]!
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
  const form = new URLSearchParams();
  for (const key of keys ?? offered) form.append('account', key);
  return system.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
}
