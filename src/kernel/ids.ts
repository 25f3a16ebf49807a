/**
 * Identifiers: a prefix that says what the id names, then a time-ordered, random body
 * (48-bit milliseconds + 80 random bits, Crockford base32), so ids sort by creation like ULIDs.
 */
import crypto from 'node:crypto';
import type { Clock } from './clock.ts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

export type IdPrefix = 'ws' | 'key' | 'con' | 'cs' | 'evt' | 'eml' | 'grt' | 'ddr' | 'ps' | 'ntf' | 'med' | 'msy' | 'cmp' | 'cpo' | 'ist' | 'irf' | 'par' | 'pae' | 'wep' | 'maf';

export function newId(prefix: IdPrefix, clock: Clock): string {
  const time = encode(BigInt(clock.now().getTime()), 10);
  const random = encode(BigInt(`0x${crypto.randomBytes(10).toString('hex')}`), 16);
  return `${prefix}_${time}${random}`;
}
