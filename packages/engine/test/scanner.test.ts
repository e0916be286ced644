import { concatChunks, DataSet, encodeAscii, makeTag, parseDicom, sequenceElement, stringValue, writeDicom } from '@deid-share/dicom';
import { IdentifierSet, ScanExceptions, scanForResidualPhi, type ScanFinding } from '@deid-share/engine';
import { ctInstance, dataSetOf, fileOf, type TestItem } from './support/instance.js';
import { expectOk, testEngine, type TestEngineOptions } from './support/engine.js';

const ORIGINAL = dataSetOf(ctInstance());
const identifiers = IdentifierSet.fromDataSet(ORIGINAL);
const PSEUDONYMS = new Set(['a1b2c3d4']);

function scan(item: TestItem, options: { withOriginal?: boolean; exceptions?: ScanExceptions } = {}): ScanFinding[] {
  return scanForResidualPhi(dataSetOf(item), {
    ...(options.withOriginal === false ? {} : { identifiers }),
    pseudonyms: PSEUDONYMS,
    ...(options.exceptions ? { exceptions: options.exceptions } : {}),
  });
}

const where = (findings: readonly ScanFinding[]): string[] => findings.map((finding) => `${finding.kind} ${finding.path}`).sort();

describe('identifiers of the original instance', () => {
  test('are found as whole words in descriptors, case-insensitively, at any depth', () => {
    const findings = scan({
      StudyDescription: 'CT chest for JOHN DOE',
      ContentSequence: [{ ContentSequence: [{ ContentSequence: [{ TextValue: 'Referred by Dr House, acc ACC-777' }] }] }],
    });
    expect(where(findings)).toEqual([
      'accession-number (0040,A730)[0].(0040,A730)[0].(0040,A730)[0].(0040,A160)',
      'patient-name (0008,1030)',
      'staff-name (0040,A730)[0].(0040,A730)[0].(0040,A730)[0].(0040,A160)',
    ]);
  });

  test('are not found inside longer words, UIDs or hashes', () => {
    const original = dataSetOf(ctInstance({ PatientName: 'Head^Ann', PatientID: '12345' }));
    const findings = scanForResidualPhi(
      dataSetOf({ SeriesDescription: 'Forehead scan', StudyInstanceUID: '2.25.112345987', ImageComments: 'hash 9912345ab' }),
      { identifiers: IdentifierSet.fromDataSet(original), pseudonyms: PSEUDONYMS },
    );
    expect(findings).toEqual([]);
  });

  test('the birth date is found in free text in its common spellings, and in a Patient Birth Date left as it was', () => {
    expect(where(scan({ ImageComments: 'born 12.04.1965', PatientBirthDate: '19650412' }))).toEqual([
      'birth-date (0010,0030)',
      'birth-date (0020,4000)',
      'date-in-text (0020,4000)',
    ]);
  });

  test('shifted dates in DA/DT, pseudonyms, dummies and placeholders are not findings', () => {
    const findings = scan({
      PatientID: 'a1b2c3d4',
      PatientName: 'a1b2c3d4',
      StudyDate: '20130512',
      AcquisitionDateTime: '20130512101500',
      InstitutionName: 'REMOVED',
      ReferringPhysicianName: 'REMOVED',
      OperatorsName: 'Anonymous^Operator',
    });
    expect(where(findings)).toEqual(['person-name (0008,1070)']);
  });

  test('the provenance the engine writes is not scanned', () => {
    const dataset = dataSetOf({ DeidentificationMethod: 'deid-share tcia 1.0.0 2023-01-15' });
    dataset.set({ tag: makeTag(0x0013, 0x0010), vr: 'LO', value: encodeAscii('DEID-SHARE 1', 'LO') });
    dataset.set({ tag: makeTag(0x0013, 0x1005), vr: 'LO', value: encodeAscii('cli-1234-5678-9012-3456', 'LO') });
    expect(scanForResidualPhi(dataset, { identifiers, pseudonyms: PSEUDONYMS })).toEqual([]);
  });
});

describe('patterns (without the original)', () => {
  test.each([
    ['year-month-day date', 'follow-up on 2021-03-04'],
    ['day-month-year date', 'seen 04/03/2021'],
    ['DICOM-style date (YYYYMMDD)', 'prior 20210304'],
    ['date with a month name', 'prior exam 4 March 2021'],
    ['date with a month name', 'born 12-APR-1965'],
    ['e-mail address', 'contact jane.roe@example.org'],
    ['international phone number', 'call +31 20 555 0101'],
    ['North American phone number', 'pager (555) 123-4567'],
    ['labelled phone number', 'Tel: 5550101'],
    ['US social security number', 'SSN 219-09-9999'],
    ['UK NHS number', 'NHS 943 476 5919'],
    ['Swedish personnummer', 'pnr 811218-9876'],
    ['French NIR', 'NIR 2 55 08 14 168 025 38'],
    ['Spanish DNI/NIE', 'DNI 12345678Z'],
    ['Italian codice fiscale', 'CF RSSMRA85T10A562S'],
    ['Dutch BSN (labelled)', 'BSN: 111222333'],
  ])('%s', (name, text) => {
    const findings = scan({ ImageComments: text }, { withOriginal: false });
    expect(findings.map((finding) => finding.how)).toContain(name);
  });

  test.each([
    ['a phone number', '+31 20 555 0101', 'phone-number'],
    ['a date', '12.04.1965', 'date-in-text'],
    ['a social security number', '219-09-9999', 'national-id'],
  ])('%s that is the whole value is found too', (_, text, kind) => {
    expect(where(scan({ ImageComments: text }, { withOriginal: false }))).toEqual([`${kind} (0020,4000)`]);
  });

  test.each([
    ['a UID list', '1.2.826.0.1.3680043.8.498.20040119\\1.2.3.4.5'],
    ['a version number', 'V3.51*P25 build 1.2.840'],
    ['a list of numbers', '512\\512\\0.5\\0.5'],
    ['a git remote', 'git@github.com:QIICR/dcmqi.git'],
    ['a version-control stamp', 'MR $Id: datadefs,v 5.27 2004/10/18 06:50:'],
    ['a number that fails its check digit', 'NHS 943 476 5910'],
    ['an impossible date', '2021-13-45'],
  ])('no finding in %s', (_, text) => {
    expect(scan({ SoftwareVersions: text }, { withOriginal: false })).toEqual([]);
  });

  test('a code value shaped like a date is a code, not a date', () => {
    expect(scan({ ConceptNameCodeSequence: [{ CodeValue: '5.6.3-9-11', CodingSchemeDesignator: 'SCPECG' }] }, { withOriginal: false })).toEqual([]);
  });

  test('a person name that is neither a pseudonym nor a placeholder is a finding, codes and pseudonyms are not', () => {
    const findings = scan({ PerformingPhysicianName: 'Roe^Jane', OperatorsName: 'OP1', PatientName: 'a1b2c3d4', ReferringPhysicianName: 'REMOVED' }, { withOriginal: false });
    expect(where(findings)).toEqual(['person-name (0008,1050)']);
  });
});

describe('encapsulated documents and binary values', () => {
  test('the original patient name in a PDF page, and an e-mail in its metadata, are findings', () => {
    const pdf = '%PDF-1.4\n1 0 obj << /Author (jane.roe@example.org) >> endobj\nBT [(Report for J)20(ohn Doe)] TJ ET\n%%EOF';
    const dataset = dataSetOf({ MIMETypeOfEncapsulatedDocument: 'application/pdf' });
    dataset.set({ tag: makeTag(0x0042, 0x0011), vr: 'OB', value: encodeAscii(pdf, 'OB') });
    expect(where(scanForResidualPhi(dataset, { identifiers, pseudonyms: PSEUDONYMS }))).toEqual(['e-mail (0042,0011)', 'patient-name (0042,0011)']);
  });

  test('the original patient ID inside a private binary blob is a finding, named by creator', () => {
    const dataset = dataSetOf({});
    dataset.set({ tag: makeTag(0x0029, 0x0010), vr: 'LO', value: encodeAscii('ACME BLOB', 'LO') });
    dataset.set({ tag: makeTag(0x0029, 0x1020), vr: 'OB', value: Uint8Array.from([0, 1, 2, ...encodeAscii('id=MRN-12345;', 'OB'), 0]) });
    expect(where(scanForResidualPhi(dataset, { identifiers, pseudonyms: PSEUDONYMS }))).toEqual(['patient-id (0029,"ACME BLOB",20)']);
  });
});

describe('exceptions', () => {
  const exceptions = new ScanExceptions([
    { path: '(0018,1020)', kind: 'date-in-text', reason: 'build dates of our scanners' },
    { path: '(0040,A730)[*].**.(0040,A160)', kind: 'date-in-text', reason: 'dates of prior studies in SR were checked by hand' },
  ]);

  test('allow exactly the documented kind at the documented paths', () => {
    const findings = scan(
      {
        SoftwareVersions: 'build 2004-10-18',
        ImageComments: 'prior 2004-10-18',
        ContentSequence: [{ ContentSequence: [{ TextValue: 'prior 2004-10-18, Doe' }] }],
      },
      { exceptions },
    );
    expect(where(findings)).toEqual(['date-in-text (0020,4000)', 'patient-name (0040,A730)[0].(0040,A730)[0].(0040,A160)']);
  });
});

async function deidentify(item: TestItem, options: TestEngineOptions) {
  const { engine, close } = await testEngine(options);
  try {
    return await engine.deidentify(fileOf(item));
  } finally {
    await close();
  }
}

/** A GE identification block: element 04 is known safe (kept by retain-safe-private), 02 is not. */
function withGePrivateBlock(item: TestItem, value04: string): Uint8Array {
  const { dataset } = parseDicom(fileOf(item));
  dataset.set({ tag: makeTag(0x0009, 0x0010), vr: 'LO', value: encodeAscii('GEMS_IDEN_01', 'LO') });
  dataset.set({ tag: makeTag(0x0009, 0x1004), vr: 'LO', value: encodeAscii(value04, 'LO') });
  dataset.set({ tag: makeTag(0x0009, 0x1002), vr: 'LO', value: encodeAscii('Doe John', 'LO') });
  return concatChunks(writeDicom(dataset, { transferSyntaxUID: '1.2.840.10008.1.2.1', implementationClassUID: '1.2.3', implementationVersionName: 'TEST' }));
}

const tooPermissive = (overrides: object[], extra: object = {}) => ({
  id: 'keeps-too-much',
  version: '1.0.0',
  title: 'keeps too much',
  description: 'test profile',
  basis: 'test',
  options: [],
  pseudonym: { scheme: 'keyed-hash' },
  dates: { cleaning: 'shift', shiftDays: { min: -10, max: -1 }, times: 'keep', birthDate: 'table' },
  overrides,
  ...extra,
});

describe('the engine cleans what a profile left identifiable, as X/Z/D would', () => {
  const bytesOf = (result: Awaited<ReturnType<typeof deidentify>>): string => Buffer.from(concatChunks(expectOk(result).output)).toString('latin1');

  test('a profile that keeps names and descriptions: Type 2 emptied, Type 3 removed, recorded, no value left', async () => {
    const profile = tooPermissive([
      { tag: '(0008,0090)', action: 'K', reason: 'test: keeps the referring physician' },
      { tag: '(0008,1030)', action: 'K', reason: 'test: keeps the study description' },
    ]);
    const { engine, close } = await testEngine({ profileJson: profile });
    try {
      const result = expectOk(await engine.deidentify(fileOf(ctInstance()), { recordChanges: true }));
      const out = parseDicom(concatChunks(result.output)).dataset;
      expect(out.get(makeTag(0x0008, 0x0090))?.value.length).toBe(0); // Referring Physician's Name: Type 2 in the CT Image IOD
      expect(out.has(makeTag(0x0008, 0x1030))).toBe(false); // Study Description: Type 3
      expect(result.notes).toEqual([
        'second stage cleaned staff-name, person-name in (0008,0090): emptied (Type 2)',
        'second stage cleaned patient-name in (0008,1030): removed (Type 3)',
      ]);
      expect(result.changes).toEqual(expect.arrayContaining([
        expect.objectContaining({ path: '(0008,1030)', action: 'removed', rule: expect.stringMatching(/^second stage: patient-name found, cleaned as X\/Z\/D/) }),
      ]));
      const text = bytesOf(result);
      expect(text).toContain('patient-name in (0008,1030): removed (Type 3)'); // provenance (0013,xx0A)
      for (const phi of ['Doe', 'John', 'House', 'Gregory']) expect(text).not.toContain(phi);
    } finally {
      await close();
    }
  });

  test('a Type 1 value gets a dummy; one no dummy fits (defined terms, CS) withholds the instance, saying why', async () => {
    const profile = tooPermissive([]);
    const coded = ctInstance({ AnatomicRegionSequence: [{ CodeValue: 'T-D3000', CodingSchemeDesignator: 'SRT', CodeMeaning: 'Chest of John Doe' }] });
    const cleaned = parseDicom(concatChunks(expectOk(await deidentify(coded, { profileJson: profile })).output)).dataset;
    const item = cleaned.get(makeTag(0x0008, 0x2218))!.items![0]!;
    expect(stringValue(item, makeTag(0x0008, 0x0104))).toBe('REMOVED');
    const result = await deidentify(ctInstance({ ImageType: 'ORIGINAL\\PRIMARY\\DOE' }), { profileJson: profile });
    expect(result).toMatchObject({ status: 'withheld', reason: expect.stringContaining('patient-name in (0008,0008) (value of the original instance; not cleanable: Type 1 CS') });
  });

  test('retain-safe-private keeps a known-safe vendor element that holds the patient name: that element is removed', async () => {
    const { engine, close } = await testEngine({ options: ['retain-safe-private'] });
    try {
      const leaky = expectOk(await engine.deidentify(withGePrivateBlock(ctInstance(), 'John Doe')));
      expect(leaky.notes).toEqual(['second stage cleaned patient-name in (0009,"GEMS_IDEN_01",04): removed (Type 3)']);
      expect(Buffer.from(concatChunks(leaky.output)).toString('latin1')).not.toContain('John Doe');
      expect(expectOk(await engine.deidentify(withGePrivateBlock(ctInstance(), 'PRODUCT 7'))).notes).toBeUndefined();
    } finally {
      await close();
    }
  });

  test('a documented exception lets the instance through', async () => {
    const profile = tooPermissive([{ tag: '(0008,1030)', action: 'K', reason: 'test: keeps the study description' }], {
      scanExceptions: [{ path: '(0008,1030)', kind: 'patient-name', reason: 'test: reviewed' }],
    });
    expectOk(await deidentify(ctInstance(), { profileJson: profile }));
  });

  test('the preset profiles let a typical instance through', async () => {
    for (const profile of ['ps3.15-basic', 'tcia', 'eucanimage', 'health-ri-strict']) {
      expectOk(await deidentify(ctInstance({ ImageComments: 'no contrast', SeriesDescription: 'AX 5mm' }), { profile }));
    }
  });
});

test('sequence values are visited with their item index', () => {
  const dataset = new DataSet();
  const item = dataSetOf({ PersonName: 'Roe^Jane' });
  dataset.set(sequenceElement(makeTag(0x0040, 0xa730), [new DataSet(), item]));
  expect(where(scanForResidualPhi(dataset, { pseudonyms: PSEUDONYMS }))).toEqual(['person-name (0040,A730)[1].(0040,A123)']);
});
