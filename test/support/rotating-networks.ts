/**
 * The networks whose refresh rotates away the token it presents (TikTok's and Pinterest's refresh tokens,
 * Instagram's long-lived token itself), as the refresh-crash tests need them: how to connect one account,
 * when the sweep refreshes it, which stored token a refresh spends, whether the network keeps the
 * refreshed-away token alive, and whether a token works at the network right now.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PinterestWorld } from '../../sandbox/pinterest/world.ts';
import type { TikTokWorld } from '../../sandbox/tiktok/world.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { profiles } from '../../src/providers/profiles.ts';
import { sandboxCredentials } from '../../src/providers/registry.ts';
import { demoOriginMap } from '../../src/system.ts';
import type { TestContext } from './context.ts';

export interface RotatingNetwork {
  provider: 'tiktok' | 'pinterest' | 'instagram';
  account: string;
  /** The stored token a refresh presents and the network rotates away. */
  spends: 'refresh' | 'access';
  /** The sandbox's fault endpoint for the token call. */
  tokenEndpoint: string;
  /** From connecting to the sweep that refreshes the connection. */
  untilDueMs: number;
  /** Whether the network still accepts a refresh token for a while after rotating it away. */
  keepOldToken(t: TestContext, keep: boolean): void;
  refreshTokenWorks(t: TestContext, token: string): boolean;
  accessTokenWorks(t: TestContext, token: string): boolean;
}

const tiktok = (t: TestContext) => t.sandbox.world.network<TikTokWorld>('tiktok');
const pinterest = (t: TestContext) => t.sandbox.world.network<PinterestWorld>('pinterest');

export const rotatingNetworks: Record<'tiktok' | 'pinterest' | 'instagram', RotatingNetwork> = {
  tiktok: {
    provider: 'tiktok',
    account: 'tess.tiktok',
    spends: 'refresh',
    tokenEndpoint: 'tiktok.token',
    // The refresh token ends 180 days after the grant; the sweep refreshes it 30 days before.
    untilDueMs: 151 * DAY,
    keepOldToken: (t, keep) => void (tiktok(t).config.rotationGraceSeconds = keep ? 600 : 0),
    refreshTokenWorks: (t, token) => tiktok(t).checkRefresh(token).ok,
    accessTokenWorks: (t, token) => tiktok(t).checkAccess(token) !== undefined,
  },
  pinterest: {
    provider: 'pinterest',
    account: 'pia.pins',
    spends: 'refresh',
    tokenEndpoint: 'pinterest.token',
    // The access token lives 30 days; the sweep refreshes it 5 days before.
    untilDueMs: 26 * DAY,
    keepOldToken: (t, keep) => void (pinterest(t).config.oldRefreshToken = keep ? 'kept' : 'invalidated'),
    refreshTokenWorks: (t, token) => pinterest(t).checkRefresh(token).ok,
    accessTokenWorks: (t, token) => pinterest(t).checkAccess(token).ok,
  },
  instagram: {
    provider: 'instagram',
    account: 'ana.business',
    spends: 'access',
    tokenEndpoint: 'refresh_access_token',
    // The long-lived token is refreshed once REFRESH_AFTER_DAYS (50) old, up to 5 days earlier by its spread.
    untilDueMs: 51 * DAY,
    keepOldToken: (t, keep) => void (t.sandbox.world.config.refreshGraceSeconds = keep ? 600 : 0),
    refreshTokenWorks: (t, token) => t.sandbox.world.instagram.check(token).ok,
    accessTokenWorks: (t, token) => t.sandbox.world.instagram.check(token).ok,
  },
};

export const TEST_ENCRYPTION_KEYS = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const root = path.resolve(import.meta.dirname, '../..');

/** What a `channelkeeper` process needs to share the test's database and sandbox. */
export function processEnv(t: TestContext, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: t.system.config.databaseUrl as string,
    ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    ...Object.fromEntries(
      profiles.flatMap((profile) => [
        [profile.env.clientId, sandboxCredentials[profile.id].clientId],
        [profile.env.clientSecret, sandboxCredentials[profile.id].clientSecret],
      ]),
    ),
    PROVIDER_ORIGIN_MAP: JSON.stringify(demoOriginMap(t.sandbox.url)),
    LOG_LEVEL: 'warn',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ck-proc-')),
    ...extra,
  };
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `channelkeeper <args>` as a process of its own. */
export function startChannelkeeper(args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(path.join(root, 'node_modules/.bin/node'), ['bin/channelkeeper.js', ...args], { cwd: root, env });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, exited };
}

/** Waits, in real time, for something another process does (a provider call, a line of output). */
export async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
