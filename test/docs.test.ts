import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { errorCatalog } from '../src/kernel/errors.ts';
import { envSchema } from '../src/platform/config.ts';
import { profiles } from '../src/providers/profiles.ts';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const docs = fs
  .readdirSync(path.join(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);

it('the docs/errors.md table lists exactly the catalog, with the same statuses and sentences', () => {
  const section = read('docs/errors.md').split('\n## Catalogue\n\n')[1]?.split('\n\n')[0] ?? '';
  const rows = [...section.matchAll(/^\| `(\w+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
  expect(rows).toEqual(Object.entries(errorCatalog).map(([code, entry]) => [code, entry.status, entry.message]));
});

it("docs/configuration.md names every variable the service reads, each network's among them", () => {
  const page = read('docs/configuration.md');
  const variables = [
    // The OpenTelemetry SDK reads many OTEL_* variables of its own: the page names the ones we read with an ellipsis.
    ...Object.keys(envSchema.shape).filter((name) => !name.startsWith('OTEL_') || name === 'OTEL_EXPORTER_OTLP_ENDPOINT'),
    ...profiles.flatMap((profile) => [profile.env.clientId, profile.env.clientSecret]),
  ];
  expect(variables.filter((name) => !page.includes(`\`${name}\``))).toEqual([]);
});

it('the README stays a front door: under 15,000 bytes', () => {
  expect(fs.statSync(path.join(root, 'README.md')).size).toBeLessThan(15_000);
});

/** Targets of inline links, images and reference definitions, outside fenced code blocks. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '');
  const definitions = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? '');
  return [...inline, ...definitions];
}

it('every relative link in README.md and docs/*.md points to a file in the repository', () => {
  const broken: string[] = [];
  for (const file of ['README.md', ...docs]) {
    for (const target of linkTargets(read(file))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      const relative = decodeURIComponent(target.split('#')[0]?.split('?')[0] ?? '');
      const resolved = path.resolve(path.dirname(path.join(root, file)), relative);
      const inside = resolved === root || resolved.startsWith(root + path.sep);
      if (!inside || !fs.existsSync(resolved)) broken.push(`${file}: ${target}`);
    }
  }
  expect(broken).toEqual([]);
});
