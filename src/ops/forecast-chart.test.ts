import { describe, expect, it } from 'vitest';
import { formatsFor } from '../platform/i18n/format.ts';
import { type ChartDay, forecastChart } from './forecast-chart.ts';
import { opsMessages } from './messages/index.ts';

const day = (date: string, expirations = 0, reminders = 0): ChartDay => ({ date, expirations, reminders });
const days = (n: number) => Array.from({ length: n }, (_, i) => day(`2026-03-${String(i + 1).padStart(2, '0')}`));
const english = { words: opsMessages.for('en'), formats: formatsFor({ locale: 'en', timeZone: null }) };
const render = (data: ChartDay[], label = 'Next days', reader = english) => forecastChart(data, { id: 'fc', label, ...reader }).value;

describe('the forecast chart', () => {
  it('draws one group per day, with a bar only where there is something', () => {
    const data = days(10);
    data[2] = day('2026-03-03', 2, 0);
    data[5] = day('2026-03-06', 0, 3);
    const svg = render(data);
    expect(svg.match(/<g>/g)).toHaveLength(10);
    expect(svg.match(/<rect class="exp"/g)).toHaveLength(1);
    expect(svg.match(/<rect class="rem"/g)).toHaveLength(1);
    expect(svg).toContain('<title>Mar 3: 2 expirations, 0 reminders</title>');
  });

  it('scales the tallest bar to the top of a round axis', () => {
    const svg = render([day('2026-03-01', 3, 1)]);
    expect(svg).toContain('>4</text>');
    expect(svg).toContain('>2</text>');
  });

  it('says what it shows in text, for screen readers', () => {
    const svg = render([day('2026-03-01', 1, 0), day('2026-03-02', 0, 2)]);
    expect(svg).toMatch(/role="img" aria-labelledby="fc-title fc-desc"/);
    expect(svg).toContain('<desc id="fc-desc">From Mar 1 to Mar 2: 1 expected expiration and 2 reminders. Busiest day: Mar 2 (0 expirations, 2 reminders).</desc>');
  });

  it('escapes what it is given', () => {
    const svg = render([day('<script>"x"</script>', 1, 1)], 'A & <b>B</b>');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;&quot;x&quot;&lt;/script&gt;');
    expect(svg).toContain('A &amp; &lt;b&gt;B&lt;/b&gt;');
  });

  it('an empty window draws axes and says nothing is due, with no NaN', () => {
    const svg = render(days(60));
    expect(svg).toContain('Nothing expires and no reminder is due');
    expect(svg).not.toContain('<rect');
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });

  it('no days at all is still a valid drawing', () => {
    const svg = render([]);
    expect(svg).toContain('<desc id="fc-desc">No days to show.</desc>');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('speaks the reader’s language: its words, its dates and its numbers', () => {
    const japanese = { words: opsMessages.for('ja'), formats: formatsFor({ locale: 'ja', timeZone: null }) };
    const svg = render([day('2026-03-01', 1200, 0), day('2026-03-02', 0, 2)], '今後', japanese);
    expect(svg).toContain('<title>3月1日: 期限切れ1,200件、リマインダー0件</title>');
    expect(svg).toContain('>2,000</text>');
    const german = render([day('2026-12-05', 1, 1)], 'Tage', { words: opsMessages.for('de'), formats: formatsFor({ locale: 'de', timeZone: null }) });
    expect(german).toContain('<title>5. Dez.: 1 Ablauf, 1 Erinnerung</title>');
  });
});
