/**
 * Which connection reads a channel's data now. A post belongs to the connection that found it, but
 * an account reached by two logins (Instagram Login and a Facebook Page) can be read through either:
 * while its own connection is disconnected, a linked one that works reads for it, so its bound posts
 * keep refreshing and pause only when no login works.
 */
import type { Tx } from '../platform/db/db.ts';
import type { Connection } from './connection.rules.ts';
import { linkedConnections } from './connections.repo.ts';

const usable = (connection: Connection) => connection.status === 'active' || connection.status === 'expiring';

/** The connection itself when usable, else its best usable linked login (active before expiring, oldest first); undefined: none works. */
export async function readerFor(db: Tx, connection: Connection): Promise<Connection | undefined> {
  if (usable(connection)) return connection;
  const linked = (await linkedConnections(db, connection)).filter(usable);
  return linked.find((c) => c.status === 'active') ?? linked[0];
}
