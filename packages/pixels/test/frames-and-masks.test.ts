import { DataSet, makeTag, PIXEL_DATA } from '@deid-share/dicom';
import { cleanPixelData, type ImageDescription } from '@deid-share/pixels';
import { decodeRle, encodeRle } from '../src/codecs/rle.js';
import { encapsulate, encapsulatedFrames } from '../src/encapsulated.js';
import { maskFrame } from '../src/mask.js';
import { joinNativeFrames, splitNativeFrames } from '../src/native-frames.js';
import { blackSamples } from '../src/black.js';
import { syntheticImage } from './support/synthetic.js';

const image = (overrides: Partial<ImageDescription>): ImageDescription => ({
  rows: 5, columns: 7, samplesPerPixel: 1, bitsAllocated: 8, bitsStored: 8, pixelRepresentation: 0, photometric: 'MONOCHROME2', planarConfiguration: 0, frames: 1, ...overrides,
});

function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return bytes;
}

test.each([
  ['8-bit grey', image({})],
  ['16-bit grey', image({ bitsAllocated: 16, bitsStored: 16 })],
  ['32-bit grey', image({ bitsAllocated: 32, bitsStored: 32 })],
  ['RGB by pixel', image({ samplesPerPixel: 3, photometric: 'RGB' })],
  ['RGB by plane, 16-bit', image({ samplesPerPixel: 3, photometric: 'RGB', planarConfiguration: 1, bitsAllocated: 16, bitsStored: 16 })],
  ['a long row (runs over 128 bytes)', image({ rows: 2, columns: 700 })],
])('RLE round trip: %s', (_name, description) => {
  const length = description.rows * description.columns * description.samplesPerPixel * (description.bitsAllocated / 8);
  for (const frame of [randomBytes(length, 7), new Uint8Array(length).fill(9), Uint8Array.from({ length }, (_, i) => (i % 300 < 150 ? 3 : i))]) {
    const encoded = encodeRle(frame, description);
    expect(encoded.length % 2).toBe(0);
    expect(decodeRle(encoded, description, 'test')).toEqual(frame);
  }
});

test('RLE refuses a header whose segment count does not fit the image', () => {
  const encoded = encodeRle(new Uint8Array(35), image({}));
  expect(() => decodeRle(encoded, image({ samplesPerPixel: 3, photometric: 'RGB' }), 'x.dcm')).toThrow(/x\.dcm: the RLE header announces 1 segments but 3 sample\(s\) of 8 bits need 3/);
});

test('encapsulated frames: written with a Basic Offset Table, read back by it, by fragment count, or by codestream markers', () => {
  const frames = [Uint8Array.of(0xff, 0xd8, 1, 2, 3), Uint8Array.of(0xff, 0xd8, 4), Uint8Array.of(0xff, 0xd8, 5, 6)];
  const dataset = new DataSet();
  expect(encapsulatedFrames(dataset, encapsulate(frames), 3, 'f').map((frame) => [...frame.subarray(0, frame.length)])).toEqual([
    [0xff, 0xd8, 1, 2, 3, 0], // fragments are padded to even length
    [0xff, 0xd8, 4, 0],
    [0xff, 0xd8, 5, 6],
  ]);
  // Without a table, two fragments of the first frame are joined because only the first opens a codestream.
  const split = [Uint8Array.of(0xff, 0xd8, 1, 2), Uint8Array.of(3, 4), Uint8Array.of(0xff, 0xd8, 5, 6)];
  const value = encapsulate(split);
  const noTable = new Uint8Array(value.length - 12);
  noTable.set([0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0]);
  noTable.set(value.subarray(20), 8);
  expect(encapsulatedFrames(dataset, noTable, 2, 'f').map((frame) => [...frame])).toEqual([[0xff, 0xd8, 1, 2, 3, 4], [0xff, 0xd8, 5, 6]]);
  expect(() => encapsulatedFrames(dataset, noTable, 4, 'g.dcm')).toThrow(/g\.dcm: cannot tell which of the 3 fragments .* belong to which of its 4 frames/);
});

test('1-bit frames that do not start on a byte boundary are split and joined without loss', () => {
  const description = image({ rows: 3, columns: 3, bitsAllocated: 1, bitsStored: 1, frames: 3 });
  const value = randomBytes(4, 3);
  value[3] = 0; // 27 bits used, the rest zero
  const frames = splitNativeFrames(value, description, 'seg');
  expect(frames).toHaveLength(3);
  expect(joinNativeFrames(frames, description)).toEqual(value);
});

test('masking touches the boxes only: by pixel, by plane, YBR_FULL_422 pairs, 1-bit; black per photometric interpretation', () => {
  const cases: [ImageDescription, number[]][] = [
    [image({ samplesPerPixel: 3, photometric: 'RGB' }), [0, 0, 0]],
    [image({ samplesPerPixel: 3, photometric: 'RGB', planarConfiguration: 1 }), [0, 0, 0]],
    [image({ samplesPerPixel: 3, photometric: 'YBR_FULL_422', columns: 8 }), [0, 128, 128]],
    [image({ bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 1 }), [-2048]],
  ];
  expect(blackSamples(image({ bitsAllocated: 1, bitsStored: 1 }), new DataSet(), 't')).toEqual([0]);
  expect(blackSamples(image({ photometric: 'MONOCHROME1', bitsAllocated: 16, bitsStored: 12 }), new DataSet(), 't')).toEqual([4095]);
  for (const [description, black] of cases) {
    expect(blackSamples(description, new DataSet(), 't')).toEqual(black);
    const bits = description.rows * description.columns * (description.photometric === 'YBR_FULL_422' ? 2 : description.samplesPerPixel) * description.bitsAllocated;
    const frame = new Uint8Array(Math.ceil(bits / 8)).fill(0x55);
    const before = frame.slice();
    maskFrame(frame, description, [{ x: 1, y: 1, width: 3, height: 2 }], black);
    const changed = [...frame].flatMap((byte, i) => (byte !== before[i] ? [i] : []));
    expect(changed.length).toBeGreaterThan(0);
    // Every changed byte belongs to a pixel inside the box (x 1..3, y 1..2).
    for (const index of changed) {
      const bitsPerPixel = bits / (description.rows * description.columns);
      const planeBytes = (description.rows * description.columns * description.bitsAllocated) / 8;
      const pixel = description.planarConfiguration === 1 ? Math.floor((index % planeBytes) / (description.bitsAllocated / 8)) : Math.floor((index * 8) / bitsPerPixel);
      const [x, y] = [pixel % description.columns, Math.floor(pixel / description.columns)];
      expect([x >= 1 && x <= 3 && y >= 1 && y <= 2 || (description.photometric === 'YBR_FULL_422' && x === 0 && y >= 1 && y <= 2), x, y]).toEqual([true, x, y]);
    }
  }
  const oneBit = image({ bitsAllocated: 1, bitsStored: 1 });
  const frame = new Uint8Array(5).fill(0xff);
  maskFrame(frame, oneBit, [{ x: 1, y: 1, width: 3, height: 2 }], [0]);
  for (let pixel = 0; pixel < 35; pixel++) {
    const [x, y] = [pixel % 7, Math.floor(pixel / 7)];
    expect((frame[pixel >> 3]! >> (pixel & 7)) & 1).toBe(x >= 1 && x <= 3 && y >= 1 && y <= 2 ? 0 : 1);
  }
});

test('PALETTE COLOR masks with the index whose colour is darkest', async () => {
  const file = syntheticImage({ rows: 4, columns: 4, photometric: 'PALETTE COLOR' });
  const lut = (values: number[]): Uint8Array => new Uint8Array(new Uint16Array(values.map((v) => v * 257)).buffer);
  for (const [element, values] of [[0x1201, [200, 90, 40, 10]], [0x1202, [200, 90, 40, 5]], [0x1203, [200, 90, 40, 20]]] as const) {
    file.dataset.set({ tag: makeTag(0x0028, element - 0x100), vr: 'US', value: new Uint8Array(new Uint16Array([4, 16, 16]).buffer) });
    file.dataset.set({ tag: makeTag(0x0028, element), vr: 'OW', value: lut([...values]) });
  }
  const rule = { name: 'corner', signature: { kind: 'constant', value: true } as const, regions: [{ x: 0, y: 0, width: 2, height: 1 }] };
  await cleanPixelData({ file, rules: [rule], declaredBurnedIn: false, policy: { onTextOutsideKnownRegions: 'mask', detectText: false } });
  expect([...file.dataset.get(PIXEL_DATA)!.value.subarray(0, 3)]).toEqual([19, 19, expect.any(Number)]); // 16 + index 3
});
