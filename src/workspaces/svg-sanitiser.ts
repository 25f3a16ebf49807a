/**
 * A workspace's SVG logo, rebuilt from an allowlist: shapes, gradients, text and their presentation
 * attributes survive; scripts, event handlers, foreignObject, images, animation, external references
 * (an `href` other than `#fragment`, `url()` other than `url(#…)`), CSS imports and DTDs do not. The
 * document is parsed by fast-xml-parser and written out again by us, every text and attribute
 * escaped, so nothing the parser did not understand reaches a page. The logo is also served with a
 * CSP that forbids scripts and loads; this is the first wall, not the only one.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type SvgResult = { ok: true; svg: string } | { ok: false; problem: string; message: string };

const ELEMENTS = new Set(
  (
    'svg g switch defs title desc symbol use path rect circle ellipse line polyline polygon text tspan textPath ' +
    'linearGradient radialGradient stop clipPath mask pattern style filter feGaussianBlur feOffset feBlend ' +
    'feColorMatrix feFlood feComposite feMerge feMergeNode feDropShadow'
  ).split(' '),
);

const ATTRIBUTES = new Set(
  (
    'id class viewBox width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength transform ' +
    'fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit ' +
    'stroke-dasharray stroke-dashoffset stroke-opacity opacity clip-path clip-rule mask filter offset ' +
    'stop-color stop-opacity gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits ' +
    'patternTransform clipPathUnits maskUnits maskContentUnits preserveAspectRatio version display visibility ' +
    'color font-family font-size font-weight font-style text-anchor dominant-baseline letter-spacing dx dy ' +
    'startOffset style href xlink:href xml:space xmlns xmlns:xlink role aria-label aria-hidden focusable ' +
    'vector-effect shape-rendering paint-order overflow stdDeviation in in2 result mode values type ' +
    'flood-color flood-opacity operator k1 k2 k3 k4 isolation mix-blend-mode'
  ).split(' '),
);

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** A value that could fetch, run or hide something: any url() but a fragment, a script scheme, CSS escapes or imports. */
function unsafeValue(value: string): boolean {
  return /url\s*\(\s*(?!['"]?#)|@import|expression\s*\(|javascript:|vbscript:|data:|\\|<|&/i.test(value);
}

function safeAttribute(name: string, value: string): boolean {
  if (!ATTRIBUTES.has(name)) return false;
  if (name === 'href' || name === 'xlink:href') return /^#[\w.:-]+$/.test(value);
  if (name === 'xmlns') return value === SVG_NS;
  if (name === 'xmlns:xlink') return value === XLINK_NS;
  return !unsafeValue(value);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five entities and character references, read; any other reference (a DTD's) is dropped. */
function decode(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_all, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name] ?? '';
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (value: string) => escapeText(value).replace(/"/g, '&quot;');

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function nameOf(node: Node): string {
  return Object.keys(node).find((key) => key !== ':@') ?? '';
}

function writeAttributes(node: Node): string {
  return Object.entries(node[':@'] ?? {})
    .map(([name, raw]) => [name, decode(String(raw)).trim()] as const)
    .filter(([name, value]) => safeAttribute(name, value))
    .map(([name, value]) => ` ${name}="${escapeAttr(value)}"`)
    .join('');
}

function writeNodes(nodes: Node[], parent: string): string {
  return nodes.map((node) => writeNode(node, parent)).join('');
}

function writeNode(node: Node, parent: string): string {
  const name = nameOf(node);
  if (name === '#text') {
    const text = decode(String(node['#text']));
    // A stylesheet's text is CSS: kept only when it cannot load or import anything.
    if (parent === 'style' && unsafeValue(text.replace(/[<&>]/g, ''))) return '';
    return escapeText(text);
  }
  if (!ELEMENTS.has(name)) return '';
  const children = writeNodes((node[name] as Node[]) ?? [], name);
  return `<${name}${writeAttributes(node)}${children ? `>${children}</${name}>` : '/>'}`;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are read by `decode` above, never expanded by the parser from a DTD.
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The logo rebuilt from what is safe in it, or why it cannot be used. */
export function sanitiseSvg(source: string): SvgResult {
  // A DTD's internal subset is where entity expansion attacks live: refused, not interpreted.
  if (/<!ENTITY|<!DOCTYPE[^>]*\[/i.test(source)) {
    return { ok: false, problem: 'svg_entities', message: 'The SVG declares entities (a DOCTYPE with an internal subset); export it without one.' };
  }
  // The parser forgives unclosed elements; a logo that is not well-formed is refused, not guessed at.
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    return { ok: false, problem: 'svg_unreadable', message: `The SVG is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).` };
  }
  let nodes: Node[];
  try {
    nodes = parser.parse(source) as Node[];
  } catch (error) {
    return { ok: false, problem: 'svg_unreadable', message: `The SVG is not well-formed XML: ${(error as Error).message}` };
  }
  const roots = nodes.filter((node) => nameOf(node) !== '#text');
  const root = roots[0];
  if (roots.length !== 1 || !root || nameOf(root) !== 'svg') {
    return { ok: false, problem: 'svg_root', message: 'The logo must be one <svg> element.' };
  }
  const svg = writeNode(root, '');
  // Served as image/svg+xml on its own, the document needs its namespace.
  const withNs = /^<svg[^>]*\sxmlns="/.test(svg) ? svg : svg.replace(/^<svg/, `<svg xmlns="${SVG_NS}"`);
  const withXlink = withNs.includes('xlink:') && !withNs.includes('xmlns:xlink') ? withNs.replace(/^<svg/, `<svg xmlns:xlink="${XLINK_NS}"`) : withNs;
  return { ok: true, svg: withXlink };
}
