import { describe, expect, it } from 'vitest';
import { sanitiseSvg } from './svg-sanitiser.ts';

const clean = (source: string): string => {
  const result = sanitiseSvg(source);
  if (!result.ok) throw new Error(result.message);
  return result.svg;
};

/** Hostile logos: each must come out without its payload, whatever else survives. */
const hostile: Record<string, { svg: string; payload: RegExp }> = {
  'a script element': { svg: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>', payload: /script|alert/i },
  'a script in CDATA': { svg: '<svg><script><![CDATA[alert(1)]]></script></svg>', payload: /script|alert/i },
  'an onload handler': { svg: '<svg onload="alert(1)"><rect onclick="alert(2)" width="1" height="1"/></svg>', payload: /onload|onclick|alert/i },
  'a foreignObject with HTML': {
    svg: '<svg><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.test"/></body></foreignObject></svg>',
    payload: /foreignObject|iframe|evil/i,
  },
  'an external href on use': { svg: '<svg><use href="https://evil.test/sprite.svg#a"/></svg>', payload: /evil/ },
  'an xlink:href to javascript': {
    svg: '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>',
    payload: /javascript|<a\b/,
  },
  'an image from a data: URL': { svg: '<svg><image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="1" height="1"/></svg>', payload: /data:|image/ },
  'a fill from an external url()': { svg: '<svg><rect fill="url(https://evil.test/#g)" width="1" height="1"/></svg>', payload: /evil/ },
  'a style attribute with url()': { svg: '<svg><rect style="fill:url(&quot;https://evil.test/x&quot;)" width="1" height="1"/></svg>', payload: /evil/ },
  'a stylesheet with @import': { svg: '<svg><style>@import url(https://evil.test/a.css); .a{fill:red}</style></svg>', payload: /evil|@import/ },
  'a stylesheet with a background url()': { svg: '<svg><style>.a{background:url(https://evil.test/track.png)}</style></svg>', payload: /evil/ },
  'an animation that sets an href': { svg: '<svg><a><set attributeName="href" to="javascript:alert(1)"/><rect width="1" height="1"/></a></svg>', payload: /set|javascript/ },
  'an iframe as an unknown element': { svg: '<svg><iframe src="https://evil.test"/></svg>', payload: /iframe|evil/ },
  'an entity reference left undeclared': { svg: '<svg><text>&xxe;hello</text></svg>', payload: /&xxe;/ },
  'a url() spelt with character references': { svg: '<svg><rect style="fill:&#117;rl(https://evil.test/x)" width="1" height="1"/></svg>', payload: /evil/ },
  'a data: URL in a style attribute': { svg: '<svg><rect style="fill:red;background-image:data:text/html,x" width="1" height="1"/></svg>', payload: /data:/ },
};

describe('a hostile SVG comes out without its payload', () => {
  for (const [name, { svg, payload }] of Object.entries(hostile)) {
    it(name, () => {
      expect(clean(svg)).not.toMatch(payload);
    });
  }
});

describe('what a real logo needs survives', () => {
  it('shapes, gradients by fragment, text, classes and a plain stylesheet are kept', () => {
    const source =
      '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' +
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40"><!-- made in a tool --><defs><style>.cls-1{fill:#c2410c}</style>' +
      '<linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>' +
      '<rect class="cls-1" width="100" height="40" rx="4"/><path d="M0 0L10 10" fill="url(#g)"/><text x="4" y="30">Acme &amp; Co</text></svg>';
    const svg = clean(source);
    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40"><defs><style>.cls-1{fill:#c2410c}</style>' +
        '<linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>' +
        '<rect class="cls-1" width="100" height="40" rx="4"/><path d="M0 0L10 10" fill="url(#g)"/><text x="4" y="30">Acme &amp; Co</text></svg>',
    );
  });

  it('an internal reference through xlink:href is kept, with the xlink namespace declared', () => {
    const svg = clean('<svg><symbol id="s"><circle r="2"/></symbol><use xlink:href="#s"/></svg>');
    expect(svg).toContain('<use xlink:href="#s"/>');
    expect(svg).toContain('xmlns:xlink="http://www.w3.org/1999/xlink"');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  });

  it('Illustrator’s switch keeps its drawing and loses its foreignObject', () => {
    const svg = clean('<svg><switch><foreignObject requiredExtensions="http://ns.adobe.com/AdobeIllustrator/10.0/"/><g><circle r="4"/></g></switch></svg>');
    expect(svg).toBe('<svg xmlns="http://www.w3.org/2000/svg"><switch><g><circle r="4"/></g></switch></svg>');
  });

  it('text that looks like markup is written escaped', () => {
    expect(clean('<svg><text>&lt;script&gt;</text></svg>')).toContain('<text>&lt;script&gt;</text>');
  });
});

describe('what cannot be used is refused with a reason', () => {
  it('a DTD declaring entities (billion laughs, external entities)', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;">]><svg><text>&b;</text></svg>';
    expect(sanitiseSvg(laughs)).toMatchObject({ ok: false, problem: 'svg_entities' });
    const external = '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg><text>&xxe;</text></svg>';
    expect(sanitiseSvg(external)).toMatchObject({ ok: false, problem: 'svg_entities' });
  });

  it('a document that is not an SVG, or not XML at all', () => {
    expect(sanitiseSvg('<html><body>hi</body></html>')).toMatchObject({ ok: false, problem: 'svg_root' });
    expect(sanitiseSvg('<svg><g></svg>')).toMatchObject({ ok: false });
    expect(sanitiseSvg('just text')).toMatchObject({ ok: false });
  });
});
