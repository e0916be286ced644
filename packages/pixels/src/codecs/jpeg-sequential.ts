import type { DecodedFrame } from './decoded.js';

/**
 * JPEG sequential DCT with Huffman coding (ISO 10918-1 processes 1, 2 and 4) for one component at 12 bits, the case
 * of DICOM's JPEG Extended syntax that libjpeg-turbo's 8-bit build cannot decode and no maintained npm codec covers.
 * Colour and 8-bit streams go to libjpeg-turbo instead.
 */

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
];

/** cos((2x+1)uπ/16) scaled by C(u)/2, so that one 1-D pass is a plain sum. */
const IDCT_BASIS = new Float64Array(64);
for (let x = 0; x < 8; x++) {
  for (let u = 0; u < 8; u++) IDCT_BASIS[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
}

interface HuffmanTable {
  readonly maxCode: Int32Array;
  readonly valuePointer: Int32Array;
  readonly minCode: Int32Array;
  readonly values: Uint8Array;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxCode = new Int32Array(18).fill(-1);
  const valuePointer = new Int32Array(17);
  const minCode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const count = counts[length - 1]!;
    valuePointer[length] = k;
    minCode[length] = code;
    code += count;
    k += count;
    maxCode[length] = count ? code - 1 : -1;
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return { maxCode, valuePointer, minCode, values };
}

class BitReader {
  #bits = 0;
  #count = 0;
  constructor(private readonly data: Uint8Array, public pos: number) {}

  bit(): number {
    if (this.#count === 0) {
      const byte = this.data[this.pos] ?? 0;
      if (byte === 0xff) {
        const next = this.data[this.pos + 1];
        if (next === 0x00) this.pos += 2;
        else return 0; // a marker: the scan is over, pad with zeros as decoders do
      } else {
        this.pos++;
      }
      this.#bits = byte;
      this.#count = 8;
    }
    this.#count--;
    return (this.#bits >> this.#count) & 1;
  }

  receive(length: number): number {
    let value = 0;
    for (let i = 0; i < length; i++) value = (value << 1) | this.bit();
    return value;
  }

  decode(table: HuffmanTable): number {
    let code = this.bit();
    let length = 1;
    while (code > table.maxCode[length]!) {
      code = (code << 1) | this.bit();
      if (++length > 16) throw new Error('a Huffman code longer than 16 bits: the JPEG stream is damaged');
    }
    return table.values[table.valuePointer[length]! + code - table.minCode[length]!]!;
  }

  /** Skips to the byte after an RSTn marker, dropping the bits left in the current byte. */
  restart(): void {
    this.#count = 0;
    while (this.pos + 1 < this.data.length && !(this.data[this.pos] === 0xff && this.data[this.pos + 1]! >= 0xd0 && this.data[this.pos + 1]! <= 0xd7)) this.pos++;
    this.pos += 2;
  }
}

function extend(value: number, length: number): number {
  return length === 0 ? 0 : value < 1 << (length - 1) ? value - (1 << length) + 1 : value;
}

interface FrameHeader {
  readonly precision: number;
  readonly height: number;
  readonly width: number;
  readonly quantTable: number;
}

function idctBlock(coefficients: Float64Array, quant: Uint16Array, out: Float64Array): void {
  const temp = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    for (let x = 0; x < 8; x++) {
      let sum = 0;
      for (let u = 0; u < 8; u++) sum += IDCT_BASIS[x * 8 + u]! * coefficients[v * 8 + u]! * quant[v * 8 + u]!;
      temp[v * 8 + x] = sum;
    }
  }
  for (let x = 0; x < 8; x++) {
    for (let y = 0; y < 8; y++) {
      let sum = 0;
      for (let v = 0; v < 8; v++) sum += IDCT_BASIS[y * 8 + v]! * temp[v * 8 + x]!;
      out[y * 8 + x] = sum;
    }
  }
}

export function decodeJpegSequential(data: Uint8Array, source: string): DecodedFrame {
  const fail = (problem: string): never => {
    throw new Error(`${source}: ${problem}`);
  };
  const quantTables: Uint16Array[] = [];
  const dcTables: HuffmanTable[] = [];
  const acTables: HuffmanTable[] = [];
  let frame: FrameHeader | undefined;
  let restartInterval = 0;
  if (data[0] !== 0xff || data[1] !== 0xd8) fail('the JPEG frame does not start with SOI (FFD8)');
  let pos = 2;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) fail(`expected a JPEG marker at byte ${pos}`);
    const marker = data[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    const length = (data[pos + 2]! << 8) | data[pos + 3]!;
    const body = data.subarray(pos + 4, pos + 2 + length);
    if (marker === 0xdb) {
      for (let p = 0; p < body.length; ) {
        const wide = body[p]! >> 4;
        const table = new Uint16Array(64);
        for (let k = 0; k < 64; k++) table[ZIGZAG[k]!] = wide ? (body[p + 1 + 2 * k]! << 8) | body[p + 2 + 2 * k]! : body[p + 1 + k]!;
        quantTables[body[p]! & 15] = table;
        p += 1 + 64 * (wide ? 2 : 1);
      }
    } else if (marker === 0xc4) {
      for (let p = 0; p < body.length; ) {
        const counts = body.subarray(p + 1, p + 17);
        const total = counts.reduce((sum, count) => sum + count, 0);
        const table = buildHuffman(counts, body.slice(p + 17, p + 17 + total));
        (body[p]! >> 4 ? acTables : dcTables)[body[p]! & 15] = table;
        p += 17 + total;
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      if (body[5] !== 1) fail(`a ${body[5]}-component JPEG at ${body[0]} bits: only one component is decoded at 12 bits`);
      frame = { precision: body[0]!, height: (body[1]! << 8) | body[2]!, width: (body[3]! << 8) | body[4]!, quantTable: body[8]! };
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      fail(`JPEG process with marker FF${marker.toString(16).toUpperCase()} is not sequential Huffman DCT`);
    } else if (marker === 0xdd) {
      restartInterval = (body[0]! << 8) | body[1]!;
    } else if (marker === 0xda) {
      if (!frame) return fail('a JPEG scan (SOS) before the frame header (SOF)');
      return decodeScan(data, pos + 2 + length, frame, quantTables, dcTables[body[2]! >> 4], acTables[body[2]! & 15], restartInterval, fail);
    }
    pos += 2 + length;
  }
  return fail('the JPEG frame has no scan (SOS)');
}

function decodeScan(
  data: Uint8Array,
  start: number,
  frame: FrameHeader,
  quantTables: Uint16Array[],
  dc: HuffmanTable | undefined,
  ac: HuffmanTable | undefined,
  restartInterval: number,
  fail: (problem: string) => never,
): DecodedFrame {
  const quant = quantTables[frame.quantTable] ?? fail(`quantisation table ${frame.quantTable} is not defined`);
  if (!dc || !ac) fail('the scan names a Huffman table that is not defined');
  const { width, height, precision } = frame;
  const blocksX = Math.ceil(width / 8);
  const blocksY = Math.ceil(height / 8);
  const maximum = (1 << precision) - 1;
  const levelShift = 1 << (precision - 1);
  const out = new Uint16Array(width * height);
  const reader = new BitReader(data, start);
  const coefficients = new Float64Array(64);
  const block = new Float64Array(64);
  let predictor = 0;
  for (let index = 0; index < blocksX * blocksY; index++) {
    if (restartInterval && index > 0 && index % restartInterval === 0) {
      reader.restart();
      predictor = 0;
    }
    coefficients.fill(0);
    const dcLength = reader.decode(dc!);
    predictor += extend(reader.receive(dcLength), dcLength);
    coefficients[0] = predictor;
    for (let k = 1; k < 64; ) {
      const rs = reader.decode(ac!);
      const run = rs >> 4;
      const size = rs & 15;
      if (size === 0) {
        if (run !== 15) break;
        k += 16;
        continue;
      }
      k += run;
      if (k > 63) fail('a JPEG block has more than 64 coefficients: the stream is damaged');
      coefficients[ZIGZAG[k]!] = extend(reader.receive(size), size);
      k++;
    }
    idctBlock(coefficients, quant, block);
    const bx = (index % blocksX) * 8;
    const by = Math.floor(index / blocksX) * 8;
    for (let y = 0; y < 8 && by + y < height; y++) {
      for (let x = 0; x < 8 && bx + x < width; x++) {
        out[(by + y) * width + bx + x] = Math.min(maximum, Math.max(0, Math.round(block[y * 8 + x]! + levelShift)));
      }
    }
  }
  return { bytes: new Uint8Array(out.buffer), bytesPerSample: 2, planar: false, convertedToRgb: false };
}
