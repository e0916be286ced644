import {
  DataSet,
  encodeAscii,
  makeTag,
  sequenceElement,
  setString,
  type Tag,
} from '@deid-share/dicom';
import { CID_7050 } from '../generated/cid-7050.js';
import type { OptionId } from '../rules/options.js';

export type LongitudinalTemporalInformation = 'MODIFIED' | 'UNMODIFIED' | 'REMOVED';

export interface ProvenanceRecord {
  readonly profileId: string;
  readonly profileVersion: string;
  readonly profileSha256: string;
  readonly tableEdition: string;
  readonly options: readonly OptionId[];
  readonly temporal: LongitudinalTemporalInformation;
  readonly engineVersion: string;
  readonly time: Date;
  readonly jobId: string;
  /** Regions blacked out in the pixels, one line each, when pixel cleaning applied. */
  readonly pixelRegions?: readonly string[];
  /** The Patient ID was empty: the pseudonym stands for the study, not for a known patient. */
  readonly patientIdentityUnknown?: boolean;
  /** What the second stage found and cleaned, one line each (kind, path, what was done; no value). */
  readonly residualCleaned?: readonly string[];
}

const PATIENT_IDENTITY_REMOVED = makeTag(0x0012, 0x0062);
const DEIDENTIFICATION_METHOD = makeTag(0x0012, 0x0063);
const DEIDENTIFICATION_METHOD_CODE_SEQUENCE = makeTag(0x0012, 0x0064);
const LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = makeTag(0x0028, 0x0303);
const CODE_VALUE = makeTag(0x0008, 0x0100);
const CODING_SCHEME_DESIGNATOR = makeTag(0x0008, 0x0102);
const CODE_MEANING = makeTag(0x0008, 0x0104);

/** Our private block: group 0x0013, reserved by this creator in the first free slot. Documented in docs/provenance.md. */
export const PROVENANCE_GROUP = 0x0013;
export const PROVENANCE_CREATOR = 'DEID-SHARE 1';
export const PROVENANCE_ELEMENTS = {
  profileId: 0x01,
  profileSha256: 0x02,
  engineVersion: 0x03,
  time: 0x04,
  jobId: 0x05,
  tableEdition: 0x06,
  options: 0x07,
  pixelRegions: 0x08,
  patientIdentity: 0x09,
  residualCleaned: 0x0a,
} as const;

function codeItem(code: string, meaning: string): DataSet {
  const item = new DataSet();
  setString(item, CODE_VALUE, 'SH', code);
  setString(item, CODING_SCHEME_DESIGNATOR, 'SH', 'DCM');
  setString(item, CODE_MEANING, 'LO', meaning);
  return item;
}

const methodCodeItems = new Map<string, DataSet[]>();

/**
 * CID 7050 codes of the basic profile and of each option applied, in the order the standard lists them. The items
 * are shared between the outputs of one option set: nothing changes a data set after provenance is written.
 */
export function methodCodes(options: readonly OptionId[]): DataSet[] {
  const key = [...options].sort().join(' ');
  let items = methodCodeItems.get(key);
  if (!items) {
    items = CID_7050.filter(([, , option]) => option === 'basic' || options.includes(option as OptionId)).map(([code, meaning]) => codeItem(code, meaning));
    methodCodeItems.set(key, items);
  }
  return items;
}

function dicomDateTime(time: Date): string {
  return time.toISOString().replace(/[-:T]/g, '').replace('Z', '+0000').replace(/\.(\d{3})/, '.$1');
}

function reserveBlock(dataset: DataSet): number {
  for (let block = 0x10; block <= 0xff; block++) {
    if (!dataset.has(makeTag(PROVENANCE_GROUP, block))) return block;
  }
  throw new Error(`no free private block in group ${PROVENANCE_GROUP.toString(16)} for the provenance record`);
}

/**
 * Records what was done, in the standard attributes (0012,0062/0063/0064) and (0028,0303), and in our private
 * block: profile id, the profile's sha-256, engine version, time, job id.
 */
export function writeProvenance(dataset: DataSet, record: ProvenanceRecord): void {
  setString(dataset, PATIENT_IDENTITY_REMOVED, 'CS', 'YES');
  const method = [`deid-share ${record.profileId} ${record.profileVersion}`.slice(0, 64), `DICOM PS3.15 E.1-1 ${record.tableEdition}`];
  setString(dataset, DEIDENTIFICATION_METHOD, 'LO', method.join('\\'));
  dataset.set(sequenceElement(DEIDENTIFICATION_METHOD_CODE_SEQUENCE, methodCodes(record.options)));
  setString(dataset, LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, 'CS', record.temporal);

  const block = reserveBlock(dataset);
  setString(dataset, makeTag(PROVENANCE_GROUP, block), 'LO', PROVENANCE_CREATOR);
  const privateTag = (element: number): Tag => makeTag(PROVENANCE_GROUP, (block << 8) | element);
  setString(dataset, privateTag(PROVENANCE_ELEMENTS.profileId), 'LO', record.profileId);
  setString(dataset, privateTag(PROVENANCE_ELEMENTS.profileSha256), 'LO', record.profileSha256);
  setString(dataset, privateTag(PROVENANCE_ELEMENTS.engineVersion), 'LO', record.engineVersion);
  setString(dataset, privateTag(PROVENANCE_ELEMENTS.time), 'DT', dicomDateTime(record.time));
  setString(dataset, privateTag(PROVENANCE_ELEMENTS.jobId), 'LO', record.jobId.slice(0, 64));
  setString(dataset, privateTag(PROVENANCE_ELEMENTS.tableEdition), 'LO', `PS3.15 ${record.tableEdition}`);
  setString(dataset, privateTag(PROVENANCE_ELEMENTS.options), 'LO', record.options.join('\\'));
  if (record.patientIdentityUnknown) {
    setString(dataset, privateTag(PROVENANCE_ELEMENTS.patientIdentity), 'LO', 'UNKNOWN: pseudonym keyed on the study');
  }
  if (record.pixelRegions?.length) {
    dataset.set({ tag: privateTag(PROVENANCE_ELEMENTS.pixelRegions), vr: 'LT', value: encodeAscii(record.pixelRegions.join('\r\n'), 'LT') });
  }
  if (record.residualCleaned?.length) {
    dataset.set({ tag: privateTag(PROVENANCE_ELEMENTS.residualCleaned), vr: 'LT', value: encodeAscii(record.residualCleaned.join('\r\n'), 'LT') });
  }
}
