import { deflateRawSync } from 'node:zlib';
import {
  concatChunks,
  DataSet,
  DicomParseError,
  encodeAscii,
  makeTag,
  parseDicom,
  sequenceElement,
  stringValue,
  writeDicom,
} from '@deid-share/dicom';

const WRITE = { transferSyntaxUID: '1.2.840.10008.1.2.1', implementationClassUID: '1.2.3.4', implementationVersionName: 'TEST' };

/** Little helpers that encode elements by hand, so the reader is tested against bytes, not against our writer. */
const le16 = (n: number) => [n & 0xff, n >> 8];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const explicit = (group: number, element: number, vr: string, value: number[]) =>
  ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OF', 'OD', 'OL', 'OV', 'SV', 'UV'].includes(vr)
    ? [...le16(group), ...le16(element), ...ascii(vr), 0, 0, ...le32(value.length), ...value]
    : [...le16(group), ...le16(element), ...ascii(vr), ...le16(value.length), ...value];
const implicit = (group: number, element: number, value: number[]) => [...le16(group), ...le16(element), ...le32(value.length), ...value];

function part10(transferSyntax: string, body: number[]): Uint8Array {
  const ts = ascii(transferSyntax.length % 2 ? `${transferSyntax}\0` : transferSyntax);
  const meta = explicit(0x0002, 0x0010, 'UI', ts);
  return Uint8Array.from([...new Array(128).fill(0), ...ascii('DICM'), ...explicit(0x0002, 0x0000, 'UL', le32(meta.length)), ...meta, ...body]);
}

const IDENTITY = [
  ...explicit(0x0008, 0x0016, 'UI', ascii('1.2.840.10008.5.1.4.1.1.2\0')),
  ...explicit(0x0008, 0x0018, 'UI', ascii('1.2.3.4.5\0')),
];

describe('reading', () => {
  test('explicit VR little endian, with values as views into the input (no copy)', () => {
    const bytes = part10('1.2.840.10008.1.2.1', [...IDENTITY, ...explicit(0x0010, 0x0010, 'PN', ascii('Doe^Jane')), ...explicit(0x7fe0, 0x0010, 'OW', new Array(16).fill(7))]);
    const { dataset, transferSyntaxUID } = parseDicom(bytes);
    expect(transferSyntaxUID).toBe('1.2.840.10008.1.2.1');
    expect(stringValue(dataset, makeTag(0x0010, 0x0010))).toBe('Doe^Jane');
    const pixels = dataset.get(makeTag(0x7fe0, 0x0010))!.value;
    expect(pixels.buffer).toBe(bytes.buffer);
  });

  test('implicit VR takes the VR from the dictionary', () => {
    const bytes = part10('1.2.840.10008.1.2', [
      ...implicit(0x0008, 0x0016, ascii('1.2.840.10008.5.1.4.1.1.2\0')),
      ...implicit(0x0010, 0x0010, ascii('Doe^Jane')),
      ...implicit(0x0028, 0x0010, le16(512)),
    ]);
    const { dataset } = parseDicom(bytes);
    expect(dataset.get(makeTag(0x0010, 0x0010))!.vr).toBe('PN');
    expect(dataset.get(makeTag(0x0028, 0x0010))!.vr).toBe('US');
  });

  test('explicit VR big endian values are converted to little endian', () => {
    const be16 = (n: number) => [n >> 8, n & 0xff];
    const beElement = (group: number, element: number, vr: string, value: number[]) => [...be16(group), ...be16(element), ...ascii(vr), ...be16(value.length), ...value];
    const bytes = part10('1.2.840.10008.1.2.2', [...beElement(0x0028, 0x0010, 'US', be16(512)), ...beElement(0x0028, 0x0011, 'US', be16(256))]);
    const rows = parseDicom(bytes).dataset.get(makeTag(0x0028, 0x0010))!.value;
    expect([...rows]).toEqual(le16(512));
  });

  test('a deflated data set is inflated', () => {
    const body = Uint8Array.from([...IDENTITY, ...explicit(0x0010, 0x0020, 'LO', ascii('ID-42 '))]);
    const bytes = part10('1.2.840.10008.1.2.1.99', [...deflateRawSync(body)]);
    expect(stringValue(parseDicom(bytes).dataset, makeTag(0x0010, 0x0020))).toBe('ID-42');
  });

  test('sequences of undefined length with undefined-length items, nested', () => {
    const item = (content: number[]) => [...le16(0xfffe), ...le16(0xe000), ...le32(0xffffffff), ...content, ...le16(0xfffe), ...le16(0xe00d), ...le32(0)];
    const sequence = (group: number, element: number, items: number[]) => [...le16(group), ...le16(element), ...ascii('SQ'), 0, 0, ...le32(0xffffffff), ...items, ...le16(0xfffe), ...le16(0xe0dd), ...le32(0)];
    const inner = sequence(0x0040, 0xa730, item(explicit(0x0040, 0xa123, 'PN', ascii('Doe^John'))));
    const bytes = part10('1.2.840.10008.1.2.1', [...IDENTITY, ...sequence(0x0040, 0xa730, item(inner))]);
    const outer = parseDicom(bytes).dataset.get(makeTag(0x0040, 0xa730))!;
    const person = outer.items![0]!.get(makeTag(0x0040, 0xa730))!.items![0]!;
    expect(stringValue(person, makeTag(0x0040, 0xa123))).toBe('Doe^John');
  });

  test('a private sequence sent as UN in implicit VR is read as a sequence, so its text can be seen', () => {
    const itemBytes = [...le16(0xfffe), ...le16(0xe000), ...le32(16), ...implicit(0x0010, 0x0010, ascii('Doe^Jane'))];
    const bytes = part10('1.2.840.10008.1.2.1', [...IDENTITY, ...explicit(0x0009, 0x0010, 'LO', ascii('VENDOR  ')), ...explicit(0x0009, 0x1001, 'UN', itemBytes)]);
    const element = parseDicom(bytes).dataset.get(makeTag(0x0009, 0x1001))!;
    expect(element.vr).toBe('SQ');
    expect(stringValue(element.items![0]!, makeTag(0x0010, 0x0010))).toBe('Doe^Jane');
  });

  test('encapsulated pixel data keep their fragments byte for byte', () => {
    const fragments = [...le16(0xfffe), ...le16(0xe000), ...le32(0), ...le16(0xfffe), ...le16(0xe000), ...le32(4), 1, 2, 3, 4];
    const pixel = [...le16(0x7fe0), ...le16(0x0010), ...ascii('OB'), 0, 0, ...le32(0xffffffff), ...fragments, ...le16(0xfffe), ...le16(0xe0dd), ...le32(0)];
    const { dataset, transferSyntaxUID } = parseDicom(part10('1.2.840.10008.1.2.4.50', [...IDENTITY, ...pixel]));
    const element = dataset.get(makeTag(0x7fe0, 0x0010))!;
    expect(element.encapsulated).toBe(true);
    expect([...element.value]).toEqual(fragments);
    const again = parseDicom(concatChunks(writeDicom(dataset, { ...WRITE, transferSyntaxUID })));
    expect(again.transferSyntaxUID).toBe('1.2.840.10008.1.2.4.50');
    expect([...again.dataset.get(makeTag(0x7fe0, 0x0010))!.value]).toEqual(fragments);
  });

  test.each([
    ['a value longer than the file', part10('1.2.840.10008.1.2.1', [...IDENTITY, ...le16(0x0010), ...le16(0x0010), ...ascii('PN'), ...le16(200), ...ascii('Doe')]), /claims 200 bytes/],
    ['an invalid VR', part10('1.2.840.10008.1.2.1', [...IDENTITY, ...le16(0x0010), ...le16(0x0010), ...ascii('ZZ'), ...le16(2), ...ascii('Do')]), /no valid value representation/],
    ['text that is not DICOM', new TextEncoder().encode('hello, this is not an image at all'), /not a DICOM file/],
  ])('refuses %s with a reason and the byte offset', (_name, bytes, reason) => {
    expect(() => parseDicom(bytes)).toThrow(DicomParseError);
    expect(() => parseDicom(bytes)).toThrow(reason);
  });
});

describe('writing', () => {
  function sample(): DataSet {
    const dataset = new DataSet();
    dataset.set({ tag: makeTag(0x0008, 0x0016), vr: 'UI', value: encodeAscii('1.2.840.10008.5.1.4.1.1.2', 'UI') });
    dataset.set({ tag: makeTag(0x0008, 0x0018), vr: 'UI', value: encodeAscii('2.25.1', 'UI') });
    dataset.set({ tag: makeTag(0x0010, 0x0010), vr: 'PN', value: Uint8Array.from(ascii('Odd')) });
    const item = new DataSet();
    item.set({ tag: makeTag(0x0008, 0x0100), vr: 'SH', value: encodeAscii('113100', 'SH') });
    dataset.set(sequenceElement(makeTag(0x0012, 0x0064), [item]));
    dataset.set({ tag: makeTag(0x7fe0, 0x0010), vr: 'OW', value: new Uint8Array(64 * 1024).fill(3) });
    return dataset;
  }

  test('builds the file meta information from the data set and splices large values without copying', () => {
    const dataset = sample();
    const chunks = writeDicom(dataset, WRITE);
    expect(chunks).toContain(dataset.get(makeTag(0x7fe0, 0x0010))!.value);
    const { meta, dataset: back } = parseDicom(concatChunks(chunks));
    expect(stringValue(meta, makeTag(0x0002, 0x0003))).toBe('2.25.1');
    expect(stringValue(meta, makeTag(0x0002, 0x0002))).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(stringValue(meta, makeTag(0x0002, 0x0013))).toBe('TEST');
    expect(stringValue(back.get(makeTag(0x0012, 0x0064))!.items![0]!, makeTag(0x0008, 0x0100))).toBe('113100');
  });

  test('pads odd-length values as the VR requires', () => {
    const back = parseDicom(concatChunks(writeDicom(sample(), WRITE))).dataset;
    expect([...back.get(makeTag(0x0010, 0x0010))!.value]).toEqual(ascii('Odd '));
  });

  test('drops group lengths, which would be wrong after any change', () => {
    const dataset = sample();
    dataset.set({ tag: makeTag(0x0008, 0x0000), vr: 'UL', value: Uint8Array.from(le32(999)) });
    expect(parseDicom(concatChunks(writeDicom(dataset, WRITE))).dataset.has(makeTag(0x0008, 0x0000))).toBe(false);
  });

  test('native input syntaxes are written explicit VR little endian', () => {
    const dataset = sample();
    for (const syntax of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99']) {
      expect(parseDicom(concatChunks(writeDicom(dataset, { ...WRITE, transferSyntaxUID: syntax }))).transferSyntaxUID).toBe('1.2.840.10008.1.2.1');
    }
  });
});

test('a file meta group written twice (a tool prepended its own): the first group says how the data set is encoded', () => {
  const meta = (transferSyntax: string) => {
    const uid = ascii(transferSyntax.length % 2 ? `${transferSyntax}\0` : transferSyntax);
    const body = [...explicit(0x0002, 0x0001, 'OB', [0, 1]), ...explicit(0x0002, 0x0010, 'UI', uid)];
    return [...explicit(0x0002, 0x0000, 'UL', le32(body.length)), ...body];
  };
  const dataSet = [...explicit(0x0008, 0x0060, 'CS', ascii('MR'))];
  const bytes = Uint8Array.from([...new Array(128).fill(0), ...ascii('DICM'), ...meta('1.2.840.10008.1.2.4.70'), ...meta('1.2.840.10008.1.2.1'), ...dataSet]);
  const file = parseDicom(bytes);
  expect(file.transferSyntaxUID).toBe('1.2.840.10008.1.2.4.70');
  expect(stringValue(file.dataset, makeTag(0x0008, 0x0060))).toBe('MR');
});
