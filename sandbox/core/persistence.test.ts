import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.ts';
import { buildSandbox, startSandbox } from '../index.ts';
import { connect, DAY_MS, me, refresh } from './test-support.ts';
import type { SandboxConfig } from './types.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-'));
  file = path.join(dir, 'sandbox.json');
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(clock: ManualClock, config: Partial<SandboxConfig> = {}) {
  return buildSandbox({ clock, config, stateFile: file });
}

describe('sandbox persistence', () => {
  it('keeps created accounts, minted tokens and account events across a restart', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const first = open(clock);
    const created = await first.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts', payload: { username: 'dia.shop', accountType: 'BUSINESS' } });
    expect(created.statusCode).toBe(201);
    const minted = (await first.app.inject({ method: 'POST', url: '/_sandbox/instagram/tokens', payload: { username: 'dia.shop' } })).json();
    const before = (await connect(first.app, 'ana.business')).long;
    await first.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts/ana.business/password-change' });
    const after = (await connect(first.app, 'ana.business')).long;
    await first.app.close();

    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.version).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['sandbox.json']); // no temp file left behind

    const second = open(clock);
    expect(second.world.instagram.account('dia.shop')?.userId).toBe(created.json().user_id);
    expect((await me(second.app, minted.access_token, 'user_id,username')).json()).toMatchObject({ username: 'dia.shop', user_id: created.json().user_id });
    const killed = (await me(second.app, before)).json();
    expect(killed.error).toMatchObject({ code: 190, error_subcode: 460 });
    expect((await me(second.app, after)).statusCode).toBe(200);
    // New accounts continue the id sequence instead of reusing an id.
    const next = await second.app.inject({ method: 'POST', url: '/_sandbox/instagram/accounts', payload: { username: 'eve.shop', accountType: 'BUSINESS' } });
    expect(next.json().user_id).toBe('17841400000000005');
    // Restored secrets count as issued: a "no token in the logs" grep still covers them.
    expect(second.world.issuedTokens()).toContain(minted.access_token);
    await second.app.close();
  });

  it('keeps a refreshed token working and the token it replaced replaced', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const first = open(clock);
    const { long } = await connect(first.app, 'ben.creator');
    clock.advance(2 * DAY_MS);
    const refreshed = (await refresh(first.app, long)).json().access_token as string;
    expect(refreshed).not.toBe(long);
    await first.app.close();

    const second = open(clock);
    expect((await me(second.app, refreshed)).statusCode).toBe(200);
    expect((await me(second.app, long)).statusCode).toBe(200); // still within the grace period
    clock.advance(2 * 3_600_000);
    const replaced = (await me(second.app, long)).json();
    expect(replaced.error).toMatchObject({ code: 190, error_subcode: 467 });
    expect((await me(second.app, refreshed)).statusCode).toBe(200);
    const token = second.world.instagram.token(refreshed)!;
    expect(token.kind).toBe('long');
    expect(token.scopes).toEqual(['instagram_business_basic', 'instagram_business_manage_insights']);
    expect(token.expiresAtMs).toBe(new Date('2026-01-03T00:00:00Z').getTime() + 60 * DAY_MS);
    await second.app.close();
  });

  it('keeps apps given at construction', async () => {
    const clock = new ManualClock();
    const app = { clientId: 'other-app', clientSecret: 'other-secret', name: 'Other', redirectUris: [] };
    const first = open(clock, { apps: [app] });
    first.world.instagram.mintToken({ username: 'ana.business', clientId: 'other-app' });
    await first.app.close();
    const second = open(clock);
    expect(second.world.instagram.app('other-app')).toEqual(app);
    await second.app.close();
  });

  it('saves after state-changing requests, at most once a second', async () => {
    const clock = new ManualClock();
    const started = await startSandbox({ clock, stateFile: file });
    try {
      const mint = () =>
        fetch(`${started.url}/_sandbox/instagram/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"ana.business"}' });
      const a = (await (await mint()).json()) as { access_token: string };
      await vi.waitFor(() => expect(fs.readFileSync(file, 'utf8')).toContain(a.access_token), { timeout: 2000 });
      const b = (await (await mint()).json()) as { access_token: string };
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fs.readFileSync(file, 'utf8')).not.toContain(b.access_token); // throttled
      await vi.waitFor(() => expect(fs.readFileSync(file, 'utf8')).toContain(b.access_token), { timeout: 2000 });
      // Reads do not rewrite the file.
      const mtime = fs.statSync(file).mtimeMs;
      await fetch(`${started.url}/me?access_token=${encodeURIComponent(b.access_token)}`);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(fs.statSync(file).mtimeMs).toBe(mtime);
    } finally {
      await started.close();
    }
  });

  it('ignores a corrupt file with a warning and replaces it at the next save', async () => {
    fs.writeFileSync(file, '{"version":1,"apps":[');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const clock = new ManualClock();
    const { app, world } = open(clock);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('not valid JSON'));
    expect(world.instagram.accounts().map((a) => a.username)).toEqual(['ana.business', 'ben.creator', 'cara.personal']);
    const token = world.instagram.mintToken({ username: 'ana.business' });
    await app.close();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).instagram.tokens.map((t: { value: string }) => t.value)).toEqual([token.value]);
  });

  it('ignores a file of another version or shape with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const clock = new ManualClock();
    fs.writeFileSync(file, JSON.stringify({ version: 2, apps: [], instagram: { seq: 0, accounts: [], tokens: [] } }));
    const v2 = open(clock);
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('version 2'));
    expect(v2.world.instagram.accounts()).toHaveLength(3);
    fs.writeFileSync(file, JSON.stringify({ version: 1, apps: 'none' }));
    const odd = open(clock);
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('unexpected content'));
    expect(odd.world.instagram.accounts()).toHaveLength(3);
    // Nothing changed: closing does not overwrite the file.
    await v2.app.close();
    await odd.app.close();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).apps).toBe('none');
  });

  it('writes nothing and keeps no persister without a state file', async () => {
    const { app, world } = buildSandbox({ clock: new ManualClock() });
    expect(world.persister).toBeUndefined();
    world.instagram.mintToken({ username: 'ana.business' });
    await app.close();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
