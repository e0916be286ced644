/** clean-pixel-data in the engine: which instances get pixel work, what the output says about it, and when it withholds. */
import { concatChunks, DataSet, EXPLICIT_VR_LITTLE_ENDIAN, makeTag, parseDicom, PIXEL_DATA, stringValue, writeDicom } from '@deid-share/dicom';
import { loadProfile, parseProfile, PROVENANCE_GROUP } from '@deid-share/engine';
import { expectOk, testEngine } from './support/engine.js';
import { ctInstance, dataSetOf, reread, type TestItem } from './support/instance.js';

const ROWS = 32;
const COLUMNS = 48;
const BURNED_IN_ANNOTATION = makeTag(0x0028, 0x0301);

/** Non-zero pixels, so masking shows as zeros. */
const pixels = Uint8Array.from({ length: ROWS * COLUMNS }, (_, i) => 1 + (i % 250));

function image(extra: TestItem): TestItem {
  return ctInstance({
    SamplesPerPixel: { vr: 'US', bytes: Uint8Array.of(1, 0) },
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: { vr: 'US', bytes: Uint8Array.of(ROWS, 0) },
    Columns: { vr: 'US', bytes: Uint8Array.of(COLUMNS, 0) },
    BitsAllocated: { vr: 'US', bytes: Uint8Array.of(8, 0) },
    BitsStored: { vr: 'US', bytes: Uint8Array.of(8, 0) },
    HighBit: { vr: 'US', bytes: Uint8Array.of(7, 0) },
    PixelRepresentation: { vr: 'US', bytes: Uint8Array.of(0, 0) },
    PixelData: { vr: 'OB', bytes: pixels },
    ...extra,
  });
}

const usScreen = (extra: TestItem = {}): TestItem => image({ Modality: 'US', SOPClassUID: '1.2.840.10008.5.1.4.1.1.6.1', Manufacturer: 'ACME', ...extra });

function fileBytes(dataset: DataSet, transferSyntaxUID = EXPLICIT_VR_LITTLE_ENDIAN): Uint8Array {
  return concatChunks(writeDicom(dataset, { transferSyntaxUID, implementationClassUID: '2.25.9', implementationVersionName: 'TEST' }));
}

/** ps3.15-basic with clean-pixel-data and a region rule of its own; OCR off, so these tests stay fast and exact. */
function profileWith(pixelsSection: object): object {
  return { ...loadProfile('ps3.15-basic').profile, id: 'pixel-test', options: ['clean-pixel-data'], pixels: pixelsSection };
}
const headerRule = { name: 'ACME header bar', signature: 'Manufacturer.equals("ACME") * Rows.equals("32")', regions: [[0, 0, COLUMNS, 6]] };

test('a text-prone image a rule names is cleaned: the rule box black, the rest unchanged, the output says what was done', async () => {
  const { engine, close } = await testEngine({ profileJson: profileWith({ onTextOutsideKnownRegions: 'mask', detectText: false, rules: [headerRule] }) });
  const result = expectOk(await engine.deidentify(fileBytes(dataSetOf(usScreen({ BurnedInAnnotation: 'YES' })))));
  await close();
  const out = reread(result.output);
  const after = out.get(PIXEL_DATA)!.value;
  expect([...after.subarray(0, 6 * COLUMNS)].every((value) => value === 0)).toBe(true);
  expect(Buffer.from(after.subarray(6 * COLUMNS, ROWS * COLUMNS))).toEqual(Buffer.from(pixels.subarray(6 * COLUMNS)));
  expect(stringValue(out, BURNED_IN_ANNOTATION)).toBe('NO');
  const codes = out.get(makeTag(0x0012, 0x0064))!.items!.map((item) => stringValue(item, makeTag(0x0008, 0x0100)));
  expect(codes).toContain('113101');
  const regions = out.get(makeTag(PROVENANCE_GROUP, 0x1008))!;
  expect(new TextDecoder().decode(regions.value).trim()).toBe(`x=0 y=0 w=${COLUMNS} h=6 all frames: ACME header bar`);
});

test('kept overlays (clean-graphics) are masked where the image was; the icon image sequence never survives', async () => {
  const profile = { ...(profileWith({ onTextOutsideKnownRegions: 'mask', detectText: false, rules: [headerRule] }) as { options: string[] }) };
  profile.options = ['clean-graphics', 'clean-pixel-data'];
  const { engine, close } = await testEngine({ profileJson: profile });
  const overlayBits = new Uint8Array((ROWS * COLUMNS) / 8).fill(0xff);
  const dataset = dataSetOf(usScreen({ BurnedInAnnotation: 'YES', IconImageSequence: [{ Rows: { vr: 'US', bytes: Uint8Array.of(8, 0) } }] }));
  const overlay = (element: number, vr: 'US' | 'SS' | 'OW' | 'CS', value: Uint8Array): void => dataset.set({ tag: makeTag(0x6000, element), vr, value });
  overlay(0x0010, 'US', Uint8Array.of(ROWS, 0));
  overlay(0x0011, 'US', Uint8Array.of(COLUMNS, 0));
  overlay(0x0040, 'CS', new TextEncoder().encode('G '));
  overlay(0x0050, 'SS', Uint8Array.of(1, 0, 1, 0));
  overlay(0x0100, 'US', Uint8Array.of(1, 0));
  overlay(0x0102, 'US', Uint8Array.of(0, 0));
  overlay(0x3000, 'OW', overlayBits);
  const out = reread(expectOk(await engine.deidentify(fileBytes(dataset))).output);
  await close();
  expect(out.has(makeTag(0x0088, 0x0200))).toBe(false);
  const bits = out.get(makeTag(0x6000, 0x3000))!.value;
  const bit = (pixel: number): number => (bits[pixel >> 3]! >> (pixel & 7)) & 1;
  // The header bar (rows 0-5) is cleared in the overlay too; the rest of the overlay is untouched.
  expect(Array.from({ length: ROWS * COLUMNS }, (_, pixel) => bit(pixel)).join('')).toBe('0'.repeat(6 * COLUMNS) + '1'.repeat((ROWS - 6) * COLUMNS));
});

test('Burned In Annotation YES with nothing found is withheld for review; without clean-pixel-data it is withheld as before', async () => {
  const bytes = fileBytes(dataSetOf(usScreen({ BurnedInAnnotation: 'YES', Manufacturer: 'OTHER' })));
  const cleaning = await testEngine({ profileJson: profileWith({ onTextOutsideKnownRegions: 'mask', detectText: false, rules: [headerRule] }) });
  expect(await cleaning.engine.deidentify(bytes)).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/YES but neither a region rule nor OCR found text to mask: review the image by hand/) });
  await cleaning.close();
  const plain = await testEngine({ profile: 'ps3.15-basic' });
  expect(await plain.engine.deidentify(bytes)).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/select clean-pixel-data/) });
  await plain.close();
});

test('an image that needs no pixel work is never decoded: its pixel bytes and transfer syntax pass through', async () => {
  const { engine, close } = await testEngine({ profileJson: profileWith({ onTextOutsideKnownRegions: 'mask', detectText: false, rules: [headerRule] }) });
  const ct = dataSetOf(image({ Manufacturer: 'OTHER' }));
  const result = expectOk(await engine.deidentify(fileBytes(ct)));
  await close();
  const out = parseDicom(concatChunks(result.output));
  expect(out.dataset.get(PIXEL_DATA)!.value).toEqual(pixels);
  expect(out.dataset.has(makeTag(PROVENANCE_GROUP, 0x1008))).toBe(false);
  expect(out.dataset.has(BURNED_IN_ANNOTATION)).toBe(false);
});

test('fails closed on a transfer syntax without a decoder, naming it and what to do', async () => {
  const { engine, close } = await testEngine({ profileJson: profileWith({ onTextOutsideKnownRegions: 'mask', detectText: false }) });
  const dataset = dataSetOf(usScreen({ BurnedInAnnotation: 'YES' }));
  // MPEG-2 video: an encapsulated stream we cannot decode.
  const fragments = Uint8Array.of(0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0x00, 0xe0, 2, 0, 0, 0, 0, 0);
  dataset.set({ tag: PIXEL_DATA, vr: 'OB', value: fragments, encapsulated: true });
  const result = await engine.deidentify(fileBytes(dataset, '1.2.840.10008.1.2.4.100'));
  await close();
  expect(result).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/transfer syntax 1\.2\.840\.10008\.1\.2\.4\.100 has no pixel decoder .*convert the file/) });
});

test('the pixels section of a profile is validated', () => {
  expect(loadProfile('tcia').profile.pixels).toEqual({ onTextOutsideKnownRegions: 'mask' });
  const text = (pixelsSection: object): string => JSON.stringify(profileWith(pixelsSection));
  expect(() => parseProfile(text({ onTextOutsideKnownRegions: 'withhold', rules: [headerRule] }), 'p.json')).not.toThrow();
  expect(() => parseProfile(text({ onTextOutsideKnownRegions: 'blur' }), 'p.json')).toThrow(/profile p\.json: .*\/pixels\/onTextOutsideKnownRegions/);
  expect(() => parseProfile(text({ onTextOutsideKnownRegions: 'mask', rules: [{ ...headerRule, regions: [[0, 0, 5]] }] }), 'p.json')).toThrow(/\/pixels\/rules\/0\/regions\/0/);
});

test('pixels.screen is validated: "all" or "declared"', () => {
  const text = (pixelsSection: object): string => JSON.stringify(profileWith(pixelsSection));
  expect(() => parseProfile(text({ screen: 'declared' }), 'p.json')).not.toThrow();
  expect(() => parseProfile(text({ screen: 'all', onTextOutsideKnownRegions: 'mask' }), 'p.json')).not.toThrow();
  expect(() => parseProfile(text({ screen: 'some' }), 'p.json')).toThrow(/profile p\.json: .*\/pixels\/screen/);
});

test('every image is screened, with or without clean-pixel-data; pixels.screen "declared" leaves a CT unlooked at and the report says so', async () => {
  const basic = loadProfile('ps3.15-basic').profile;
  const ct = fileBytes(dataSetOf(image({})));
  for (const options of [[], ['clean-pixel-data']]) {
    const screening = await testEngine({ profileJson: { ...basic, id: 'screen-all', options } });
    expect(expectOk(await screening.engine.deidentify(ct)).pixels).toEqual({ screened: true, masked: [] });
    await screening.close();
    const declared = await testEngine({ profileJson: { ...basic, id: 'screen-declared', options, pixels: { screen: 'declared' } } });
    expect(expectOk(await declared.engine.deidentify(ct)).pixels).toEqual({ screened: false, masked: [], note: expect.stringMatching(/not screened .*pixels\.screen .*"declared"/) });
    await declared.close();
  }
});

test('an image whose Pixel Data is empty holds no burned-in text: kept, not withheld as undecodable', async () => {
  const { engine, close } = await testEngine({ profileJson: profileWith({ onTextOutsideKnownRegions: 'mask' }) });
  try {
    const empty = dataSetOf(image({ PixelData: { vr: 'OB', bytes: new Uint8Array(0) } }));
    expect(reread(expectOk(await engine.deidentify(fileBytes(empty))).output).get(PIXEL_DATA)?.value.length).toBe(0);
  } finally {
    await close();
  }
});
