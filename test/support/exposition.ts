/**
 * A small, strict parser of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): HELP and TYPE lines,
 * samples with escaped label values, blank lines between families. A histogram's `_bucket`, `_sum` and
 * `_count` samples belong to the family its TYPE line names. prom-client writes not-a-number as `Nan`,
 * which Prometheus reads like `NaN` (it parses values case-insensitively).
 */
import { expect } from 'vitest';

export interface Sample {
  name: string;
  /** The family the sample belongs to (the histogram's name for its `_bucket`, `_sum` and `_count`). */
  family: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  help: Map<string, string>;
  types: Map<string, string>;
  samples: Sample[];
}

const HISTOGRAM_PARTS = /_(bucket|sum|count)$/;

export function parseExposition(text: string): Exposition {
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'HELP' ? help : types).set(meta[2]!, meta[3]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([-+]?(?:[0-9.]+(?:e[-+]?[0-9]+)?|Inf)|NaN|Nan)$/.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${JSON.stringify(line)}`);
    const name = sample[1]!;
    const family = types.has(name) ? name : name.replace(HISTOGRAM_PARTS, '');
    if (types.get(family) === undefined || (family !== name && types.get(family) !== 'histogram')) throw new Error(`sample before its TYPE: ${name}`);
    samples.push({ name, family, labels: parseLabels(sample[2] ?? ''), value: /^nan$/i.test(sample[3]!) ? Number.NaN : Number(sample[3]!.replace('Inf', 'Infinity')) });
  }
  return { help, types, samples };
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text))) {
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    consumed = pattern.lastIndex;
  }
  if (consumed !== text.length) throw new Error(`bad labels: ${text}`);
  return labels;
}
