/**
 * Real, tiny media files for the simulated CDNs: a PNG, a baseline JPEG and an H.264 MP4, each drawn from a
 * seed (a media id) so every post has its own colours and a browser or decoder can open it. Written by hand
 * with no image library: the PNG is zlib-deflated rows; the JPEG has one flat colour per 8×8 block (only DC
 * coefficients, so no DCT is needed); the video's frames are I_PCM macroblocks (raw samples, no prediction),
 * which every H.264 decoder must accept. The one place the sandbox makes pictures: pages that show avatars
 * or posts use these too.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

/** Two colours from a seed: the picture's background and its pattern. */
export function palette(seed: string): { background: Rgb; pattern: Rgb } {
  const h = createHash('sha256').update(seed).digest();
  const background: Rgb = [64 + (h[0]! % 160), 64 + (h[1]! % 160), 64 + (h[2]! % 160)];
  const pattern: Rgb = [255 - background[0], 255 - background[1], 255 - background[2]];
  return { background, pattern };
}

/**
 * The picture both image formats draw, in 8×8 blocks: a head and shoulders in the pattern colour on the
 * background, which reads as a profile picture or a creator's photo at any size (a cross would read as
 * "missing"). Measured from the blocks' centres, so a JPEG's flat blocks and a PNG's pixels agree.
 */
function colourAt(seed: string, width: number, height: number): (blockX: number, blockY: number) => Rgb {
  const { background, pattern } = palette(seed);
  const side = Math.min(width, height);
  const head = { x: width / 2, y: height * 0.4, r: side * 0.2 };
  const shoulders = { x: width / 2, y: height * 1.05, rx: side * 0.4, ry: height * 0.42 };
  return (bx, by) => {
    const x = bx * 8 + 4;
    const y = by * 8 + 4;
    const inHead = (x - head.x) ** 2 + (y - head.y) ** 2 <= head.r ** 2;
    const inShoulders = ((x - shoulders.x) / shoulders.rx) ** 2 + ((y - shoulders.y) / shoulders.ry) ** 2 <= 1;
    return inHead || inShoulders ? pattern : background;
  };
}

// ---- PNG -------------------------------------------------------------------------------------------------

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A width×height RGB PNG (square unless a height is given). */
export function png(seed: string, width = 64, height = width): Buffer {
  const colour = colourAt(seed, width, height);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0: none
    for (let x = 0; x < width; x++) Buffer.from(colour(x >> 3, y >> 3)).copy(row, 1 + x * 3);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.concat(rows))), pngChunk('IEND', Buffer.alloc(0))]);
}

// ---- JPEG ------------------------------------------------------------------------------------------------

class BitWriter {
  readonly bytes: number[] = [];
  #acc = 0;
  #n = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.#acc = (this.#acc << 1) | ((value >> i) & 1);
      if (++this.#n === 8) this.#flush();
    }
  }
  #flush(): void {
    this.bytes.push(this.#acc);
    this.#acc = 0;
    this.#n = 0;
  }
  /** Pads the last byte with `bit` (JPEG pads with ones, H.264's trailing bits with zeros). */
  align(bit: 0 | 1): void {
    while (this.#n !== 0) this.write(bit, 1);
  }
  get aligned(): boolean {
    return this.#n === 0;
  }
}

/** The standard DC table's code lengths (ITU T.81 Annex K.3): category 0 has 2 bits, 1–5 three, then one more each. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];

/** Canonical Huffman codes from the count of codes of each length (T.81 Annex C). */
function huffmanCodes(bits: readonly number[]): { code: number; length: number }[] {
  const codes: { code: number; length: number }[] = [];
  let code = 0;
  bits.forEach((count, i) => {
    for (let k = 0; k < count; k++) codes.push({ code: code++, length: i + 1 });
    code <<= 1;
  });
  return codes;
}

const dcCodes = huffmanCodes(DC_BITS);

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/**
 * A width×height baseline JPEG (square unless a height is given): every block one flat colour, so each carries
 * a DC term and an end-of-block. A side that is not a multiple of 8 is drawn in whole blocks the decoder crops.
 */
export function jpeg(seed: string, width = 64, height = width): Buffer {
  const colour = colourAt(seed, width, height);
  const out = new BitWriter();
  const previous = [0, 0, 0];
  for (let by = 0; by < Math.ceil(height / 8); by++) {
    for (let bx = 0; bx < Math.ceil(width / 8); bx++) {
      const [r, g, b] = colour(bx, by);
      const ycc = [0.299 * r + 0.587 * g + 0.114 * b, 128 - 0.168736 * r - 0.331264 * g + 0.5 * b, 128 + 0.5 * r - 0.418688 * g - 0.081312 * b];
      ycc.forEach((value, c) => {
        // A flat block's DC coefficient is 8 × (sample − 128); the quantiser is 1.
        const dc = Math.round(8 * (value - 128));
        const diff = dc - previous[c]!;
        previous[c] = dc;
        const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
        out.write(dcCodes[category]!.code, dcCodes[category]!.length);
        if (category > 0) out.write(diff > 0 ? diff : diff - 1 + (1 << category), category);
        out.write(0, 1); // AC table's one code, '0': end of block
      });
    }
  }
  out.align(1);
  const scan = out.bytes.flatMap((byte) => (byte === 0xff ? [0xff, 0x00] : [byte]));
  const components = [1, 2, 3].flatMap((id) => [id, 0x11, 0]);
  return Buffer.from([
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...new Array(64).fill(1)]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, ...components]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...Array.from({ length: 12 }, (_, i) => i), 0x10, 1, ...new Array(15).fill(0), 0x00]),
    ...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
    ...scan,
    0xff,
    0xd9,
  ]);
}

// ---- MP4 (H.264) -------------------------------------------------------------------------------------------

function ue(out: BitWriter, value: number): void {
  const bits = (value + 1).toString(2);
  out.write(0, bits.length - 1);
  out.write(value + 1, bits.length);
}

/** An RBSP as a NAL unit: header byte, then 0x03 wherever three bytes would read as a start code. */
function nal(header: number, rbsp: number[]): Buffer {
  const out: number[] = [header];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(out);
}

function trailing(out: BitWriter): number[] {
  out.write(1, 1);
  out.align(0);
  return out.bytes;
}

function sps(width: number, height: number): Buffer {
  const out = new BitWriter();
  out.write(66, 8); // Baseline profile
  out.write(0xc0, 8); // constraint_set0 and 1
  out.write(20, 8); // level 2.0 (I_PCM frames need its bit rate)
  ue(out, 0); // seq_parameter_set_id
  ue(out, 0); // log2_max_frame_num_minus4
  ue(out, 2); // pic_order_cnt_type 2: output order is decoding order
  ue(out, 1); // max_num_ref_frames
  out.write(0, 1); // gaps_in_frame_num_value_allowed_flag
  ue(out, width / 16 - 1);
  ue(out, height / 16 - 1);
  out.write(0b110, 3); // frame_mbs_only, direct_8x8_inference, no cropping
  out.write(0, 1); // no VUI
  return nal(0x67, trailing(out));
}

function pps(): Buffer {
  const out = new BitWriter();
  ue(out, 0); // pic_parameter_set_id
  ue(out, 0); // seq_parameter_set_id
  out.write(0, 2); // CAVLC, no bottom-field POC
  ue(out, 0); // one slice group
  ue(out, 0);
  ue(out, 0); // num_ref_idx_l0/l1_default_active_minus1
  out.write(0, 3); // no weighted prediction
  out.write(1, 1);
  out.write(1, 1);
  out.write(1, 1); // pic_init_qp/qs_minus26 and chroma_qp_index_offset: se(0)
  out.write(0, 3); // no deblocking control, no constrained intra, no redundant pictures
  return nal(0x68, trailing(out));
}

/** One IDR frame of I_PCM macroblocks, filled with `rgb`. */
function idrFrame(width: number, height: number, rgb: Rgb, idrPicId: number): Buffer {
  const [r, g, b] = rgb;
  // Video range (16–235, 16–240): never 0, so no sample can look like a start code.
  const y = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  const cb = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
  const cr = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
  const out = new BitWriter();
  ue(out, 0); // first_mb_in_slice
  ue(out, 7); // slice_type: I, as every slice of the picture
  ue(out, 0); // pic_parameter_set_id
  out.write(0, 4); // frame_num
  ue(out, idrPicId);
  out.write(0, 2); // no_output_of_prior_pics, long_term_reference
  out.write(1, 1); // slice_qp_delta: se(0)
  for (let mb = 0; mb < (width / 16) * (height / 16); mb++) {
    ue(out, 25); // mb_type I_PCM
    out.align(0); // pcm_alignment_zero_bit
    for (let i = 0; i < 256; i++) out.write(y, 8);
    for (let i = 0; i < 64; i++) out.write(cb, 8);
    for (let i = 0; i < 64; i++) out.write(cr, 8);
  }
  return nal(0x65, trailing(out));
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'ascii');
  return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
  const vf = Buffer.alloc(4);
  vf.writeUInt32BE(((version << 24) | flags) >>> 0, 0);
  return box(type, vf, ...parts);
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  for (const [i, v] of values.entries()) b.writeUInt32BE(v >>> 0, i * 4);
  return b;
}

function u16s(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  for (const [i, v] of values.entries()) b.writeUInt16BE(v & 0xffff, i * 2);
  return b;
}

const MATRIX = u32s(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000);
const FRAMES = 10;
const FRAME_MS = 100;

/** The moov box for `sizes` samples laid out from `dataOffset` in the file. */
function moov(width: number, height: number, sizes: number[], dataOffset: number, params: { sps: Buffer; pps: Buffer }): Buffer {
  const duration = sizes.length * FRAME_MS;
  const avcC = box('avcC', Buffer.from([1, 66, 0xc0, 20, 0xff, 0xe1]), u16s(params.sps.length), params.sps, Buffer.from([1]), u16s(params.pps.length), params.pps);
  const name = Buffer.alloc(32);
  const avc1 = box('avc1', Buffer.alloc(6), u16s(1, 0, 0), Buffer.alloc(12), u16s(width, height), u32s(0x480000, 0x480000, 0), u16s(1), name, u16s(0x18, 0xffff), avcC);
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, u32s(1), avc1),
    fullBox('stts', 0, 0, u32s(1, sizes.length, FRAME_MS)),
    fullBox('stsc', 0, 0, u32s(1, 1, sizes.length, 1)),
    fullBox('stsz', 0, 0, u32s(0, sizes.length, ...sizes)),
    fullBox('stco', 0, 0, u32s(1, dataOffset)),
  );
  const minf = box('minf', fullBox('vmhd', 0, 1, u16s(0, 0, 0, 0)), box('dinf', fullBox('dref', 0, 0, u32s(1), fullBox('url ', 0, 1))), stbl);
  const hdlr = fullBox('hdlr', 0, 0, u32s(0), Buffer.from('vide'), Buffer.alloc(12), Buffer.from('VideoHandler\0'));
  const mdia = box('mdia', fullBox('mdhd', 0, 0, u32s(0, 0, 1000, duration), u16s(0x55c4, 0)), hdlr, minf);
  const tkhd = fullBox('tkhd', 0, 3, u32s(0, 0, 1, 0, duration, 0, 0), u16s(0, 0, 0, 0), MATRIX, u32s(width << 16, height << 16));
  const mvhd = fullBox('mvhd', 0, 0, u32s(0, 0, 1000, duration, 0x10000), u16s(0x100, 0), Buffer.alloc(8), MATRIX, Buffer.alloc(24), u32s(2));
  return box('moov', mvhd, box('trak', tkhd, mdia));
}

/** A one-second 32×32 H.264 MP4 (ten frames, fading from the seed's background to its pattern colour). */
export function mp4(seed: string): Buffer {
  const width = 32;
  const height = 32;
  const { background, pattern } = palette(seed);
  const frames = Array.from({ length: FRAMES }, (_, i) => {
    const t = i / (FRAMES - 1);
    const rgb = background.map((c, k) => Math.round(c + (pattern[k]! - c) * t)) as unknown as Rgb;
    const frame = idrFrame(width, height, rgb, i % 2);
    return Buffer.concat([u32s(frame.length), frame]); // length-prefixed, as avcC's lengthSizeMinusOne 3 says
  });
  const params = { sps: sps(width, height), pps: pps() };
  const ftyp = box('ftyp', Buffer.from('isom'), u32s(0x200), Buffer.from('isomiso2avc1mp41'));
  const sizes = frames.map((f) => f.length);
  const moovLength = moov(width, height, sizes, 0, params).length;
  const header = Buffer.concat([ftyp, moov(width, height, sizes, ftyp.length + moovLength + 8, params)]);
  return Buffer.concat([header, box('mdat', ...frames)]);
}

/**
 * `file` padded to `bytes` with a trailing `free` box (which players skip), as a stream produced as it is
 * read: a video of hundreds of megabytes costs the sandbox no memory. Shorter than `file`: the file as is.
 */
export function padded(file: Buffer, bytes: number): { stream: Readable; length: number } {
  const pad = bytes - file.length;
  if (pad < 8) return { stream: Readable.from([file]), length: file.length };
  const head = Buffer.alloc(8);
  head.writeUInt32BE(pad, 0);
  head.write('free', 4, 'ascii');
  const chunk = Buffer.alloc(64 * 1024);
  async function* parts() {
    yield file;
    yield head;
    for (let left = pad - 8; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  }
  return { stream: Readable.from(parts(), { objectMode: false }), length: bytes };
}
