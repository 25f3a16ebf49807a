import { describe, expect, it } from 'vitest';
import { escapeHtml, Html, html, page, scriptJson } from './html.ts';

describe('building HTML', () => {
  it('an interpolated value is escaped', () => {
    expect(html`<p>${'<script>alert(1)</script>'}</p>`.value).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('quotes and ampersands are escaped, so a value cannot leave an attribute', () => {
    expect(html`<a title="${`" onclick="x()' & more`}">`.value).toBe('<a title="&quot; onclick=&quot;x()&#39; &amp; more">');
  });

  it('nested Html is passed through as it is', () => {
    const inner = html`<b>${'A & B'}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><b>A &amp; B</b></p>');
  });

  it('an array is escaped item by item, nested Html items kept', () => {
    const rows = ['<i>', html`<li>${'x'}</li>`, 3];
    expect(html`<ul>${rows}</ul>`.value).toBe('<ul>&lt;i&gt;<li>x</li>3</ul>');
  });

  it('null and undefined render as nothing', () => {
    expect(html`[${null}${undefined}]`.value).toBe('[]');
  });

  it('the literal parts of the template are kept verbatim', () => {
    expect(html`<em class="a">${1}</em>`.toString()).toBe('<em class="a">1</em>');
  });

  it('escapeHtml escapes the five characters that matter', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('the page shell', () => {
  it('escapes the title and the product name, and places the body unescaped', () => {
    const out = page('<Connect>', new Html('<p>hi</p>'), 'A&B');
    expect(out).toContain('<title>&lt;Connect&gt; · A&amp;B</title>');
    expect(out).toContain('<main><p>hi</p></main>');
    expect(out).not.toMatch(/https?:\/\/[^"\s]*cdn/i);
  });
});

describe('JSON inside a script element', () => {
  it('no string can close the element, open a comment or end a line', () => {
    const hostile = { origin: 'https://a.example</script><script>alert(1)</script>', note: '<!-- & -->', line: 'a\u2028b\u2029c' };
    const out = scriptJson(hostile).value;
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(out).toContain('\\u003c/script\\u003e');
  });

  it('reads back unchanged with JSON.parse', () => {
    const value = { origins: ['https://platform.example', 'http://127.0.0.1:5173'], text: '<b>&amp;</b> "quoted" \\ \u2028', n: 1, none: null };
    expect(JSON.parse(scriptJson(value).value)).toEqual(value);
  });
});
