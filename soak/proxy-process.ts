/**
 * The TCP proxy between the workers and PostgreSQL (test/support/tcp-proxy.ts), in a process of its own:
 * every byte the workers exchange with the database passes through it, and that copying would otherwise
 * compete for the driver's event loop with the sandbox, which answers every provider call.
 *
 * Run by `startProxyProcess`; it listens, says `{port}`, then obeys `{cut}` / `{restore}` over IPC.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { startTcpProxy } from '../test/support/tcp-proxy.ts';

type Command = { seq: number; do: 'cut' | 'restore' };

export interface ProxyProcess {
  port: number;
  /** Rewrites a connection URL to go through the proxy. */
  url(target: string): string;
  /** Drops every connection and refuses new ones for `ms`: a database restart as its clients see it. */
  outage(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startProxyProcess(target: { host: string; port: number }): Promise<ProxyProcess> {
  const child = fork(path.join(import.meta.dirname, 'proxy-process.ts'), [], {
    execPath: path.resolve(import.meta.dirname, '../node_modules/.bin/node'),
    env: { ...process.env, SOAK_PROXY_TARGET: `${target.host}:${target.port}` },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the proxy process exited (${code})`)));
  });
  let seq = 0;
  const command = (what: Command['do']) =>
    new Promise<void>((resolve) => {
      const mine = ++seq;
      const done = (message: { seq?: number }) => {
        if (message.seq !== mine) return;
        child.off('message', done);
        resolve();
      };
      child.on('message', done);
      child.send({ seq: mine, do: what } satisfies Command, (error) => error && resolve());
    });
  return {
    port,
    url(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    async outage(ms) {
      await command('cut');
      await new Promise((resolve) => setTimeout(resolve, ms));
      await command('restore');
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// The process itself.
if (process.env.SOAK_PROXY_TARGET && process.send) {
  const [host, port] = process.env.SOAK_PROXY_TARGET.split(':') as [string, string];
  const proxy = await startTcpProxy({ host, port: Number(port) });
  process.on('message', (message: Command) => {
    if (message.do === 'cut') proxy.cut();
    else proxy.restore();
    process.send?.({ seq: message.seq });
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ port: proxy.port });
}
