/**
 * A TCP proxy on a loopback port in front of another server (PostgreSQL, in the outage and soak tests),
 * so a test can take that server away from the processes behind the proxy without touching the server
 * itself, which other tests share. `cut()` drops every open connection and refuses new ones (accepted,
 * then reset at once: what a client sees while a server restarts); `restore()` lets them through again.
 */
import net from 'node:net';

export interface TcpProxy {
  /** Where clients connect instead of the target. */
  host: string;
  port: number;
  /** Open client connections passing through. */
  readonly connections: number;
  /** Connections accepted since the start (refused ones included). */
  readonly accepted: number;
  /** Connections refused while cut, since the start: how often the processes behind tried to reconnect. */
  readonly refused: number;
  readonly isCut: boolean;
  /** Drops every connection now and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  /** `cut()`, then `restore()` after `ms` of real time: a server restart as its clients see it. */
  outage(ms: number): Promise<void>;
  /** Rewrites a connection URL (postgres://…@host:port/db) to go through the proxy. */
  url(target: string): string;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, options: { port?: number } = {}): Promise<TcpProxy> {
  const open = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let cut = false;
  let accepted = 0;
  let refused = 0;
  const server = net.createServer((client) => {
    accepted++;
    if (cut) {
      refused++;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    // Database protocols trade small messages: Nagle's delay on either leg would stall every round trip.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pair = { client, upstream };
    open.add(pair);
    const drop = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // Either side ending or failing ends both, as a dropped connection does.
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  const proxy: TcpProxy = {
    host: '127.0.0.1',
    port,
    get connections() {
      return open.size;
    },
    get accepted() {
      return accepted;
    },
    get refused() {
      return refused;
    },
    get isCut() {
      return cut;
    },
    cut() {
      cut = true;
      for (const { client, upstream } of [...open]) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      open.clear();
    },
    restore() {
      cut = false;
    },
    async outage(ms) {
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, ms));
      proxy.restore();
    },
    url(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = proxy.host;
      url.port = String(port);
      return url.toString();
    },
    close() {
      proxy.cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

/** The host and port a PostgreSQL URL points at (the proxy's target). */
export function targetOf(databaseUrl: string): { host: string; port: number } {
  const url = new URL(databaseUrl);
  return { host: url.hostname || '127.0.0.1', port: Number(url.port || 5432) };
}
