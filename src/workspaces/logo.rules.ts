/**
 * What a logo may be: an SVG (rebuilt from an allowlist, svg-sanitiser.ts), or a PNG or JPEG whose
 * bytes are what the Content-Type says (by their magic numbers) and whose header gives sane
 * dimensions, at most 200 KB. Stored as checked; served by us (brand-assets.routes.ts).
 */
import { sanitiseSvg } from './svg-sanitiser.ts';

export const MAX_LOGO_BYTES = 200 * 1024;
/** Larger than any header or email shows it; a bigger image is a mistake or a decompression trap. */
export const MAX_LOGO_PIXELS = 4096;

export const LOGO_TYPES = ['image/svg+xml', 'image/png', 'image/jpeg'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

export interface CheckedLogo {
  bytes: Uint8Array;
  contentType: LogoType;
  /** Pixels for PNG and JPEG; null for SVG (it scales). */
  width: number | null;
  height: number | null;
}

export type LogoResult = { ok: true; logo: CheckedLogo } | { ok: false; problem: string; message: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** A PNG's size from its first chunk, which must be IHDR. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || !startsWith(bytes, PNG_SIGNATURE)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers carry the size (baseline, progressive, lossless…; not DHT, JPG or DAC). */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** A JPEG's size from its start-of-frame segment, walking the segments from the SOI marker. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (isStartOfFrame(marker)) return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

function checkRaster(bytes: Uint8Array, contentType: 'image/png' | 'image/jpeg'): LogoResult {
  const size = contentType === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
  const kind = contentType === 'image/png' ? 'PNG' : 'JPEG';
  if (!size) return { ok: false, problem: 'not_an_image', message: `The body is not a ${kind} image (its first bytes or header do not match ${contentType}).` };
  if (size.width < 1 || size.height < 1 || size.width > MAX_LOGO_PIXELS || size.height > MAX_LOGO_PIXELS) {
    return { ok: false, problem: 'dimensions', message: `The ${kind} is ${size.width}×${size.height} pixels; a logo is 1 to ${MAX_LOGO_PIXELS} pixels each way.` };
  }
  return { ok: true, logo: { bytes, contentType, ...size } };
}

/** The logo as we will store it, or why not. `contentType` is the request's, without parameters. */
export function checkLogo(bytes: Uint8Array, contentType: string): LogoResult {
  if (bytes.length === 0) return { ok: false, problem: 'empty', message: 'The body is empty: send the logo file itself.' };
  if (bytes.length > MAX_LOGO_BYTES) return { ok: false, problem: 'too_large', message: `The logo is ${bytes.length} bytes; at most ${MAX_LOGO_BYTES} (200 KB).` };
  if (contentType === 'image/png' || contentType === 'image/jpeg') return checkRaster(bytes, contentType);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const result = sanitiseSvg(text);
  if (!result.ok) return result;
  return { ok: true, logo: { bytes: new TextEncoder().encode(result.svg), contentType: 'image/svg+xml', width: null, height: null } };
}
