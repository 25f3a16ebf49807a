/** Repeated measurements reported as minimum, median and maximum (docs/benchmarks.md: three repetitions of each figure). */

export interface Spread {
  min: number;
  median: number;
  max: number;
  values: number[];
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0] ?? Number.NaN, median, max: sorted.at(-1) ?? Number.NaN, values: [...values] };
}

/** "min / median / max" with `digits` decimals. */
export function spreadText(s: Spread, digits = 0, scale = 1): string {
  const f = (v: number) => (v * scale).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${f(s.min)} / ${f(s.median)} / ${f(s.max)}`;
}
