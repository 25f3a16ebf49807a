/**
 * Which IP addresses a webhook must never reach: every special-purpose range of the IANA registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry/ and
 * https://www.iana.org/assignments/iana-ipv6-special-registry/), multicast, and this machine's own
 * interface addresses (the service listens on all of them). An address that is only an IPv4 address
 * in IPv6 clothing (::ffff:a.b.c.d, ::a.b.c.d, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4
 * 2002::/16) is judged by the IPv4 address it carries, because that is where the packets end up.
 *
 * WEBHOOK_ALLOW_PRIVATE lets webhooks reach local networks only: loopback (and so this machine's own
 * addresses), private, carrier-grade NAT, link-local and unique-local ranges, where a platform under
 * development listens. Documentation, benchmarking, reserved, discard, anycast-relay and multicast
 * ranges stay refused: no real receiver lives there, so a URL naming one is a mistake or a probe.
 * Pure: parses text, no DNS and no sockets (the caller passes the interface addresses).
 */

/** `local`: a network a platform may run on (allowed by WEBHOOK_ALLOW_PRIVATE); otherwise never a receiver. */
type Range = readonly [prefix: readonly number[], bits: number, reason: string, local: boolean];

const v4Ranges: Range[] = [
  [[0, 0, 0, 0], 8, 'an unspecified address (0.0.0.0/8)', false],
  [[10, 0, 0, 0], 8, 'a private network (10.0.0.0/8)', true],
  [[100, 64, 0, 0], 10, 'a carrier-grade NAT network (100.64.0.0/10)', true],
  [[127, 0, 0, 0], 8, 'a loopback address (127.0.0.0/8)', true],
  [[169, 254, 0, 0], 16, 'a link-local address, where cloud metadata lives (169.254.0.0/16)', true],
  [[172, 16, 0, 0], 12, 'a private network (172.16.0.0/12)', true],
  [[192, 0, 0, 0], 24, 'a reserved network for IETF protocol assignments (192.0.0.0/24)', false],
  [[192, 0, 2, 0], 24, 'a documentation network, reserved (192.0.2.0/24, TEST-NET-1)', false],
  [[192, 31, 196, 0], 24, 'a reserved AS112 network (192.31.196.0/24)', false],
  [[192, 52, 193, 0], 24, 'a reserved AMT network (192.52.193.0/24)', false],
  [[192, 88, 99, 0], 24, 'a reserved 6to4 relay network (192.88.99.0/24)', false],
  [[192, 168, 0, 0], 16, 'a private network (192.168.0.0/16)', true],
  [[192, 175, 48, 0], 24, 'a reserved AS112 network (192.175.48.0/24)', false],
  [[198, 18, 0, 0], 15, 'a reserved benchmarking network (198.18.0.0/15)', false],
  [[198, 51, 100, 0], 24, 'a documentation network, reserved (198.51.100.0/24, TEST-NET-2)', false],
  [[203, 0, 113, 0], 24, 'a documentation network, reserved (203.0.113.0/24, TEST-NET-3)', false],
  [[224, 0, 0, 0], 4, 'a multicast address (224.0.0.0/4)', false],
  [[255, 255, 255, 255], 32, 'the limited broadcast address, reserved (255.255.255.255)', false],
  [[240, 0, 0, 0], 4, 'a reserved address (240.0.0.0/4)', false],
];

const v6Exact: Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128, 'an unspecified address (::)', false],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'a loopback address (::1)', true],
];

// Checked after the IPv4 carriers: 64:ff9b:1::/48 refuses what its embedded address does not.
const v6Ranges: Range[] = [
  [[0, 0x64, 0xff, 0x9b, 0, 1], 48, 'a local-use IPv4/IPv6 translation network (64:ff9b:1::/48)', true],
  [[1, 0, 0, 0, 0, 0, 0, 0], 64, 'a discard-only network, reserved (100::/64)', false],
  [[1, 0, 0, 0, 0, 0, 0, 1], 64, 'a reserved dummy network (100:0:0:1::/64)', false],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'a documentation network, reserved (2001:db8::/32)', false],
  [[0x20, 0x01, 0x00], 23, 'a reserved network for IETF protocol assignments (2001::/23)', false],
  [[0x26, 0x20, 0x00, 0x4f, 0x80, 0x00], 48, 'a reserved AS112 network (2620:4f:8000::/48)', false],
  [[0x3f, 0xff], 20, 'a documentation network, reserved (3fff::/20)', false],
  [[0x5f, 0x00], 16, 'a reserved segment routing network (5f00::/16)', false],
  [[0xfc], 7, 'a unique local network (fc00::/7)', true],
  [[0xfe, 0x80], 10, 'a link-local address (fe80::/10)', true],
  [[0xfe, 0xc0], 10, 'a site-local address (fec0::/10)', true],
  [[0xff], 8, 'a multicast address (ff00::/8)', false],
];

/** IPv6 prefixes whose addresses carry an IPv4 address, and where it sits (byte offset). */
const v4Carriers: { prefix: number[]; bits: number; at: number }[] = [
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], bits: 96, at: 12 }, // IPv4-mapped
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], bits: 96, at: 12 }, // IPv4-translated (SIIT, RFC 2765: ::ffff:0:a.b.c.d)
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96, at: 12 }, // IPv4-compatible (deprecated, still routed by some stacks)
  { prefix: [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96, at: 12 }, // NAT64, well-known prefix
  { prefix: [0, 0x64, 0xff, 0x9b, 0, 1], bits: 48, at: 12 }, // NAT64, local-use prefix (RFC 8215), in its usual /96 form
  { prefix: [0x20, 0x02], bits: 16, at: 2 }, // 6to4
];

/** Why an address is refused, and whether WEBHOOK_ALLOW_PRIVATE may allow it. */
export interface AddressRefusal {
  reason: string;
  local: boolean;
}

/**
 * Why `address` must not receive webhooks ("a loopback address (127.0.0.0/8)"), or undefined for
 * a public address. Text that is not an IP address is refused too: this guard fails closed.
 */
export function privateAddressReason(address: string): string | undefined {
  return specialRange(address)?.reason;
}

/**
 * Whether a webhook may go to `address`, given WEBHOOK_ALLOW_PRIVATE and this machine's interface
 * addresses: the refusal with its reason, or undefined. This machine's addresses are refused first
 * (by name), whatever range they are in: the service itself listens on them.
 */
export function addressRefusal(address: string, rules: { allowPrivate: boolean; ownAddresses: readonly string[] }): AddressRefusal | undefined {
  const own = rules.ownAddresses.find((mine) => sameAddress(address, mine));
  if (own && !rules.allowPrivate) return { reason: `an address of this machine (${own})`, local: true };
  const refusal = specialRange(address);
  return refusal && !(refusal.local && rules.allowPrivate) ? refusal : undefined;
}

/** Whether text is an IP address (either family), as opposed to a host name to resolve. */
export function isIpAddress(text: string): boolean {
  return parseIPv4(text) !== undefined || parseIPv6(text) !== undefined;
}

function specialRange(address: string): AddressRefusal | undefined {
  const v4 = parseIPv4(address);
  if (v4) return matchRange(v4, v4Ranges);
  const v6 = parseIPv6(address);
  if (!v6) return { reason: 'not an IP address', local: false };
  const exact = matchRange(v6, v6Exact);
  if (exact) return exact;
  const carried = carriedIPv4(v6);
  const inside = carried && matchRange(carried, v4Ranges);
  if (inside) return { reason: `${inside.reason}, written as IPv6`, local: inside.local };
  return matchRange(v6, v6Ranges);
}

/** The IPv4 address an IPv6 address carries, if it is of a carrying kind. */
function carriedIPv4(v6: number[]): number[] | undefined {
  const carrier = v4Carriers.find(({ prefix, bits }) => inPrefix(v6, prefix, bits));
  return carrier ? v6.slice(carrier.at, carrier.at + 4) : undefined;
}

/** Both addresses as IPv4 when either carries one, else as sixteen bytes; zones and brackets ignored. */
function sameAddress(a: string, b: string): boolean {
  const bytes = (text: string) => {
    const v6 = parseIPv6(text);
    return parseIPv4(text) ?? (v6 && (carriedIPv4(v6) ?? v6));
  };
  const [left, right] = [bytes(a), bytes(b)];
  return left !== undefined && right !== undefined && left.length === right.length && left.every((byte, i) => byte === right[i]);
}

function matchRange(bytes: number[], ranges: Range[]): AddressRefusal | undefined {
  const found = ranges.find(([prefix, bits]) => inPrefix(bytes, prefix, bits));
  return found ? { reason: found[2], local: found[3] } : undefined;
}

function inPrefix(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const width = Math.min(8, bits - bit);
    const mask = (0xff << (8 - width)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** Dotted decimal only: URL parsing and DNS already turn 0x7f.1 and 2130706433 into this form. */
function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

/** Sixteen bytes, from any RFC 4291 text form; brackets and a zone (%eth0) are allowed. */
function parseIPv6(text: string): number[] | undefined {
  let body = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  body = body.replace(/%[\w.-]+$/, '');
  if (!body.includes(':')) return undefined;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(body.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
  const bytes = all.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}
