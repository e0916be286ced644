import { concatChunks, makeTag, stringValue, type DataSet } from '@deid-share/dicom';
import { loadProfile } from '@deid-share/engine';
import { expectOk, testEngine, TEST_SECRET, type TestEngineOptions } from './support/engine.js';
import { ctInstance, fileOf, reread, type TestItem } from './support/instance.js';

async function deidentify(item: TestItem, options: TestEngineOptions = {}): Promise<DataSet> {
  const { engine, close } = await testEngine(options);
  try {
    return reread(expectOk(await engine.deidentify(fileOf(item))).output);
  } finally {
    await close();
  }
}

const OVERLAY = ctInstance({
  OverlayRows: { vr: 'US', bytes: Uint8Array.of(4, 0) },
  OverlayColumns: { vr: 'US', bytes: Uint8Array.of(4, 0) },
  OverlayType: 'G',
  OverlayData: { vr: 'OW', bytes: new Uint8Array(2).fill(0xff) },
});

describe('graphics', () => {
  test('the basic profile removes an overlay completely, not just its data', async () => {
    const out = await deidentify(OVERLAY);
    expect(out.tags().filter((tag) => tag >>> 16 === 0x6000)).toEqual([]);
  });

  test('clean-graphics keeps annotations but scrubs their text', async () => {
    const annotated = ctInstance({
      GraphicAnnotationSequence: [{ TextObjectSequence: [{ UnformattedTextValue: 'Lesion, John Doe 12/04/1965', BoundingBoxAnnotationUnits: 'PIXEL' }] }],
    });
    const basic = await deidentify(annotated);
    const cleaned = await deidentify(annotated, { options: ['clean-graphics'] });
    const textOf = (out: DataSet) => stringValue(out.get(makeTag(0x0070, 0x0001))!.items![0]!.get(makeTag(0x0070, 0x0008))!.items![0]!, makeTag(0x0070, 0x0006));
    expect(textOf(basic)).toBe('REMOVED');
    expect(textOf(cleaned)).toBe('Lesion,');
  });
});

describe('UIDs', () => {
  test('another project secret gives unrelated UIDs for the same study', async () => {
    const a = await deidentify(ctInstance());
    const b = await deidentify(ctInstance(), { secret: new Uint8Array(32).fill(0x5a) });
    const again = await deidentify(ctInstance(), { secret: TEST_SECRET });
    const study = makeTag(0x0020, 0x000d);
    expect(stringValue(a, study)).not.toBe(stringValue(b, study));
    expect(stringValue(a, study)).toBe(stringValue(again, study));
  });
});

describe('second stage (whitelist)', () => {
  const profile = {
    id: 'two-stage', version: '1.0.0', title: 'two stages', description: 'test', basis: 'test',
    options: ['retain-patient-characteristics', 'retain-device-identity'],
    pseudonym: { scheme: 'keyed-hash' }, dates: { cleaning: 'shift', shiftDays: { min: -10, max: -1 }, times: 'keep', birthDate: 'table' },
    secondStage: { title: 'keep little', keep: ['PatientAge', 'ReferencedImageSequence', 'ReferencedSOPInstanceUID'] },
  };

  test('keeps only whitelisted attributes and what the object needs, at every depth', async () => {
    const out = await deidentify(
      ctInstance({
        ReferencedImageSequence: [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: '1.2.3.4.5' }],
        Rows: { vr: 'US', bytes: Uint8Array.of(2, 0) },
      }),
      { profileJson: profile },
    );
    expect(stringValue(out, makeTag(0x0010, 0x1010))).toBe('058Y'); // whitelisted
    expect(out.get(makeTag(0x0008, 0x0070))?.value).toHaveLength(0); // Manufacturer: not whitelisted, Type 2 in CT, so emptied
    expect(out.has(makeTag(0x0018, 0x1000))).toBe(false); // Device Serial Number: not whitelisted, Type 3, so removed
    expect(out.has(makeTag(0x0028, 0x0010))).toBe(true); // image pixel description always stays
    expect(stringValue(out, makeTag(0x0008, 0x0016))).toBe('1.2.840.10008.5.1.4.1.1.2');
    const reference = out.get(makeTag(0x0008, 0x1140))!.items![0]!;
    // Inside items codes and UIDs are the reference's structure (Type 1 in its macro): kept; text would be replaced.
    expect(stringValue(reference, makeTag(0x0008, 0x1150))).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(stringValue(reference, makeTag(0x0008, 0x1155))).toMatch(/^2\.25\./);
    expect(stringValue(out, makeTag(0x0012, 0x0062))).toBe('YES'); // provenance is written after the whitelist
  });
});

test('the de-identified output never carries the original meta header', async () => {
  const { engine, close } = await testEngine();
  const result = expectOk(await engine.deidentify(fileOf(ctInstance())));
  await close();
  const text = new TextDecoder('latin1').decode(concatChunks(result.output).subarray(0, 400));
  expect(text).toContain(result.result.sopInstanceUID);
  expect(text).not.toContain('1.2.826.0.1.3680043.8.498.1001');
});

describe('a study whose Patient ID is empty (patient identity unknown)', () => {
  const PATIENT_ID = makeTag(0x0010, 0x0020);
  const unknown = (study: string, sop: string): TestItem => ctInstance({ PatientID: '', StudyInstanceUID: study, SOPInstanceUID: sop });

  test('is kept under a pseudonym keyed on the study: one per study, none shared with another study; report and provenance say so', async () => {
    const { engine, close } = await testEngine();
    try {
      const first = expectOk(await engine.deidentify(fileOf(unknown('1.2.826.0.1.3680043.8.498.7', '1.2.826.0.1.3680043.8.498.71'))));
      const sameStudy = expectOk(await engine.deidentify(fileOf(unknown('1.2.826.0.1.3680043.8.498.7', '1.2.826.0.1.3680043.8.498.72'))));
      const otherStudy = expectOk(await engine.deidentify(fileOf(unknown('1.2.826.0.1.3680043.8.498.8', '1.2.826.0.1.3680043.8.498.81'))));
      const ids = [first, sameStudy, otherStudy].map((result) => stringValue(reread(result.output), PATIENT_ID));
      expect(ids[0]).toMatch(/\S/);
      expect(ids[1]).toBe(ids[0]);
      expect(ids[2]).not.toBe(ids[0]);
      expect(first.notes).toEqual([expect.stringMatching(/^patient identity unknown \(empty Patient ID\)/)]);
      expect(Buffer.from(concatChunks(first.output)).toString('latin1')).toContain('UNKNOWN: pseudonym keyed on the study');
    } finally {
      await close();
    }
  });

  test('a profile that says so withholds it instead', async () => {
    const { engine, close } = await testEngine({ profileJson: { ...loadProfile('ps3.15-basic').profile, id: 'withholds-unknown', unknownPatient: 'withhold' } });
    try {
      expect(await engine.deidentify(fileOf(unknown('1.2.826.0.1.3680043.8.498.7', '1.2.826.0.1.3680043.8.498.71')))).toMatchObject({
        status: 'withheld',
        reason: expect.stringContaining('unknownPatient: withhold'),
      });
    } finally {
      await close();
    }
  });
});
