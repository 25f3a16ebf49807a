/** Plain-text tables and number formatting for the printout. */

export function table(title: string, header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, col) => Math.max(...cells.map((row) => (row[col] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join('   ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 3, -3));
  return [title, rule, line(header), rule, ...cells.slice(1).map(line), rule].join('\n');
}

export const int = (value: number) => Math.round(value).toLocaleString('en-US');
export const fixed = (value: number, digits = 1) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
