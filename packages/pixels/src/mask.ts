import type { ImageDescription } from './image.js';

/** A rectangle in pixel coordinates (CTP's (x, y, width, height)); columns x … x+width-1, rows y … y+height-1. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The part of a rectangle that lies inside the image, or undefined when none does. */
export function clipRect(rect: Rect, image: Pick<ImageDescription, 'rows' | 'columns'>): Rect | undefined {
  const x = Math.max(0, Math.floor(rect.x));
  const y = Math.max(0, Math.floor(rect.y));
  const right = Math.min(image.columns, Math.ceil(rect.x + rect.width));
  const bottom = Math.min(image.rows, Math.ceil(rect.y + rect.height));
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

function writeSample(frame: Uint8Array, byteOffset: number, bytes: number, value: number): void {
  for (let b = 0; b < bytes; b++) frame[byteOffset + b] = (value >> (8 * b)) & 0xff;
}

/**
 * Sets every sample inside the rectangles to the given values (one per sample, `black` of the image), in place.
 * Samples outside the rectangles are not touched. Handles colour by pixel and by plane, native YBR_FULL_422 (two
 * pixels share one chrominance pair: it is blackened only where both pixels are inside) and packed 1-bit frames.
 */
export function maskFrame(frame: Uint8Array, image: ImageDescription, rects: readonly Rect[], black: readonly number[]): void {
  const { columns, rows, samplesPerPixel } = image;
  const bytes = image.bitsAllocated / 8;
  for (const rect of rects) {
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      for (let x = rect.x; x < rect.x + rect.width; x++) {
        const pixel = y * columns + x;
        if (image.bitsAllocated === 1) {
          frame[pixel >> 3]! &= ~(1 << (pixel & 7));
        } else if (image.photometric === 'YBR_FULL_422') {
          const pair = (y * columns + (x & ~1)) * 2 * bytes;
          writeSample(frame, pair + (x & 1) * bytes, bytes, black[0]!);
          const partner = x ^ 1;
          if (partner >= rect.x && partner < rect.x + rect.width) {
            writeSample(frame, pair + 2 * bytes, bytes, black[1]!);
            writeSample(frame, pair + 3 * bytes, bytes, black[2]!);
          }
        } else {
          for (let sample = 0; sample < samplesPerPixel; sample++) {
            const index = image.planarConfiguration === 1 ? sample * rows * columns + pixel : pixel * samplesPerPixel + sample;
            writeSample(frame, index * bytes, bytes, black[sample]!);
          }
        }
      }
    }
  }
}
