import {
  concatChunks,
  DataSet,
  dictionaryVR,
  encodeAscii,
  parseDicom,
  sequenceElement,
  tagForKeyword,
  writeDicom,
  type DataElement,
} from '@deid-share/dicom';

/** A test value: a string (VR from the dictionary), raw bytes with a VR, or the items of a sequence. */
export type TestValue = string | { vr: DataElement['vr']; bytes: Uint8Array } | TestItem[];
export interface TestItem {
  [keyword: string]: TestValue;
}

function tagOf(keyword: string): number {
  const tag = tagForKeyword(keyword);
  if (tag === undefined) throw new Error(`test data names unknown keyword ${keyword}`);
  return tag;
}

export function dataSetOf(item: TestItem): DataSet {
  const dataset = new DataSet();
  for (const [keyword, value] of Object.entries(item)) {
    const tag = tagOf(keyword);
    if (Array.isArray(value)) dataset.set(sequenceElement(tag, value.map(dataSetOf)));
    else if (typeof value === 'string') dataset.set({ tag, vr: dictionaryVR(tag), value: encodeAscii(value, dictionaryVR(tag)) });
    else dataset.set({ tag, vr: value.vr, value: value.bytes });
  }
  return dataset;
}

/** A CT-like instance with the usual identifiers, overridable per test. */
export function ctInstance(extra: TestItem = {}): TestItem {
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    SOPInstanceUID: '1.2.826.0.1.3680043.8.498.1001',
    StudyInstanceUID: '1.2.826.0.1.3680043.8.498.1',
    SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.11',
    FrameOfReferenceUID: '1.2.826.0.1.3680043.8.498.111',
    Modality: 'CT',
    PatientName: 'Doe^John',
    PatientID: 'MRN-12345',
    IssuerOfPatientID: 'HOSPITAL-A',
    PatientBirthDate: '19650412',
    PatientSex: 'M',
    PatientAge: '058Y',
    StudyDate: '20230115',
    SeriesDate: '20230115',
    StudyTime: '101500',
    AccessionNumber: 'ACC-777',
    InstitutionName: 'Saint Example Hospital',
    ReferringPhysicianName: 'House^Gregory',
    StudyDescription: 'CT chest for John Doe',
    Manufacturer: 'ACME',
    DeviceSerialNumber: 'SN-0042',
    ...extra,
  };
}

/** Encodes a test instance as a Part 10 file in explicit VR little endian. */
export function fileOf(item: TestItem): Uint8Array {
  return concatChunks(
    writeDicom(dataSetOf(item), { transferSyntaxUID: '1.2.840.10008.1.2.1', implementationClassUID: '1.2.3', implementationVersionName: 'TEST' }),
  );
}

export function reread(chunks: readonly Uint8Array[]): DataSet {
  return parseDicom(concatChunks(chunks)).dataset;
}
