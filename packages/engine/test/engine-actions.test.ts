import { concatChunks, makeTag, stringValue, type DataSet } from '@deid-share/dicom';
import { ctInstance, dataSetOf, fileOf, reread, type TestItem } from './support/instance.js';
import { expectOk, testEngine, type TestEngineOptions } from './support/engine.js';

const latin1 = new TextDecoder('latin1');

async function deidentify(item: TestItem, options: TestEngineOptions = {}): Promise<{ out: DataSet; bytes: string }> {
  const { engine, close } = await testEngine(options);
  try {
    const result = expectOk(await engine.deidentify(fileOf(item)));
    return { out: reread(result.output), bytes: latin1.decode(concatChunks(result.output)) };
  } finally {
    await close();
  }
}

const value = (dataset: DataSet, keyword: string): string | undefined => {
  const tags: Record<string, number> = {
    PatientName: 0x00100010, PatientID: 0x00100020, PatientBirthDate: 0x00100030, PatientSex: 0x00100040, PatientAge: 0x00101010,
    AccessionNumber: 0x00080050, InstitutionName: 0x00080080, ReferringPhysicianName: 0x00080090, StudyDescription: 0x00081030,
    StudyDate: 0x00080020, StudyTime: 0x00080030, DeviceSerialNumber: 0x00181000, StudyInstanceUID: 0x0020000d, SOPClassUID: 0x00080016,
    SOPInstanceUID: 0x00080018, IssuerOfPatientID: 0x00100021, Manufacturer: 0x00080070, SeriesDate: 0x00080021, Modality: 0x00080060,
  };
  return stringValue(dataset, tags[keyword]!);
};

describe('basic profile (Table E.1-1 Basic Profile column)', () => {
  test('replaces the patient identity with a pseudonym and never writes the original identifiers', async () => {
    const { out, bytes } = await deidentify(ctInstance());
    expect(value(out, 'PatientID')).toMatch(/^[0-9a-f]{32,64}$/);
    expect(value(out, 'PatientName')).toBe(value(out, 'PatientID'));
    for (const phi of ['Doe', 'MRN-12345', 'ACC-777', 'Saint Example', 'House', '19650412', 'SN-0042', 'HOSPITAL-A']) {
      expect(bytes).not.toContain(phi);
    }
  });

  test('applies Z, X, D and U as the table says and keeps what it does not list', async () => {
    const { out } = await deidentify(ctInstance());
    expect(value(out, 'PatientBirthDate')).toBe(''); // Z
    expect(value(out, 'AccessionNumber')).toBe(''); // Z
    expect(out.has(makeTag(0x0008, 0x1030))).toBe(false); // Study Description: X
    expect(out.has(makeTag(0x0010, 0x1010))).toBe(false); // Patient's Age: X
    expect(value(out, 'InstitutionName')).toBe('REMOVED'); // X/Z/D resolved to D
    expect(value(out, 'StudyInstanceUID')).toMatch(/^2\.25\.\d+$/); // U
    expect(value(out, 'SOPClassUID')).toBe('1.2.840.10008.5.1.4.1.1.2'); // well-known UID kept
    expect(value(out, 'Manufacturer')).toBe('ACME'); // not in the table
  });

  test('records provenance: identity removed, method, CID 7050 codes, temporal information, private block', async () => {
    const { out } = await deidentify(ctInstance(), { options: ['retain-longitudinal-modified-dates', 'clean-descriptors'] });
    expect(stringValue(out, makeTag(0x0012, 0x0062))).toBe('YES');
    expect(stringValue(out, makeTag(0x0012, 0x0063))).toContain('deid-share ps3.15-basic 1.0.0');
    const codes = out.get(makeTag(0x0012, 0x0064))!.items!.map((item) => stringValue(item, makeTag(0x0008, 0x0100)));
    expect(codes).toEqual(['113100', '113105', '113107']);
    expect(stringValue(out, makeTag(0x0028, 0x0303))).toBe('MODIFIED');
    expect(stringValue(out, makeTag(0x0013, 0x0010))).toBe('DEID-SHARE 1');
    expect(stringValue(out, makeTag(0x0013, 0x1002))).toMatch(/^[0-9a-f]{64}$/);
    expect(stringValue(out, makeTag(0x0013, 0x1005))).toBe('test-job');
  });
});

describe('options (Table E.1-1 option columns)', () => {
  test('retain-patient-characteristics keeps age and sex', async () => {
    const { out } = await deidentify(ctInstance(), { options: ['retain-patient-characteristics'] });
    expect(value(out, 'PatientAge')).toBe('058Y');
    expect(value(out, 'PatientSex')).toBe('M');
  });

  test('retain-device-identity and retain-institution-identity keep what they name', async () => {
    const { out } = await deidentify(ctInstance(), { options: ['retain-device-identity', 'retain-institution-identity'] });
    expect(value(out, 'DeviceSerialNumber')).toBe('SN-0042');
    expect(value(out, 'InstitutionName')).toBe('Saint Example Hospital');
  });

  test('retain-uids keeps the original UIDs', async () => {
    const { out } = await deidentify(ctInstance(), { options: ['retain-uids'] });
    expect(value(out, 'StudyInstanceUID')).toBe('1.2.826.0.1.3680043.8.498.1');
  });

  test('retain-longitudinal-full-dates keeps dates, modified-dates shifts them within the configured range', async () => {
    const full = await deidentify(ctInstance(), { options: ['retain-longitudinal-full-dates'] });
    expect(value(full.out, 'StudyDate')).toBe('20230115');
    const modified = await deidentify(ctInstance(), { profile: 'eucanimage' });
    const shifted = value(modified.out, 'StudyDate')!;
    const days = (Date.UTC(2023, 0, 15) - Date.UTC(+shifted.slice(0, 4), +shifted.slice(4, 6) - 1, +shifted.slice(6, 8))) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(30);
    expect(days).toBeLessThanOrEqual(3650);
    expect(value(modified.out, 'StudyTime')).toBe('101500');
  });

  test('clean-descriptors keeps a description but removes the identifiers found in it', async () => {
    const { out } = await deidentify(ctInstance(), { options: ['clean-descriptors'] });
    expect(value(out, 'StudyDescription')).toBe('CT chest for');
  });

  test('clean-structured-content cleans SR text instead of dropping the content', async () => {
    const sr = ctInstance({
      ContentSequence: [{ ValueType: 'TEXT', TextValue: 'Findings for John Doe, call 555-123-4567' }],
    });
    const basic = await deidentify(sr);
    expect(basic.bytes).not.toContain('John');
    const cleaned = await deidentify(sr, { options: ['clean-structured-content'] });
    const item = cleaned.out.get(makeTag(0x0040, 0xa730))!.items![0]!;
    expect(cleaned.bytes).not.toContain('555-123-4567');
    expect(item.has(makeTag(0x0040, 0xa040))).toBe(true);
  });
});

describe('every action code, through profile overrides', () => {
  const profileWith = (action: string) => ({
    id: 'override-test', version: '1.0.0', title: 'override', description: 'test', basis: 'test', options: [],
    pseudonym: { scheme: 'keyed-hash' }, dates: { cleaning: 'shift', shiftDays: { min: -10, max: -10 }, times: 'keep', birthDate: 'table' },
    // Device Serial Number and Series Date are Type 3 in the CT Image IOD: every action shows as written.
    overrides: [{ tag: '(0018,1000)', action, reason: 'test' }, { tag: '(0008,0021)', action, reason: 'test' }],
  });
  test.each([
    ['K', 'SN-0042', '20230115'],
    ['X', undefined, undefined],
    ['Z', '', ''],
    ['D', 'REMOVED', '19000101'],
    ['C', 'SN-0042', '20230105'],
  ])('%s', async (action, serialNumber, seriesDate) => {
    const { out } = await deidentify(ctInstance(), { profileJson: profileWith(action) });
    expect(value(out, 'DeviceSerialNumber')).toBe(serialNumber);
    expect(value(out, 'SeriesDate')).toBe(seriesDate);
  });

  test('X on what the IOD requires: emptied where Type 2, a dummy where Type 1, never removed', async () => {
    const profile = {
      ...profileWith('X'),
      // CT Image: Manufacturer and Study Date are Type 2; Modality is Type 1.
      overrides: [{ tag: '(0008,0070)', action: 'X', reason: 'test' }, { tag: '(0008,0020)', action: 'X', reason: 'test' }, { tag: '(0008,0060)', action: 'X', reason: 'test' }],
    };
    const { out } = await deidentify(ctInstance(), { profileJson: profile });
    expect(value(out, 'Manufacturer')).toBe('');
    expect(value(out, 'StudyDate')).toBe('');
    expect(value(out, 'Modality')).toBe('REMOVED');
  });

  test('U replaces a UID consistently', async () => {
    const profile = { ...profileWith('K'), overrides: [{ tag: '(0020,0052)', action: 'U', reason: 'test' }] };
    const a = await deidentify(ctInstance(), { profileJson: profile });
    const b = await deidentify(ctInstance(), { profileJson: profile });
    const frame = stringValue(a.out, makeTag(0x0020, 0x0052));
    expect(frame).toMatch(/^2\.25\.\d+$/);
    expect(stringValue(b.out, makeTag(0x0020, 0x0052))).toBe(frame);
  });
});

describe('nested sequences', () => {
  test('removes PHI planted three sequences deep', async () => {
    const deep = ctInstance({
      ContentSequence: [{ ContentSequence: [{ ContentSequence: [{ PersonName: 'Doe^John', TextValue: 'Doe John', UID: '1.2.3.4.5.6.7' }] }] }],
    });
    const { out, bytes } = await deidentify(deep);
    expect(bytes).not.toContain('Doe');
    const innermost = out.get(makeTag(0x0040, 0xa730))!.items![0]!.get(makeTag(0x0040, 0xa730))!.items![0]!.get(makeTag(0x0040, 0xa730))!.items![0]!;
    expect(stringValue(innermost, makeTag(0x0040, 0xa123))).toBe('REMOVED');
    expect(stringValue(innermost, makeTag(0x0040, 0xa124))).toMatch(/^2\.25\./);
  });

  test('keeps SR and SEG references intact: a referenced instance maps to the same new UID as the instance itself', async () => {
    const referenced = ctInstance();
    const seg = ctInstance({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.66.4',
      SOPInstanceUID: '1.2.826.0.1.3680043.8.498.9001',
      SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.99',
      ReferencedSeriesSequence: [{ SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.11', ReferencedInstanceSequence: [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: '1.2.826.0.1.3680043.8.498.1001' }] }],
      ContentSequence: [{ ReferencedSOPSequence: [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: '1.2.826.0.1.3680043.8.498.1001' }] }],
    });
    const image = await deidentify(referenced);
    const segmentation = await deidentify(seg);
    const newImageUid = value(image.out, 'SOPInstanceUID');
    const series = segmentation.out.get(makeTag(0x0008, 0x1115))!.items![0]!;
    expect(stringValue(series, makeTag(0x0020, 0x000e))).toBe(stringValue(image.out, makeTag(0x0020, 0x000e)));
    const instance = series.get(makeTag(0x0008, 0x114a))!.items![0]!;
    expect(stringValue(instance, makeTag(0x0008, 0x1155))).toBe(newImageUid);
    expect(stringValue(instance, makeTag(0x0008, 0x1150))).toBe('1.2.840.10008.5.1.4.1.1.2');
    const srRef = segmentation.out.get(makeTag(0x0040, 0xa730))!.items![0]!.get(makeTag(0x0008, 0x1199))!.items![0]!;
    expect(stringValue(srRef, makeTag(0x0008, 0x1155))).toBe(newImageUid);
  });
});

describe('private attributes', () => {
  const withPrivate = (): TestItem => ctInstance();
  function plantPrivate(dataset: DataSet): void {
    const text = (s: string) => new TextEncoder().encode(s.length % 2 ? `${s} ` : s);
    dataset.set({ tag: makeTag(0x0019, 0x0010), vr: 'LO', value: text('GEMS_ACQU_01') });
    dataset.set({ tag: makeTag(0x0019, 0x100f), vr: 'DS', value: text('12.5') }); // k: Horizontal Frame Of Reference
    dataset.set({ tag: makeTag(0x0019, 0x100c), vr: 'US', value: Uint8Array.of(1, 0) }); // d
    dataset.set({ tag: makeTag(0x0009, 0x0010), vr: 'LO', value: text('GEMS_IDEN_01') });
    dataset.set({ tag: makeTag(0x0009, 0x10e3), vr: 'UI', value: text('1.2.3.4.5.6') }); // h
    dataset.set({ tag: makeTag(0x0011, 0x0010), vr: 'LO', value: text('UNKNOWN VENDOR') });
    dataset.set({ tag: makeTag(0x0011, 0x1001), vr: 'LO', value: text('Doe^John') }); // not in the knowledge base
  }

  async function run(options: TestEngineOptions) {
    const { engine, close } = await testEngine(options);
    const dataset = dataSetOf(withPrivate());
    plantPrivate(dataset);
    const { writeDicom } = await import('@deid-share/dicom');
    const bytes = concatChunks(writeDicom(dataset, { transferSyntaxUID: '1.2.840.10008.1.2.1', implementationClassUID: '1.2.3', implementationVersionName: 'T' }));
    const result = expectOk(await engine.deidentify(bytes));
    await close();
    return reread(result.output);
  }

  test('the basic profile removes every private element and creator', async () => {
    const out = await run({});
    expect(out.tags().filter((tag) => (tag >>> 16) % 2 === 1 && tag >>> 16 !== 0x0013)).toEqual([]);
  });

  test('retain-safe-private keeps what the TCIA knowledge base marks safe, hashes h, removes the rest', async () => {
    const out = await run({ options: ['retain-safe-private'] });
    expect(stringValue(out, makeTag(0x0019, 0x100f))).toBe('12.5');
    expect(out.has(makeTag(0x0019, 0x100c))).toBe(false);
    expect(stringValue(out, makeTag(0x0009, 0x10e3))).toMatch(/^2\.25\./);
    expect(out.has(makeTag(0x0011, 0x1001))).toBe(false);
    expect(out.has(makeTag(0x0011, 0x0010))).toBe(false);
  });
});

describe('fail closed', () => {
  test('refuses bytes that are not DICOM, naming the problem', async () => {
    const { engine, close } = await testEngine();
    const result = await engine.deidentify(new TextEncoder().encode('this is not a DICOM file at all, just text'));
    await close();
    expect(result.status).toBe('refused');
  });

  test('refuses a truncated file', async () => {
    const { engine, close } = await testEngine();
    const whole = fileOf(ctInstance());
    const result = await engine.deidentify(whole.subarray(0, whole.length - 7));
    await close();
    expect(result).toMatchObject({ status: 'refused' });
  });

  test.each([
    [{ BurnedInAnnotation: 'YES' }, /Burned In Annotation/],
    [{ Modality: 'US', SOPClassUID: '1.2.840.10008.5.1.4.1.1.6.1' }, /burned-in text/],
    [{ SOPClassUID: '1.2.840.10008.5.1.4.1.1.104.1', Modality: 'DOC' }, /encapsulated document/],
  ])('withholds what it cannot make safe: %o', async (extra, reason) => {
    const { engine, close } = await testEngine();
    const result = await engine.deidentify(fileOf(ctInstance(extra)));
    await close();
    expect(result.status).toBe('withheld');
    expect(result.status !== 'ok' && result.reason).toMatch(reason);
  });
});

describe('change log (previews)', () => {
  test('lists what leaves: the pseudonym for the patient, and each table action with its rule', async () => {
    const { engine, close } = await testEngine();
    const result = expectOk(await engine.deidentify(fileOf(ctInstance()), { recordChanges: true }));
    await close();
    const row = (tag: string) => result.changes!.filter((change) => change.path === tag);
    expect(row('(0010,0010)')).toEqual([
      expect.objectContaining({ keyword: 'PatientName', original: 'Doe^John', result: result.result.patientId, action: 'replaced', rule: 'pseudonym (keyed-hash)' }),
    ]);
    expect(row('(0008,0050)')).toEqual([expect.objectContaining({ original: 'ACC-777', result: '', action: 'emptied', rule: expect.stringContaining('Table E.1-1') })]);
    expect(row('(0008,1030)')).toEqual([expect.objectContaining({ original: 'CT chest for John Doe', result: null, action: 'removed' })]);
  });
});
