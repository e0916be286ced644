import { DataSet, encodeAscii, makeTag, PIXEL_DATA, sequenceElement } from '@deid-share/dicom';
import { parseAnswerKey, type ElementExpectation } from '../src/evaluate/answer-key.js';
import { checkBlankRegion } from '../src/evaluate/blank-regions.js';
import { checkElement } from '../src/evaluate/element-checks.js';

function dataset(values: Record<string, [string, string]>): DataSet {
  const result = new DataSet();
  for (const [tag, [vr, text]] of Object.entries(values)) {
    const [group, element] = tag.split(',').map((part) => parseInt(part, 16));
    result.set({ tag: makeTag(group!, element!), vr: vr as 'LO', value: encodeAscii(text, vr as 'LO') });
  }
  return result;
}

const original = dataset({ '0010,0010': ['PN', 'Doe^Jane'], '0008,0020': ['DA', '20230115'], '0008,1030': ['LO', 'CT for Jane Doe'], '0010,1010': ['AS', '047Y'], '0008,0050': ['SH', 'ACC1'] });

describe('element checks', () => {
  const output = dataset({ '0010,0010': ['PN', 'a1b2c3'], '0008,0020': ['DA', '20221221'], '0008,1030': ['LO', 'CT for'], '0010,1010': ['AS', '047Y'], '0008,0050': ['SH', ''] });
  test.each<[ElementExpectation, string, string]>([
    [{ path: '(0010,0010)', expect: 'replaced' }, 'pass', 'another value'],
    [{ path: '(0008,0020)', expect: 'shifted', days: { min: -60, max: -1 } }, 'pass', 'shifted by -25 days'],
    [{ path: '(0008,0020)', expect: 'shifted', days: { min: -10, max: -1 } }, 'fail', 'shifted by -25 days'],
    [{ path: '(0008,0020)', expect: 'shifted', value: '20000101' }, 'fail', 'another value'],
    [{ path: '(0008,1030)', expect: 'cleaned', absent: ['Doe', 'Jane'] }, 'pass', 'cleaned'],
    [{ path: '(0010,1010)', expect: 'retained' }, 'pass', 'unchanged'],
    [{ path: '(0010,1010)', expect: 'removed' }, 'fail', 'present with a value'],
    [{ path: '(0008,0050)', expect: 'emptied' }, 'pass', 'present, empty'],
    [{ path: '(0020,4000)', expect: 'removed' }, 'pass', 'absent'],
  ])('%j', (expectation, status, got) => {
    expect(checkElement(expectation, original, output)).toMatchObject({ status, got });
  });

  test('a cleaned value that still holds PHI names what is left', () => {
    const leaky = dataset({ '0008,1030': ['LO', 'CT for jane'] });
    expect(checkElement({ path: '(0008,1030)', expect: 'cleaned', absent: ['Doe', 'Jane'] }, original, leaky)).toMatchObject({ status: 'fail', got: 'still contains "Jane"' });
  });

  test('nested paths resolve item by item', () => {
    const nested = (name: string): DataSet => {
      const result = new DataSet();
      result.set(sequenceElement(makeTag(0x0040, 0xa730), [new DataSet(), dataset({ '0040,A123': ['PN', name] })]));
      return result;
    };
    const check = checkElement({ path: '(0040,A730)[1].(0040,A123)', expect: 'replaced' }, nested('Roe^Ann'), nested('REMOVED'));
    expect(check).toEqual({ subject: '(0040,A730)[1].(0040,A123) PersonName', expected: 'replaced by another value', got: 'another value', status: 'pass' });
  });
});

describe('blank regions', () => {
  function image(paint: (pixels: Uint8Array) => void, encapsulated = false): DataSet {
    const result = new DataSet();
    const us = (tag: number, value: number) => result.set({ tag, vr: 'US', value: new Uint8Array(Uint16Array.of(value).buffer) });
    us(makeTag(0x0028, 0x0002), 1);
    us(makeTag(0x0028, 0x0010), 8);
    us(makeTag(0x0028, 0x0011), 8);
    us(makeTag(0x0028, 0x0100), 8);
    const pixels = Uint8Array.from({ length: 64 }, (_, index) => index);
    paint(pixels);
    result.set({ tag: PIXEL_DATA, vr: 'OB', value: pixels, ...(encapsulated ? { encapsulated: true } : {}) });
    return result;
  }
  const region = { frame: 0, x: 2, y: 2, width: 3, height: 2 };
  const blankBox = (pixels: Uint8Array) => [2, 3].forEach((y) => pixels.fill(7, y * 8 + 2, y * 8 + 5));

  test('a box of one value passes, whatever the fill value', () => {
    expect(checkBlankRegion(region, image(blankBox)).status).toBe('pass');
  });

  test('text left in the box fails', () => {
    expect(checkBlankRegion(region, image(() => undefined))).toMatchObject({ status: 'fail', got: '6 different values: not blank' });
  });

  test('compressed pixels are not scored, a region outside the image is a mistake in the key', () => {
    expect(checkBlankRegion(region, image(blankBox, true))).toMatchObject({ status: 'not scored', got: expect.stringContaining('compressed') });
    expect(checkBlankRegion({ ...region, x: 7 }, image(blankBox))).toMatchObject({ status: 'fail', got: expect.stringContaining('fix the key') });
  });
});

describe('answer key format', () => {
  test('reads a key with defaults', () => {
    const key = parseAnswerKey(JSON.stringify({ format: 'deid-share-answer-key/1', files: [{ file: 'a.dcm', elements: [{ path: '(0010,0010)', expect: 'replaced' }] }] }), 'key.json');
    expect(key.files[0]).toEqual({ file: 'a.dcm', outcome: ['de-identified'], elements: [{ path: '(0010,0010)', expect: 'replaced' }], blankRegions: [] });
  });

  test.each([
    [{ format: 'other' }, 'key.json: "format" must be "deid-share-answer-key/1"'],
    [{ format: 'deid-share-answer-key/1', files: [{ file: 'a.dcm', elements: [{ path: '0010,0010', expect: 'replaced' }] }] }, 'files[0].elements[0].path "0010,0010" is not a tag path'],
    [{ format: 'deid-share-answer-key/1', files: [{ file: 'a.dcm', elements: [{ path: '(0008,0020)', expect: 'shifted' }] }] }, 'files[0].elements[0].days (or a "value") must be an object'],
    [{ format: 'deid-share-answer-key/1', files: [{ file: 'a.dcm', outcome: ['deleted'] }] }, 'files[0].outcome must list some of de-identified, withheld'],
  ])('names the file, the entry and the fix: %j', (key, message) => {
    expect(() => parseAnswerKey(JSON.stringify(key), 'key.json')).toThrow(message);
  });
});
