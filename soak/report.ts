/** The soak's two tables, as Markdown (they go into docs/operations.md as printed). */
import type { SoakResult } from './soak.ts';

export function renderReport(result: SoakResult): string {
  const checks = ['| check | found | must be |', '|---|---:|---:|', ...result.checks.map((c) => `| ${c.name} | ${c.found} | 0 |`)];
  const figures = ['| what happened | |', '|---|---|', ...result.figures.map(([label, value]) => `| ${label} | ${value} |`)];
  const failures = result.checks.filter((c) => c.found > 0).map((c) => `\n${c.name}: ${c.found}, e.g.\n${c.examples.map((e) => `  - ${e}`).join('\n')}`);
  return [...checks, '', ...figures, ...failures, '', result.passed ? 'Every check passed.' : 'FAILED.'].join('\n');
}
