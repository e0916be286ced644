import { encodeAscii, wordSize, type VR } from '@deid-share/dicom';

/** The placeholder text for replaced string values: recognisable, and short enough for every string VR. */
export const DUMMY_TEXT = 'REMOVED';

const DUMMY_STRINGS: Partial<Record<VR, string>> = {
  AE: 'REMOVED',
  AS: '000Y',
  CS: 'REMOVED',
  DA: '19000101',
  DS: '0',
  DT: '19000101000000',
  IS: '0',
  LO: DUMMY_TEXT,
  LT: DUMMY_TEXT,
  PN: 'REMOVED',
  SH: DUMMY_TEXT,
  ST: DUMMY_TEXT,
  TM: '000000',
  UC: DUMMY_TEXT,
  UR: 'urn:deid-share:removed',
  UT: DUMMY_TEXT,
};

/**
 * A non-zero-length value valid for the VR (action D). Binary values become zeros of the original length so that
 * multiplicity and alignment stay valid. UI and SQ never reach here: UIDs are remapped and sequences cleaned.
 */
export function dummyValue(vr: VR, original: Uint8Array, fixedDate?: string): Uint8Array {
  if (vr === 'DA' && fixedDate) return encodeAscii(fixedDate, vr);
  const text = DUMMY_STRINGS[vr];
  if (text !== undefined) return encodeAscii(text, vr);
  return new Uint8Array(Math.max(original.length, wordSize(vr) ?? 2));
}

/** Whether a string value is the dummy text of its VR (what action D writes), padding aside. */
export function isDummyValue(element: { vr: VR; value: Uint8Array }): boolean {
  const text = DUMMY_STRINGS[element.vr];
  return text !== undefined && new TextDecoder('latin1').decode(element.value).replace(/[ \0]+$/, '') === text;
}
