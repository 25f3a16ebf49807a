/**
 * Which IP addresses a webhook must never reach unless the operator allows it: this host, the
 * networks behind it, and the cloud metadata service (169.254.169.254). An address that is only
 * an IPv4 address in IPv6 clothing (::ffff:a.b.c.d, ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16)
 * is judged by the IPv4 address it carries, because that is where the packets end up.
 * Pure: parses text, no DNS and no sockets.
 */

type Range = readonly [prefix: readonly number[], bits: number, reason: string];

const v4Ranges: Range[] = [
  [[0, 0, 0, 0], 8, 'an unspecified address (0.0.0.0/8)'],
  [[10, 0, 0, 0], 8, 'a private network (10.0.0.0/8)'],
  [[100, 64, 0, 0], 10, 'a carrier-grade NAT network (100.64.0.0/10)'],
  [[127, 0, 0, 0], 8, 'a loopback address (127.0.0.0/8)'],
  [[169, 254, 0, 0], 16, 'a link-local address, where cloud metadata lives (169.254.0.0/16)'],
  [[172, 16, 0, 0], 12, 'a private network (172.16.0.0/12)'],
  [[192, 0, 0, 0], 24, 'a reserved network (192.0.0.0/24)'],
  [[192, 168, 0, 0], 16, 'a private network (192.168.0.0/16)'],
  [[198, 18, 0, 0], 15, 'a reserved network (198.18.0.0/15)'],
  [[224, 0, 0, 0], 4, 'a multicast address (224.0.0.0/4)'],
  [[240, 0, 0, 0], 4, 'a reserved address (240.0.0.0/4)'],
];

// Checked in order: the exact ::1 and :: come before ::/96, which contains them.
const v6Ranges: Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128, 'an unspecified address (::)'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'a loopback address (::1)'],
  [[0xfc], 7, 'a unique local network (fc00::/7)'],
  [[0xfe, 0x80], 10, 'a link-local address (fe80::/10)'],
  [[0xfe, 0xc0], 10, 'a site-local address (fec0::/10)'],
  [[0xff], 8, 'a multicast address (ff00::/8)'],
];

/** IPv6 prefixes whose addresses carry an IPv4 address, and where it sits (byte offset). */
const v4Carriers: { prefix: number[]; bits: number; at: number }[] = [
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], bits: 96, at: 12 }, // IPv4-mapped
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96, at: 12 }, // IPv4-compatible (deprecated, still routed by some stacks)
  { prefix: [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96, at: 12 }, // NAT64
  { prefix: [0x20, 0x02], bits: 16, at: 2 }, // 6to4
];

/**
 * Why `address` must not receive webhooks ("a loopback address (127.0.0.0/8)"), or undefined for
 * a public address. Text that is not an IP address is refused too: this guard fails closed.
 */
export function privateAddressReason(address: string): string | undefined {
  const v4 = parseIPv4(address);
  if (v4) return matchRange(v4, v4Ranges);
  const v6 = parseIPv6(address);
  if (!v6) return 'not an IP address';
  const own = matchRange(v6, v6Ranges);
  if (own) return own;
  for (const carrier of v4Carriers) {
    if (!inPrefix(v6, carrier.prefix, carrier.bits)) continue;
    const reason = matchRange(v6.slice(carrier.at, carrier.at + 4), v4Ranges);
    if (reason) return `${reason}, written as IPv6`;
  }
  return undefined;
}

/** Whether text is an IP address (either family), as opposed to a host name to resolve. */
export function isIpAddress(text: string): boolean {
  return parseIPv4(text) !== undefined || parseIPv6(text) !== undefined;
}

function matchRange(bytes: number[], ranges: Range[]): string | undefined {
  return ranges.find(([prefix, bits]) => inPrefix(bytes, prefix, bits))?.[2];
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
