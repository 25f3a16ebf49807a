/**
 * The benchmarks and the soak loop over the sandbox's network kits (sandbox/<network>/kit.ts) and name no
 * network: adding one is its kit, not an edit here. The registry is the only list of providers; the
 * sandbox's networks.ts is the only list of simulators, and the two must agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { kits } from '../bench/lib/kits.ts';
import { MIX, providerSequence } from '../bench/lib/population.ts';
import { networkKits } from '../sandbox/index.ts';
import { providerIds } from '../src/providers/profiles.ts';

/**
 * Benchmarks whose point is one network's path (or a fixed mix written as SQL rows), so naming it is
 * what they measure, not a list to keep up to date. Each says why.
 */
const measuresNamedNetworks: Record<string, string> = {
  'bench/account-schedule-bench.ts': "one Instagram account's post schedule, as SQL rows",
  'bench/insights-plan-bench.ts': 'the insights planner over Instagram posts, as SQL rows',
  'bench/insights-refresh-bench.ts': 'Refresh Insights against the networks whose insights it calls, counted per network',
  'bench/sweep-bench.ts': 'the single-network refresh sweep (Instagram) against its baseline',
  'bench/lib/seed.ts': 'the Instagram population of the single-network benchmarks',
  'bench/lib/stats-seed.ts': "the ops view's rows in one SQL statement, with the fixed mix its recorded figures were measured on",
};

function harnessFiles(): string[] {
  return ['bench', 'soak'].flatMap((dir) =>
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(dir, file).split(path.sep).join('/')),
  );
}

/** A string literal that is, or starts with, a network id (`'instagram'`, `'tiktok.token'`, `'facebook_login'`). */
const networkLiteral = new RegExp(`['"\`](${providerIds.join('|')})(?![a-z])`, 'g');
/** An import of one network's folder of the sandbox (its world, its model) instead of the sandbox's index or core. */
const networkFolderImport = /from '(?:\.\.\/)+sandbox\/(?!core\/|index\.ts|networks\.ts)[^']+'/g;
const providerSwitch = /switch\s*\([^)]*provider[^)]*\)/g;
/** Reaching into a network's world by name. */
const worldByName = /\.network<\w+>\(/g;

it('bench/ and soak/ name no network: they loop over the kits', () => {
  const found = harnessFiles()
    .filter((file) => !(file in measuresNamedNetworks))
    .flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return [networkLiteral, networkFolderImport, providerSwitch, worldByName].flatMap((pattern) => [...text.matchAll(pattern)].map((m) => `${file}: ${m[0]}`));
    });
  expect(found).toEqual([]);
});

it('the exceptions are files that still exist', () => {
  const files = harnessFiles();
  for (const file of Object.keys(measuresNamedNetworks)) expect(files).toContain(file);
});

it('the sandbox has one kit for each of the service networks, and none for a network it lacks', () => {
  expect(networkKits.map((kit) => kit.provider).sort()).toEqual([...providerIds].sort());
  expect(kits.map((kit) => kit.provider)).toEqual(networkKits.map((kit) => kit.provider));
});

it("the mixed population takes each network's share from its kit, and any prefix of it keeps the mix", () => {
  expect(MIX).toEqual(Object.fromEntries(kits.filter((kit) => kit.populationShare > 0).map((kit) => [kit.provider, kit.populationShare])));
  for (const n of [20, 1_000]) {
    const sequence = providerSequence(n);
    for (const kit of kits) {
      const count = sequence.filter((provider) => provider === kit.provider).length;
      expect(Math.abs(count - kit.populationShare * n), `${kit.provider} in the first ${n}`).toBeLessThan(1);
    }
  }
});
