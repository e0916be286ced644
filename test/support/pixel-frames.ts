/** Decoded frames of test files, and the bit-exact comparison of an image before and after masking. */
import { readFileSync } from 'node:fs';
import { parseDicom, type DicomFile } from '@deid-share/dicom';
import { decodeFrames, describeImage, type DecodedImage, type ImageDescription, type Rect } from '@deid-share/pixels';

/** Every frame, colour by pixel (frames decoded by plane are interleaved), so two decodings compare sample by sample. */
export async function interleavedFrames(file: DicomFile, source: string): Promise<DecodedImage> {
  const { image, frames } = await decodeFrames(file.dataset, file.transferSyntaxUID, describeImage(file.dataset), source);
  if (image.planarConfiguration === 0) return { image, frames };
  const bytes = image.bitsAllocated / 8;
  const pixels = image.rows * image.columns;
  const interleave = (frame: Uint8Array): Uint8Array => {
    const out = new Uint8Array(frame.length);
    for (let pixel = 0; pixel < pixels; pixel++) {
      for (let sample = 0; sample < 3; sample++) out.set(frame.subarray((sample * pixels + pixel) * bytes, (sample * pixels + pixel + 1) * bytes), (pixel * 3 + sample) * bytes);
    }
    return out;
  };
  return { image: { ...image, planarConfiguration: 0 }, frames: frames.map(interleave) };
}

export async function framesOfFile(path: string): Promise<DecodedImage> {
  return interleavedFrames(parseDicom(readFileSync(path)), path);
}

export interface MaskComparison {
  /** Samples outside every box that differ from the input. */
  readonly changedOutside: number;
  /** Samples inside a box that differ from the input (masking changed them). */
  readonly changedInside: number;
  /** Largest difference outside the boxes (for inputs decoded by two different lossy decoders). */
  readonly largestOutside: number;
}

/** Compares two decodings of the same image (colour by pixel, 8- or 16-bit samples) inside and outside the boxes. */
export function compareMasked(before: DecodedImage, after: DecodedImage, boxes: readonly Rect[]): MaskComparison {
  const image: ImageDescription = before.image;
  const inBox = (pixel: number): boolean => {
    const [x, y] = [pixel % image.columns, Math.floor(pixel / image.columns)];
    return boxes.some((box) => x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height);
  };
  let changedOutside = 0;
  let changedInside = 0;
  let largestOutside = 0;
  const samplesPerPixel = image.photometric === 'YBR_FULL_422' ? 2 : image.samplesPerPixel;
  before.frames.forEach((frame, index) => {
    const other = after.frames[index]!;
    const read = (bytes: Uint8Array, i: number): number => (image.bitsAllocated === 16 ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : bytes[i]!);
    const count = image.bitsAllocated === 1 ? image.rows * image.columns : image.rows * image.columns * samplesPerPixel;
    for (let i = 0; i < count; i++) {
      const pixel = image.bitsAllocated === 1 ? i : Math.floor(i / samplesPerPixel);
      const [a, b] = image.bitsAllocated === 1 ? [(frame[i >> 3]! >> (i & 7)) & 1, (other[i >> 3]! >> (i & 7)) & 1] : [read(frame, i), read(other, i)];
      if (a === b) continue;
      if (inBox(pixel)) changedInside++;
      else {
        changedOutside++;
        largestOutside = Math.max(largestOutside, Math.abs(a - b));
      }
    }
  });
  return { changedOutside, changedInside, largestOutside };
}
