/**
 * The soak's verdict, read at the end from the database, the sandbox's own records and every process's
 * logs. Each check counts what must not happen, so every one must come out 0.
 */
import { sql } from 'kysely';
import type { Environment } from './environment.ts';
import { grantTokenKind, snapshotNetworks } from './network-truth.ts';
import type { Observer } from './observer.ts';
import type { SoakAccount } from './population.ts';
import { SecretIndex } from './secret-scan.ts';

export interface Check {
  name: string;
  found: number;
  /** A few of the offenders, for whoever has to look into a failure. */
  examples: string[];
}

export async function runChecks(env: Environment, observer: Observer, accounts: readonly SoakAccount[], logFiles: readonly string[]): Promise<Check[]> {
  const secrets = new SecretIndex(env.sandbox.world.issuedTokens());
  const { spentNotStored, notHeld } = await refreshTokenChecks(env, accounts);
  const logHits = secrets.findInFiles(logFiles);
  const storedHits = secrets.find((await storedTexts(env)).join('\n'));
  return [
    check(
      'channels lost whose grant was still valid',
      observer.lostWithValidGrant.map((d) => `${d.connectionId} (${d.provider}, ${d.reason}, day ${d.day})`),
    ),
    check('revoked channels not flagged within one sweep', [
      ...observer.notFlaggedInOneSweep.map((m) => `${m.connectionId} (answered on day ${m.day})`),
      ...Array.from({ length: observer.revokedPending }, () => 'still connected at the end'),
    ]),
    check('disconnections without exactly 1 email, 1 in-app notice, 1 webhook', await noticeMismatches(env, 'disconnected')),
    check('reconnections without exactly 1 email, 1 in-app notice, 1 webhook', await noticeMismatches(env, 'reconnected')),
    check(
      'tokens in logs',
      logHits.map((hit) => `${hit.secret.slice(0, 8)}… in ${hit.file}`),
    ),
    check(
      'tokens in events, emails, notices or webhook bodies',
      storedHits.map((secret) => `${secret.slice(0, 8)}…`),
    ),
    check('refresh tokens spent and not stored', spentNotStored),
    check('live grants whose current refresh token is not the one we hold', notHeld),
  ];
}

const check = (name: string, offenders: string[]): Check => ({ name, found: offenders.length, examples: offenders.slice(0, 5) });

/**
 * Every state change of this kind (a disconnection; a reconnection of a channel that was not active) has
 * exactly one in-app notice and one email for its connection, and exactly one webhook delivery for its
 * event, delivered and received. Returns the offending events.
 */
async function noticeMismatches(env: Environment, type: 'disconnected' | 'reconnected'): Promise<string[]> {
  const { db } = env.system.deps;
  const kind = `connection_${type}`;
  const events = await db
    .selectFrom('connection_events')
    .select(['id', 'connection_id'])
    .where('type', '=', type)
    .$if(type === 'reconnected', (q) => q.where(sql<boolean>`detail->>'from' <> 'active'`))
    .execute();
  const perConnection = (rows: { connection_id: string | null; n: number }[]) => new Map(rows.map((row) => [row.connection_id, Number(row.n)]));
  const count = (table: 'notifications' | 'emails') =>
    db
      .selectFrom(table)
      .select(['connection_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('kind', '=', kind)
      .groupBy('connection_id')
      .execute();
  const notices = perConnection(await count('notifications'));
  const emails = perConnection(await count('emails'));
  const undelivered = new Set(
    (await db.selectFrom('emails').select('connection_id').where('kind', '=', kind).where('status', 'in', ['pending', 'failed']).execute()).map((row) => row.connection_id),
  );
  const hooks = await db.selectFrom('webhook_deliveries').select(['event_id', 'id', 'status']).where('type', '=', `connection.${type}`).execute();
  const hooksOf = new Map<string, { id: string; status: string }[]>();
  for (const hook of hooks) hooksOf.set(hook.event_id, [...(hooksOf.get(hook.event_id) ?? []), hook]);
  const eventsOf = new Map<string, number>();
  for (const event of events) eventsOf.set(event.connection_id, (eventsOf.get(event.connection_id) ?? 0) + 1);

  return events.flatMap((event) => {
    const wrong: string[] = [];
    const changes = eventsOf.get(event.connection_id)!;
    if ((notices.get(event.connection_id) ?? 0) !== changes) wrong.push(`${notices.get(event.connection_id) ?? 0} notices for ${changes} changes`);
    if ((emails.get(event.connection_id) ?? 0) !== changes) wrong.push(`${emails.get(event.connection_id) ?? 0} emails for ${changes} changes`);
    if (undelivered.has(event.connection_id)) wrong.push('an email not delivered');
    const delivery = hooksOf.get(event.id) ?? [];
    if (delivery.length !== 1) wrong.push(`${delivery.length} webhooks`);
    else if (delivery[0]!.status !== 'delivered' || !env.sink.received.has(delivery[0]!.id))
      wrong.push(`webhook ${delivery[0]!.status}, received ${env.sink.received.get(delivery[0]!.id) ?? 0} times`);
    return wrong.length ? [`${event.connection_id} ${type}: ${wrong.join(', ')}`] : [];
  });
}

/**
 * From the sandbox: every grant token a refresh rotated away must be one we had stored (our side never
 * spends a token it did not keep), and for every channel still connected, the newest working token of its
 * grant must be the one we hold now (no rotation's result lost).
 */
async function refreshTokenChecks(env: Environment, accounts: readonly SoakAccount[]): Promise<{ spentNotStored: string[]; notHeld: string[] }> {
  const { db, keyRing } = env.system.deps;
  const stored = new Set<string>();
  const history = await sql<{ connection_id: string; access_token_sealed: string | null; refresh_token_sealed: string | null }>`
    select connection_id, access_token_sealed, refresh_token_sealed from soak_token_history`.execute(db);
  for (const row of history.rows) {
    if (row.access_token_sealed) stored.add(keyRing.open(row.access_token_sealed, `${row.connection_id}:access`));
    if (row.refresh_token_sealed) stored.add(keyRing.open(row.refresh_token_sealed, `${row.connection_id}:refresh`));
  }
  const network = snapshotNetworks(env.sandbox);
  const spentNotStored = network
    .rotatedOut()
    .filter((token) => !stored.has(token.value))
    .map((token) => `${token.provider} ${token.value.slice(0, 8)}…`);

  const live = await db
    .selectFrom('connections')
    .innerJoin('connection_tokens', 'connection_tokens.connection_id', 'connections.id')
    .select(['connections.id', 'connection_tokens.access_token_sealed', 'connection_tokens.refresh_token_sealed'])
    .where('connections.status', '<>', 'disconnected')
    .execute();
  const held = new Map(live.map((row) => [row.id, row]));
  const notHeld = accounts.flatMap((account) => {
    const kind = grantTokenKind(account.provider);
    const row = account.connectionId ? held.get(account.connectionId) : undefined;
    if (!row || kind === 'person') return [];
    const newest = network.newestLiveToken(account);
    if (newest === undefined) return []; // Nothing works at the network: a revocation, checked above.
    const sealed = kind === 'access' ? row.access_token_sealed : row.refresh_token_sealed;
    const ours = sealed ? keyRing.open(sealed, `${row.id}:${kind}`) : undefined;
    if (ours === newest) return [];
    const said = (value: string | undefined) => {
      const info = value === undefined ? undefined : network.describe(account, value);
      return info ? `issued ${info.issuedAt}${info.alive ? '' : ', dead'}${info.rotatedOut ? ', rotated out' : ''}` : 'unknown to the network';
    };
    return [`${row.id} (${account.provider} ${account.username}): ours ${said(ours)}; newest ${said(newest)}`];
  });
  return { spentNotStored, notHeld };
}

/** What the service wrote for people and platforms: event details, emails, in-app notices, webhook bodies. */
async function storedTexts(env: Environment): Promise<string[]> {
  const { db } = env.system.deps;
  const texts = await sql<{ text: string }>`
    select detail::text as text from connection_events
    union all select subject || ' ' || text_body || ' ' || html_body from emails
    union all select title || ' ' || body from notifications
    union all select body from webhook_deliveries`.execute(db);
  return texts.rows.map((row) => row.text);
}
