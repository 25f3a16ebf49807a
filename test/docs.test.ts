import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { errorCatalog } from '../src/kernel/errors.ts';

it('the README error table lists exactly the catalog, with the same statuses and sentences', () => {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
  const section = readme.split('### Errors')[1]?.split('\n\n')[1] ?? '';
  const rows = [...section.matchAll(/^\| `(\w+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
  expect(rows).toEqual(Object.entries(errorCatalog).map(([code, entry]) => [code, entry.status, entry.message]));
});
