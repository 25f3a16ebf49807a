import net from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresAdminUrl } from './database.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

let echo: net.Server | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  proxy = echo = undefined;
});

async function startEcho(): Promise<number> {
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo!.listen(0, '127.0.0.1', resolve));
  return (echo.address() as net.AddressInfo).port;
}

/** Connects, sends `text`, and resolves with the echo, or with the error that ended the connection. */
function roundTrip(port: number, text: string): Promise<{ echoed?: string; error?: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      resolve({ echoed: data });
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    socket.on('close', () => resolve({ error: 'closed' }));
  });
}

describe('the TCP proxy', () => {
  it('passes bytes both ways to the target', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: await startEcho() });
    expect(await roundTrip(proxy.port, 'hello')).toEqual({ echoed: 'hello' });
  });

  it('a cut drops open connections and refuses new ones until restored', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: await startEcho() });
    const socket = net.connect(proxy.port, '127.0.0.1');
    const ended = new Promise<string>((resolve) => {
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      socket.on('close', () => resolve('closed'));
    });
    await new Promise((resolve) => socket.once('connect', resolve));
    await waitUntil(() => proxy!.connections === 1);

    proxy.cut();
    expect(await ended).toMatch(/ECONNRESET|closed/);
    expect(proxy.connections).toBe(0);
    expect((await roundTrip(proxy.port, 'refused')).error).toBeDefined();

    proxy.restore();
    expect(await roundTrip(proxy.port, 'back')).toEqual({ echoed: 'back' });
  });

  it('an outage lasts the time asked, then connections go through again', async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: await startEcho() });
    const outage = proxy.outage(200);
    expect(proxy.isCut).toBe(true);
    await outage;
    expect(proxy.isCut).toBe(false);
    expect(await roundTrip(proxy.port, 'after')).toEqual({ echoed: 'after' });
  });
});

describe.skipIf(!postgresAdminUrl)('the TCP proxy in front of PostgreSQL', () => {
  it('a pool behind it fails during a restart and works again after, without being rebuilt', async () => {
    const target = new URL(postgresAdminUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const pool = new pg.Pool({ connectionString: proxy.url(postgresAdminUrl!), max: 2 });
    pool.on('error', () => {}); // An idle client losing its connection: the pool replaces it.
    try {
      expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      proxy.cut();
      await expect(pool.query('select 1')).rejects.toThrow();
      proxy.restore();
      expect((await pool.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    } finally {
      await pool.end();
    }
  });
});

async function waitUntil(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}
