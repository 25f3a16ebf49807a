/**
 * The contract, fuzzed: every operation of the generated OpenAPI document gets valid requests and a
 * bounded set of invalid ones derived from its schemas (wrong types, missing fields, out-of-range numbers,
 * over-long and NUL-bearing strings, bad cursors, unknown ids, another workspace's ids). Whatever is sent:
 * - never a 5xx;
 * - every error in the documented shape, with a catalogued code at its catalogued status;
 * - every answer valid against the operation's declared schema and status (the test system checks each
 *   answer as it is sent: `checkResponses`, so a mismatch would surface here as a 500);
 * - a 4xx changes no data.
 * fast-check runs with a fixed seed, so a failure is the same on every run and machine.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/cli/openapi.ts';
import { errorCatalog } from '../../src/kernel/errors.ts';
import { runMediaSyncs } from '../../src/media/media-sync.ts';
import { ensureWorkspaceForApiKey } from '../../src/platform/workspaces.repo.ts';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';
import { type Document, hostileCursors, hostileStrings, invalid, type JsonSchema, valid } from '../support/schema-arbitrary.ts';

const SEED = 20261206;
const RUNS_VALID = 6;
const RUNS_INVALID = 12;
const OTHER_KEY = 'ck_other_workspace_key_0123456789';
/**
 * Tables written meanwhile by something other than the request, and why: the hand-out counts are flushed
 * by a timer (HandoutAudit), so a hand-out made before the refused request may land during it.
 */
const WRITTEN_ON_REFUSAL = new Set<string>(['access_token_handouts']);

type Parameter = { name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema };
type Operation = { operationId: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; responses: Record<string, unknown> };
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Case {
  url: string;
  body?: unknown;
  apiKey: string | null;
}

describe('the API contract under fuzzing', () => {
  let t: TestContext;
  let document: Document & { paths: Record<string, Partial<Record<Method, Operation>>> };
  /** Ids of this workspace's resources, and of another workspace's, by the path segment that names them. */
  const pools = new Map<string, string[]>();
  const foreign = new Map<string, string[]>();

  beforeAll(async () => {
    t = await createTestContext();
    document = (await openApiDocument()) as unknown as typeof document;
    await seed();
  }, 120_000);
  afterAll(() => t?.close());

  async function seed() {
    const connected = await t.connect({ creator: { id: 'c1', email: 'c1@example.com', name: 'Ana' } });
    expect(connected.statusCode).toBeLessThan(400);
    const connections = (await t.api('GET', '/v1/connections')).json().data as { id: string }[];
    await t.api('POST', `/v1/connections/${connections[0]!.id}/media-sync`);
    await runMediaSyncs(t.system.deps);
    const campaign = await t.api('POST', '/v1/campaigns', { brand: { id: 'acme', name: 'Acme' }, name: 'Fuzz', hashtag: '#AcmeFuzz', networks: ['instagram'], state: 'live' });
    add(
      pools,
      'connections',
      connections.map((c) => c.id),
    );
    add(pools, 'creators', ['c1']);
    if (campaign.statusCode < 300) add(pools, 'campaigns', [campaign.json().id]);

    const other = await ensureWorkspaceForApiKey(t.system.deps.db, t.clock, OTHER_KEY, 'Other workspace');
    expect(other.id).toBeTruthy();
    const theirs = await t.api('POST', '/v1/campaigns', { brand: { id: 'zeta', name: 'Zeta' }, name: 'Theirs', hashtag: '#Zeta', networks: ['instagram'] }, OTHER_KEY);
    if (theirs.statusCode < 300) add(foreign, 'campaigns', [theirs.json().id]);
    const rows = await t.system.deps.db.selectFrom('connections').select('id').where('workspace_id', '=', other.id).execute();
    add(
      foreign,
      'connections',
      rows.map((row) => row.id),
    );
  }

  function add(map: Map<string, string[]>, key: string, ids: string[]) {
    map.set(key, [...(map.get(key) ?? []), ...ids]);
  }

  /** A digest of every table's rows: equal digests, unchanged data. */
  async function dataDigest(): Promise<Record<string, string>> {
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(t.system.deps.db);
    const digest: Record<string, string> = {};
    for (const { table_name: table } of tables.rows) {
      if (WRITTEN_ON_REFUSAL.has(table) || table.startsWith('kysely_')) continue;
      const row = await sql<{ d: string | null }>`select md5(string_agg(md5(x::text), '' order by md5(x::text))) as d from ${sql.table(table)} x`.execute(t.system.deps.db);
      digest[table] = row.rows[0]?.d ?? '';
    }
    return digest;
  }

  /** The pool a path parameter draws from: the segment before it names the resource. */
  function idsFor(path: string, name: string, from: Map<string, string[]>): string[] {
    const segments = path.split('/');
    const at = segments.indexOf(`{${name}}`);
    const resource = segments[at - 1] ?? '';
    return from.get(resource) ?? (name === 'postId' ? (from.get('posts') ?? []) : []);
  }

  function pathArbitrary(path: string, parameters: Parameter[], hostile: boolean): fc.Arbitrary<string> {
    const names = parameters.filter((p) => p.in === 'path').map((p) => p.name);
    if (names.length === 0) return fc.constant(path);
    const values = names.map((name) => {
      const own = idsFor(path, name, pools);
      const theirs = idsFor(path, name, foreign);
      const choices: fc.Arbitrary<string>[] = [fc.constantFrom('does_not_exist', 'con_01HZZZZZZZZZZZZZZZZZZZZZZZ')];
      if (own.length > 0) choices.push(fc.constantFrom(...own));
      if (hostile) {
        choices.push(hostileStrings);
        if (theirs.length > 0) choices.push(fc.constantFrom(...theirs));
      }
      return fc.oneof(...choices);
    });
    return fc.tuple(...values).map((chosen) => names.reduce((url, name, i) => url.replace(`{${name}}`, encodeURIComponent(chosen[i]!)), path));
  }

  function queryArbitrary(parameters: Parameter[], hostile: boolean): fc.Arbitrary<string> {
    const query = parameters.filter((p) => p.in === 'query');
    if (query.length === 0) return fc.constant('');
    const entries = query.map((p) => {
      const value: fc.Arbitrary<unknown> = hostile ? (p.name === 'cursor' ? hostileCursors : fc.oneof(invalid(p.schema, document), hostileStrings)) : valid(p.schema, document);
      return fc.option(
        value.map((v): [string, string] => [p.name, typeof v === 'string' ? v : JSON.stringify(v)]),
        { nil: undefined },
      );
    });
    return fc.tuple(...entries).map((pairs) => {
      const search = new URLSearchParams(pairs.filter((pair): pair is [string, string] => pair !== undefined));
      const text = search.toString();
      return text ? `?${text}` : '';
    });
  }

  function caseArbitrary(path: string, operation: Operation, hostile: boolean): fc.Arbitrary<Case> {
    const parameters = operation.parameters ?? [];
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    const body: fc.Arbitrary<unknown> = bodySchema
      ? hostile
        ? fc.oneof(invalid(bodySchema, document), valid(bodySchema, document))
        : valid(bodySchema, document)
      : fc.constant(undefined);
    // Hostile cases also come from no key, a wrong key and the other workspace's key.
    const apiKey = hostile ? fc.constantFrom<string | null>(API_KEY, API_KEY, API_KEY, OTHER_KEY, 'ck_wrong', null) : fc.constant(API_KEY);
    return fc
      .record({ path: pathArbitrary(path, parameters, hostile), query: queryArbitrary(parameters, hostile), body, apiKey })
      .map(({ path: url, query, body: payload, apiKey: key }) => ({ url: `${url}${query}`, body: payload, apiKey: key }));
  }

  async function send(method: Method, request: Case) {
    return t.system.app.inject({
      method: method.toUpperCase() as 'GET',
      url: request.url,
      headers: { ...(request.apiKey === null ? {} : { authorization: `Bearer ${request.apiKey}` }), ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
    });
  }

  function checkAnswer(full: string, answer: { statusCode: number; body: string }) {
    const label = full.length > 300 ? `${full.slice(0, 300)}…` : full;
    expect(answer.statusCode, `${label} answered ${answer.statusCode}: ${answer.body.slice(0, 500)}`).toBeLessThan(500);
    if (answer.statusCode < 400) return;
    const body = JSON.parse(answer.body) as { error?: { code?: string; message?: unknown } };
    const code = body.error?.code as keyof typeof errorCatalog | undefined;
    expect(code && code in errorCatalog, `${label}: error code ${code} is not in the catalogue (${answer.body.slice(0, 300)})`).toBe(true);
    expect(typeof body.error?.message, `${label}: error without a message`).toBe('string');
    expect(answer.statusCode, `${label}: ${code} answered with another status than the catalogue's`).toBe(errorCatalog[code!].status);
  }

  it('covers operations of the document', () => {
    expect(Object.keys(document.paths).length).toBeGreaterThan(0);
  });

  // Reads first, then changes, deletions last: a deleted resource would starve the operations after it.
  const order: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

  it('never answers 5xx, answers errors in the documented shape, and changes nothing on a 4xx', async () => {
    const operations = Object.entries(document.paths)
      .flatMap(([path, methods]) => order.filter((m) => methods[m]).map((m) => ({ path, method: m, operation: methods[m]! })))
      .sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
    for (const { path, method, operation } of operations) {
      const label = `${method.toUpperCase()} ${path} (${operation.operationId})`;
      await fc.assert(
        fc.asyncProperty(caseArbitrary(path, operation, false), async (request) => {
          checkAnswer(`${label} ${request.url}`, await send(method, request));
        }),
        { seed: SEED, numRuns: RUNS_VALID, endOnFailure: true },
      );
      await fc.assert(
        fc.asyncProperty(caseArbitrary(path, operation, true), async (request) => {
          const before = await dataDigest();
          const answer = await send(method, request);
          checkAnswer(`${label} ${request.url} ${JSON.stringify(request.body)?.slice(0, 200)}`, answer);
          if (answer.statusCode >= 400) expect(await dataDigest(), `${label} ${request.url}: a ${answer.statusCode} changed data`).toEqual(before);
        }),
        { seed: SEED, numRuns: RUNS_INVALID, endOnFailure: true },
      );
    }
  }, 180_000);
});
