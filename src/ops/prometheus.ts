/**
 * Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): HELP and TYPE
 * lines per family, then one line per sample, label values escaped.
 */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: { labels?: Record<string, string>; value: number }[];
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

// Label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed.
const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

const formatValue = (value: number) => (Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value));

function sampleLine(name: string, sample: MetricFamily['samples'][number]): string {
  const labels = Object.entries(sample.labels ?? {});
  const labelText = labels.length ? `{${labels.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}` : '';
  return `${name}${labelText} ${formatValue(sample.value)}`;
}

export function renderPrometheus(families: MetricFamily[]): string {
  return families
    .map((family) =>
      [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`, ...family.samples.map((s) => sampleLine(family.name, s))].join('\n'),
    )
    .join('\n')
    .concat('\n');
}
