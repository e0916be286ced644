import type { ImageDescription } from '../image.js';

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, then one PackBits segment per
 * byte plane (most significant byte of each sample first, sample by sample). Small enough to keep by hand.
 */
const HEADER_BYTES = 64;
const MAX_SEGMENTS = 15;

function segmentCount(image: ImageDescription): number {
  return image.samplesPerPixel * Math.ceil(image.bitsAllocated / 8);
}

/** Position of byte `byteIndex` (0 = least significant) of sample `sample` of pixel `pixel` in a native frame. */
function nativeIndex(image: ImageDescription, pixel: number, sample: number, byteIndex: number): number {
  const bytesPerSample = image.bitsAllocated / 8;
  const pixels = image.rows * image.columns;
  const sampleIndex = image.planarConfiguration === 1 ? sample * pixels + pixel : pixel * image.samplesPerPixel + sample;
  return sampleIndex * bytesPerSample + byteIndex;
}

function unpackBits(segment: Uint8Array, out: Uint8Array, source: string): void {
  let written = 0;
  for (let pos = 0; pos < segment.length && written < out.length; ) {
    const header = segment[pos++]!;
    if (header < 128) {
      const count = header + 1;
      out.set(segment.subarray(pos, pos + count).subarray(0, out.length - written), written);
      written += count;
      pos += count;
    } else if (header > 128) {
      const count = 257 - header;
      out.fill(segment[pos++]!, written, Math.min(out.length, written + count));
      written += count;
    }
  }
  if (written < out.length) throw new Error(`${source}: an RLE segment decodes to ${written} bytes where the image needs ${out.length}`);
}

export function decodeRle(frame: Uint8Array, image: ImageDescription, source: string): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const count = frame.length >= HEADER_BYTES ? view.getUint32(0, true) : 0;
  if (count !== segmentCount(image)) {
    throw new Error(`${source}: the RLE header announces ${count} segments but ${image.samplesPerPixel} sample(s) of ${image.bitsAllocated} bits need ${segmentCount(image)}`);
  }
  const pixels = image.rows * image.columns;
  if (image.bitsAllocated === 1) {
    // One segment of the frame's bits, packed eight pixels to a byte as in native data.
    const packed = new Uint8Array(Math.ceil((pixels * image.samplesPerPixel) / 8));
    unpackBits(frame.subarray(view.getUint32(4, true)), packed, source);
    return packed;
  }
  const bytesPerSample = image.bitsAllocated / 8;
  const out = new Uint8Array(pixels * image.samplesPerPixel * bytesPerSample);
  const plane = new Uint8Array(pixels);
  for (let segment = 0; segment < count; segment++) {
    const start = view.getUint32(4 + 4 * segment, true);
    const end = segment + 1 < count ? view.getUint32(8 + 4 * segment, true) : frame.length;
    unpackBits(frame.subarray(start, end), plane, source);
    const sample = Math.floor(segment / bytesPerSample);
    const byteIndex = bytesPerSample - 1 - (segment % bytesPerSample);
    const first = nativeIndex(image, 0, sample, byteIndex);
    const stride = nativeIndex(image, 1, sample, byteIndex) - first;
    for (let pixel = 0, to = first; pixel < pixels; pixel++, to += stride) out[to] = plane[pixel]!;
  }
  return out;
}

/**
 * PackBits one row into `out` from `at`, returning the new end: runs of 3 or more equal bytes become replicate
 * runs, everything else literal runs (at most 128 bytes each).
 */
function packRow(row: Uint8Array, out: Uint8Array, at: number): number {
  let pos = 0;
  while (pos < row.length) {
    let run = 1;
    while (pos + run < row.length && run < 128 && row[pos + run] === row[pos]) run++;
    if (run >= 3) {
      out[at++] = 257 - run;
      out[at++] = row[pos]!;
      pos += run;
      continue;
    }
    let end = pos;
    while (end < row.length && end - pos < 128 && !(end + 2 < row.length && row[end] === row[end + 1] && row[end] === row[end + 2])) end++;
    out[at++] = end - pos - 1;
    out.set(row.subarray(pos, end), at);
    at += end - pos;
    pos = end;
  }
  return at;
}

export function encodeRle(frame: Uint8Array, image: ImageDescription): Uint8Array {
  const count = segmentCount(image);
  if (count > MAX_SEGMENTS) throw new Error(`RLE holds at most ${MAX_SEGMENTS} segments; ${image.samplesPerPixel} sample(s) of ${image.bitsAllocated} bits need ${count}`);
  const bytesPerSample = image.bitsAllocated / 8;
  const { rows, columns } = image;
  const segments: Uint8Array[] = [];
  const row = new Uint8Array(columns);
  // Worst case: a literal header for every 128 bytes, and the padding byte.
  const packed = new Uint8Array(rows * (columns + Math.ceil(columns / 128)) + 1);
  for (let segment = 0; segment < count; segment++) {
    const sample = Math.floor(segment / bytesPerSample);
    const byteIndex = bytesPerSample - 1 - (segment % bytesPerSample);
    const first = nativeIndex(image, 0, sample, byteIndex);
    const stride = nativeIndex(image, 1, sample, byteIndex) - first;
    let length = 0;
    // Rows are packed separately: a run never crosses a row boundary (PS3.5 G.3.1).
    for (let y = 0; y < rows; y++) {
      for (let x = 0, from = first + y * columns * stride; x < columns; x++, from += stride) row[x] = frame[from]!;
      length = packRow(row, packed, length);
    }
    if (length % 2) packed[length++] = 128; // 128 is a no-op header: pads the segment to even length
    segments.push(packed.slice(0, length));
  }
  const out = new Uint8Array(HEADER_BYTES + segments.reduce((sum, segment) => sum + segment.length, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, count, true);
  let offset = HEADER_BYTES;
  segments.forEach((segment, index) => {
    view.setUint32(4 + 4 * index, offset, true);
    out.set(segment, offset);
    offset += segment.length;
  });
  return out;
}
