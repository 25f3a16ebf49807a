import { expect, it } from 'vitest';
import { renderPrometheus } from './prometheus.ts';

it('writes HELP and TYPE before the samples, escapes label values and help text, and ends with a newline', () => {
  const text = renderPrometheus([
    { name: 'ck_things', help: 'Things\\counted\nper kind.', type: 'gauge', samples: [{ labels: { kind: 'a "b" \\ c\nd' }, value: 2 }, { value: 0 }] },
    { name: 'ck_empty', help: 'Nothing yet.', type: 'counter', samples: [] },
  ]);
  expect(text).toBe(
    '# HELP ck_things Things\\\\counted\\nper kind.\n# TYPE ck_things gauge\nck_things{kind="a \\"b\\" \\\\ c\\nd"} 2\nck_things 0\n' +
      '# HELP ck_empty Nothing yet.\n# TYPE ck_empty counter\n',
  );
});

it('writes infinities and NaN the way the format spells them', () => {
  const text = renderPrometheus([{ name: 'x', help: 'x', type: 'gauge', samples: [{ value: Infinity }, { value: -Infinity }, { value: NaN }] }]);
  expect(text).toContain('\nx +Inf\nx -Inf\nx NaN\n');
});
