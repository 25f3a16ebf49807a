import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { errorCatalog } from '../src/kernel/errors.ts';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

it('the docs/errors.md table lists exactly the catalog, with the same statuses and sentences', () => {
  const section = read('docs/errors.md').split('\n## Catalogue\n\n')[1]?.split('\n\n')[0] ?? '';
  const rows = [...section.matchAll(/^\| `(\w+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
  expect(rows).toEqual(Object.entries(errorCatalog).map(([code, entry]) => [code, entry.status, entry.message]));
});
