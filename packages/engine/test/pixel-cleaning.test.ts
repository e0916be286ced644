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
