import { makeTag, PIXEL_DATA, stringValue, uint16Value, type DataSet } from '@deid-share/dicom';
import type { BlankRegion } from './answer-key.js';
import type { CheckResult } from './check-result.js';

const SAMPLES_PER_PIXEL = makeTag(0x0028, 0x0002);
const PLANAR_CONFIGURATION = makeTag(0x0028, 0x0006);
const NUMBER_OF_FRAMES = makeTag(0x0028, 0x0008);
const ROWS = makeTag(0x0028, 0x0010);
const COLUMNS = makeTag(0x0028, 0x0011);
const BITS_ALLOCATED = makeTag(0x0028, 0x0100);

export function regionSubject(region: BlankRegion): string {
  return `pixels frame ${region.frame} x=${region.x} y=${region.y} ${region.width}×${region.height}`;
}

/** How the native pixel data of a data set are laid out, or why they cannot be compared. */
function layoutOf(output: DataSet): { rows: number; columns: number; samples: number; planar: boolean; bytes: number; frames: number; data: Uint8Array } | string {
  const pixels = output.get(PIXEL_DATA);
  if (!pixels) return 'the output has no pixel data';
  if (pixels.encapsulated) return 'compressed pixel data: the region cannot be compared without decoding';
  const bitsAllocated = uint16Value(output, BITS_ALLOCATED) ?? 0;
  if (![8, 16, 32].includes(bitsAllocated)) return `${bitsAllocated}-bit pixels are not compared`;
  const frames = Number(stringValue(output, NUMBER_OF_FRAMES) || '1');
  return {
    rows: uint16Value(output, ROWS) ?? 0,
    columns: uint16Value(output, COLUMNS) ?? 0,
    samples: uint16Value(output, SAMPLES_PER_PIXEL) ?? 1,
    planar: uint16Value(output, PLANAR_CONFIGURATION) === 1,
    bytes: bitsAllocated / 8,
    frames,
    data: pixels.value,
  };
}

/**
 * A region is blank when every pixel in it has one value (whatever fill colour the cleaner chose): burned-in text
 * needs at least two to be read. Scored on uncompressed output only; compressed output is "not scored".
 */
export function checkBlankRegion(region: BlankRegion, output: DataSet): CheckResult {
  const subject = regionSubject(region);
  const expected = 'one colour throughout (blanked)';
  const layout = layoutOf(output);
  if (typeof layout === 'string') return { subject, expected, got: layout, status: 'not scored' };
  const { rows, columns, samples, planar, bytes, frames, data } = layout;
  if (region.frame >= frames || region.x + region.width > columns || region.y + region.height > rows) {
    return { subject, expected, got: `outside the ${frames}-frame ${columns}×${rows} image: fix the key`, status: 'fail' };
  }
  const frameStart = region.frame * rows * columns * samples * bytes;
  const sampleAt = (x: number, y: number, sample: number): number => {
    const index = planar ? sample * rows * columns + y * columns + x : (y * columns + x) * samples + sample;
    let value = 0;
    for (let byte = bytes - 1; byte >= 0; byte--) value = value * 256 + (data[frameStart + index * bytes + byte] ?? 0);
    return value;
  };
  const values = new Set<string>();
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      values.add(Array.from({ length: samples }, (_, sample) => sampleAt(x, y, sample)).join(','));
    }
  }
  return { subject, expected, got: values.size === 1 ? 'blank' : `${values.size} different values: not blank`, status: values.size === 1 ? 'pass' : 'fail' };
}
