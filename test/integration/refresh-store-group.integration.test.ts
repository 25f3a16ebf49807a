/**
 * The sweep's refreshed tokens share commits (connections/refresh-store-group.ts): stores that arrive
 * together are one transaction, each still its own compare-and-swap, and one that fails costs the others
 * nothing.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type SeedAccount, seedConnections, seedWorkspace } from '../../bench/lib/seed.ts';
import { getConnectionById, type RefreshedToken } from '../../src/connections/connections.repo.ts';
import { RefreshStoreGroup } from '../../src/connections/refresh-store-group.ts';
import { DAY } from '../../src/kernel/clock.ts';
import { API_KEY, createTestContext, type TestContext } from '../support/context.ts';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function seeded(count: number): Promise<{ t: TestContext; inputs: RefreshedToken[] }> {
  t = await createTestContext({ now: '2026-04-01T10:00:00Z' });
  const { deps } = t.system;
  const now = deps.clock.now();
  const accounts: SeedAccount[] = Array.from({ length: count }, (_, i) => ({
    accountId: `1790${i}`,
    username: `group.${i}`,
    accessToken: `IGAA-old-${i}`,
    issuedAt: new Date(now.getTime() - 51 * DAY),
    expiresAt: new Date(now.getTime() + 9 * DAY),
  }));
  const ids = await seedConnections(deps, await seedWorkspace(deps, API_KEY), accounts);
  const inputs = await Promise.all(
    ids.map(async (id, i) => ({
      id,
      expectedVersion: (await getConnectionById(deps.db, id))!.version,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + 60 * DAY),
      grantExpiresAt: null,
      refreshDueAt: new Date(now.getTime() + 50 * DAY),
      stillExpiring: false,
      sealed: { keyId: deps.keyRing.activeKeyId, accessTokenSealed: deps.keyRing.seal(`IGAA-new-${i}`, `${id}:access`), refreshTokenSealed: null },
      detail: {},
    })),
  );
  return { t, inputs };
}

const transactionsOf = async (t: TestContext, ids: string[]) =>
  new Set((await sql<{ xmin: string }>`select xmin::text as xmin from connections where id = any(${ids})`.execute(t.system.deps.db)).rows.map((row) => row.xmin));

describe('refreshes that finish together share a commit', () => {
  it('stores arriving together are one transaction, and each answers whether it applied', async () => {
    const { t, inputs } = await seeded(4);
    const group = new RefreshStoreGroup(t.system.deps, { maxSize: 16, maxWaitMs: 20 });
    const stale = { ...inputs[3]!, expectedVersion: inputs[3]!.expectedVersion - 1 };
    expect(await Promise.all([...inputs.slice(0, 3), stale].map((input) => group.store(input)))).toEqual([true, true, true, false]);
    expect(
      (
        await transactionsOf(
          t,
          inputs.slice(0, 3).map((input) => input.id),
        )
      ).size,
    ).toBe(1);
  });

  it('a store that fails inside the shared transaction costs the others nothing: each is stored on its own', async () => {
    const { t, inputs } = await seeded(3);
    const group = new RefreshStoreGroup(t.system.deps, { maxSize: 16, maxWaitMs: 20 });
    // A key id the table refuses (not null): this statement fails, and with it the shared transaction.
    const broken = { ...inputs[2]!, sealed: { ...inputs[2]!.sealed, keyId: null as unknown as string } };
    const results = await Promise.allSettled([inputs[0]!, inputs[1]!, broken].map((input) => group.store(input)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(results.slice(0, 2).map((result) => (result as PromiseFulfilledResult<boolean>).value)).toEqual([true, true]);
    const rows = await t.system.deps.db.selectFrom('connections').select(['id', 'version']).where('id', 'in', [inputs[0]!.id, inputs[1]!.id]).execute();
    expect(rows.every((row) => row.version > inputs[0]!.expectedVersion)).toBe(true);
  });
});
