import { frameBits, frameBytes, type ImageDescription } from './image.js';

/**
 * Splits native (uncompressed) pixel data into one copy per frame, ready to be masked, or into views of `value`
 * where a frame starts on a byte (`copy` false: for reading only). 1-bit frames are packed continuously and need
 * not start on a byte boundary (PS3.5 §8.1.1): each is shifted to start at bit 0.
 */
export function splitNativeFrames(value: Uint8Array, image: ImageDescription, source: string, copy = true): Uint8Array[] {
  const bits = frameBits(image);
  const needed = Math.ceil((bits * image.frames) / 8);
  if (value.length < needed) {
    throw new Error(`${source}: Pixel Data (7FE0,0010) holds ${value.length} bytes but ${image.frames} frame(s) of ${image.rows}×${image.columns}×${image.samplesPerPixel} at ${image.bitsAllocated} bits need ${needed}: the file is truncated or its Image Pixel module is wrong`);
  }
  const frames: Uint8Array[] = [];
  for (let index = 0; index < image.frames; index++) {
    const startBit = index * bits;
    if (startBit % 8 === 0) {
      const [start, end] = [startBit / 8, startBit / 8 + frameBytes(image)];
      // A copy made by the constructor: a Node Buffer's slice() would be a view of the caller's bytes.
      frames.push(copy ? new Uint8Array(value.subarray(start, end)) : value.subarray(start, end));
      continue;
    }
    const frame = new Uint8Array(frameBytes(image));
    for (let bit = 0; bit < bits; bit++) {
      const from = startBit + bit;
      if ((value[from >> 3]! >> (from & 7)) & 1) frame[bit >> 3]! |= 1 << (bit & 7);
    }
    frames.push(frame);
  }
  return frames;
}

/** Joins frames back into one native Pixel Data value, packing 1-bit frames without gaps, padded to even length. */
export function joinNativeFrames(frames: readonly Uint8Array[], image: ImageDescription): Uint8Array {
  const bits = frameBits(image);
  const total = Math.ceil((bits * frames.length) / 8);
  const value = new Uint8Array(total + (total % 2));
  frames.forEach((frame, index) => {
    const startBit = index * bits;
    if (startBit % 8 === 0) {
      value.set(frame.subarray(0, frameBytes(image)), startBit / 8);
      return;
    }
    for (let bit = 0; bit < bits; bit++) {
      const to = startBit + bit;
      if ((frame[bit >> 3]! >> (bit & 7)) & 1) value[to >> 3]! |= 1 << (to & 7);
    }
  });
  return value;
}
