import { readFileSync } from 'node:fs';
import { DataSet, makeTag, parseDicom, PIXEL_DATA, setString } from '@deid-share/dicom';
import { decodeFrames, describeImage } from '@deid-share/pixels';
import { encapsulate } from '../src/encapsulated.js';
import { readPalette } from '../src/palette.js';
import { setUint16 } from './support/synthetic.js';

const words = (values: readonly number[]): Uint8Array => Uint8Array.from(values.flatMap((value) => [value & 0xff, value >> 8]));

describe('segmented palette lookup tables (PS3.3 C.7.9.2)', () => {
  // 16-bit entries: a discrete segment (10, 20, 30), a linear one up to 70 in 4 steps, an indirect one repeating both.
  const SEGMENTS = [0, 3, 10 << 8, 20 << 8, 30 << 8, 1, 4, 70 << 8, 2, 2, 0, 0];
  const EXPANDED = [10, 20, 30, 40, 50, 60, 70, 10, 20, 30, 40, 50, 60, 70];

  test('are expanded: discrete, linear and indirect segments, 16-bit entries scaled to 8 bits', () => {
    const dataset = new DataSet();
    for (let index = 0; index < 3; index++) {
      dataset.set({ tag: makeTag(0x0028, 0x1101 + index), vr: 'US', value: words([EXPANDED.length, 0, 16]) });
      dataset.set({ tag: makeTag(0x0028, 0x1221 + index), vr: 'OW', value: words(SEGMENTS) });
    }
    const palette = readPalette(dataset, 'seg.dcm');
    expect([...palette.red]).toEqual(EXPANDED);
    expect([...palette.blue]).toEqual(EXPANDED);
  });

  test('an opcode the standard does not define names the file and what to do', () => {
    const dataset = new DataSet();
    for (let index = 0; index < 3; index++) {
      dataset.set({ tag: makeTag(0x0028, 0x1101 + index), vr: 'US', value: words([4, 0, 16]) });
      dataset.set({ tag: makeTag(0x0028, 0x1221 + index), vr: 'OW', value: words([7, 1, 0]) });
    }
    expect(() => readPalette(dataset, 'seg.dcm')).toThrow(/^seg\.dcm: the Segmented Palette Color Lookup Table Data \(0028,1221-1223\) cannot be expanded: opcode 7 .* convert the image to RGB first/);
  });
});

/** One frame of fo-dicom's multiframe.dcm (test/corpus/SOURCES.md, MS-PL): a JPEG baseline strip 55 columns wide in a 240 × 240 image. */
const NARROW_STRIP = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCADwADcDASIAAhEBAxEB/8QAFwABAQEBAAAAAAAAAAAAAAAAAAECCP/EAB8QAQEBAAEEAwEAAAAAAAAAAAABEQISITFBEyJRcf/EABQBAQAAAAAAAAAAAAAAAAAAAAD/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwDptLJfM01QRQAAAABlYoAl7RUBQAAAAAAAASXZAUAAS38mqAAAAAAAAAAB/E3vigAAAAAAAAAAAAAAAAAAAntQAAAAAABnlxnKZymzZWgAAAAAAAAAAAAAABFAABJbt2dvSgAAAAAAAAAAAAADO8vkzp+ub1b7/AaABPfgUAAABAUAECgKAAAAAAAD/9k=', 'base64');

test('a JPEG frame narrower than Columns is placed at the top left of a frame of the declared size', async () => {
  const dataset = new DataSet();
  setUint16(dataset, makeTag(0x0028, 0x0002), 3);
  setString(dataset, makeTag(0x0028, 0x0004), 'CS', 'YBR_FULL_422');
  for (const [element, value] of [[0x0006, 0], [0x0010, 240], [0x0011, 240], [0x0100, 8], [0x0101, 8], [0x0102, 7], [0x0103, 0]] as const) {
    setUint16(dataset, makeTag(0x0028, element), value);
  }
  dataset.set({ tag: PIXEL_DATA, vr: 'OB', value: encapsulate([NARROW_STRIP]), encapsulated: true });
  const decoded = await decodeFrames(dataset, '1.2.840.10008.1.2.4.50', describeImage(dataset), 'strip.dcm');
  const frame = decoded.frames[0]!;
  expect(decoded.image.photometric).toBe('RGB');
  expect(frame).toHaveLength(240 * 240 * 3);
  const row = (index: number) => frame.subarray(index * 240 * 3, (index + 1) * 240 * 3);
  // The strip's pixels, then zeros to the declared width, on every row.
  expect(row(100).subarray(0, 55 * 3).some((sample) => sample !== 0)).toBe(true);
  expect(row(100).subarray(55 * 3).every((sample) => sample === 0)).toBe(true);
});

describe('1-bit images (segmentations) in compressed syntaxes decode to the same packed bits as their native twins', () => {
  const data = (name: string) => new URL(`../../../test/corpus/pydicom-data/data_store/data/${name}`, import.meta.url);
  const decode = async (name: string) => {
    const file = parseDicom(readFileSync(data(name)));
    return decodeFrames(file.dataset, file.transferSyntaxUID, describeImage(file.dataset), name);
  };

  test.each([
    ['liver_rle.dcm', 'liver.dcm'], // 512 × 512: whole bytes per frame
    ['liver_nonbyte_aligned_rle.dcm', 'liver_nonbyte_aligned.dcm'], // 510 × 510: frames end inside a byte
    ['liver_j2k.dcm', 'liver.dcm'],
    ['liver_nonbyte_aligned_j2k.dcm', 'liver_nonbyte_aligned.dcm'],
  ])('%s equals %s', async (compressed, native) => {
    const [decoded, expected] = [await decode(compressed), await decode(native)];
    expect(decoded.frames).toHaveLength(3);
    expect(decoded.frames.some((frame) => frame.some((byte) => byte !== 0))).toBe(true);
    // Native frames are read off one continuous bit stream: the bits after a frame's last pixel belong to the next.
    const bits = expected.image.rows * expected.image.columns;
    const lastBits = (1 << (bits % 8)) - 1;
    for (const [index, frame] of decoded.frames.entries()) {
      const twin = expected.frames[index]!;
      expect(Buffer.from(frame.subarray(0, bits >> 3)).equals(Buffer.from(twin.subarray(0, bits >> 3)))).toBe(true);
      if (lastBits) expect(frame[bits >> 3]! & lastBits).toBe(twin[bits >> 3]! & lastBits);
    }
  });
});
});
