import type { DataSet } from '@deid-share/dicom';
import type { ImageDescription } from './image.js';
import { readPalette } from './palette.js';

/** An 8-bit greyscale picture of one frame: what OCR reads, and what a person looks at in tests. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** Reads sample `sample` of pixel `pixel` as a number, signed where Pixel Representation says so. */
function sampleReader(frame: Uint8Array, image: ImageDescription): (pixel: number, sample: number) => number {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const pixels = image.rows * image.columns;
  const signed = image.pixelRepresentation === 1;
  const at = (index: number): number => {
    switch (image.bitsAllocated) {
      case 1:
        return (frame[index >> 3]! >> (index & 7)) & 1;
      case 8:
        return signed ? view.getInt8(index) : frame[index]!;
      case 16:
        return signed ? view.getInt16(2 * index, true) : view.getUint16(2 * index, true);
      default:
        return signed ? view.getInt32(4 * index, true) : view.getUint32(4 * index, true);
    }
  };
  if (image.photometric === 'YBR_FULL_422') {
    // Pairs of pixels: Y0 Y1 Cb Cr; only luminance is read.
    return (pixel) => at((pixel & ~1) * 2 + (pixel & 1));
  }
  return image.planarConfiguration === 1 ? (pixel, sample) => at(sample * pixels + pixel) : (pixel, sample) => at(pixel * image.samplesPerPixel + sample);
}

/** Luminance of each pixel; monochrome frames are stretched from their minimum to their maximum. */
export function renderGrey(frame: Uint8Array, image: ImageDescription, dataset: DataSet, source: string): GreyImage {
  const count = image.rows * image.columns;
  const read = sampleReader(frame, image);
  const pixels = new Uint8Array(count);
  if (image.photometric === 'RGB') {
    for (let i = 0; i < count; i++) pixels[i] = scale8(0.299 * read(i, 0) + 0.587 * read(i, 1) + 0.114 * read(i, 2), image.bitsStored);
  } else if (image.photometric.startsWith('YBR')) {
    for (let i = 0; i < count; i++) pixels[i] = scale8(read(i, 0), image.bitsStored);
  } else if (image.photometric === 'PALETTE COLOR') {
    const palette = readPalette(dataset, source);
    const last = palette.red.length - 1;
    for (let i = 0; i < count; i++) {
      const entry = Math.min(last, Math.max(0, read(i, 0) - palette.firstMapped));
      pixels[i] = Math.round(0.299 * palette.red[entry]! + 0.587 * palette.green[entry]! + 0.114 * palette.blue[entry]!);
    }
  } else {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < count; i++) {
      const value = read(i, 0);
      if (value < min) min = value;
      if (value > max) max = value;
    }
    const range = max > min ? max - min : 1;
    const invert = image.photometric === 'MONOCHROME1';
    for (let i = 0; i < count; i++) {
      const level = Math.round((255 * (read(i, 0) - min)) / range);
      pixels[i] = invert ? 255 - level : level;
    }
  }
  return { width: image.columns, height: image.rows, pixels };
}

function scale8(value: number, bitsStored: number): number {
  return bitsStored > 8 ? Math.round(value / (1 << (bitsStored - 8))) : Math.round(value);
}
