/**
 * The provider sandbox: a local, faithful fake of the networks' OAuth and data endpoints (Instagram API with
 * Instagram Login, Facebook Login for Pages, TikTok, Google and YouTube, Pinterest), plus a control API.
 * It shares nothing with our adapters but the Clock; it is a fake provider, not a fake of our code.
 *
 * Layout: core/ is what every network shares (the world, persistence, the control API's common routes,
 * faults, call counts); meta/ is what Instagram and Facebook share (Graph errors and faults, insights,
 * rate limits); each network's folder (instagram/, facebook/, tiktok/, youtube/, pinterest/, threads/) holds
 * its records (model.ts), state (world.ts), endpoints (<network>.ts), control routes (control.ts) and the
 * kit benchmarks and the soak drive it with (kit.ts), and networks.ts lists the networks. What each simulates: docs/networks.md.
 *
 * `buildSandbox` returns an app that is not listening (tests use `app.inject()`); `startSandbox` listens.
 * Simulated hosts answer at root and under `/<hostname>` (e.g. `/graph.instagram.com/me`), so the service
 * can map `https://graph.instagram.com` to either `http://127.0.0.1:9100` or `http://127.0.0.1:9100/graph.instagram.com`.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock } from '../src/kernel/clock.ts';
import { registerCdn } from './core/cdn.ts';
import { registerControl } from './core/control.ts';
import type { SandboxConfig } from './core/types.ts';
import { World } from './core/world.ts';
import { simulatedNetworks } from './networks.ts';

export type { FaultSpec } from './core/faults.ts';
export type { GrantToken, GrantTokenKind, KitAccount, KitGrant, NetworkKit } from './core/kit.ts';
export type { NetworkContext, SandboxApp, SandboxConfig, SimulatedNetwork } from './core/types.ts';
export { defaultConfig, World } from './core/world.ts';
export type { FacebookConfig } from './facebook/model.ts';
export { type SignedRequestPayload, signRequest, verifySignedRequest } from './facebook/signed-request.ts';
export type { FacebookWorld } from './facebook/world.ts';
export type { Account, AccountEvent, AccountType, Connection, MintOptions, Token } from './instagram/model.ts';
export type { InstagramWorld } from './instagram/world.ts';
export { networkKits } from './networks.ts';

export interface SandboxOptions {
  clock: Clock;
  /** Log requests with pino; query-string secrets are redacted from logged URLs. */
  logger?: boolean;
  config?: Partial<SandboxConfig>;
  /**
   * Keep the world's accounts, apps and tokens in this JSON file: loaded at start when it exists, saved
   * (atomically, at most once a second) after state-changing requests and on close. Unset: memory only.
   */
  stateFile?: string;
}

const secretParams = /([?&](?:access_token|client_secret|code|input_token|token|refresh_token)=)[^&#]*/g;

export function redactUrl(url: string): string {
  return url.replace(secretParams, '$1[redacted]');
}

export function buildSandbox(opts: SandboxOptions): { app: FastifyInstance; world: World } {
  const world = new World(opts.clock, opts.config, { stateFile: opts.stateFile });
  const app = Fastify({
    logger: opts.logger ? { serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }) } } : false,
    routerOptions: { ignoreTrailingSlash: true },
    // Benchmarks hold thousands of keep-alive connections; don't let idle ones pile up forever.
    keepAliveTimeout: 10_000,
  });
  void app.register(formbody);
  // Control calls like `POST /_sandbox/reset` often carry a JSON content type and no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  // A hanging `timeout` fault must not hold up close().
  app.addHook('preClose', (done) => {
    world.faults.releaseHanging();
    done();
  });
  app.addHook('onRequest', async (request) => {
    const latency = world.config.latencyMs;
    if (latency > 0 && !request.url.startsWith('/_sandbox')) await new Promise((resolve) => setTimeout(resolve, latency));
  });
  const persister = world.persister;
  if (persister) {
    // Any request may have changed the world (the persister checks whether it did).
    app.addHook('onResponse', (_req, _reply, done) => {
      persister.schedule();
      done();
    });
    app.addHook('onClose', async () => {
      await persister.close();
    });
  }
  for (const { register } of simulatedNetworks) register(app, world);
  registerCdn(app, world);
  registerControl(app, world);
  return { app, world };
}

export interface StartedSandbox {
  /** e.g. http://127.0.0.1:9100 */
  url: string;
  app: FastifyInstance;
  world: World;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions & { port?: number; host?: string }): Promise<StartedSandbox> {
  const { app, world } = buildSandbox(opts);
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${port}`, app, world, close: () => app.close() };
}
